from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'cloudwatch.tf.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_n = resolve('n')
    l_0_spec = resolve('spec')
    l_0_interp = resolve('interp')
    l_0_expr = resolve('expr')
    try:
        t_1 = environment.filters['hcl']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'hcl' found.")
    try:
        t_2 = environment.filters['int']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'int' found.")
    try:
        t_3 = environment.filters['label']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'label' found.")
    try:
        t_4 = environment.filters['round']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'round' found.")
    pass
    yield 'resource "aws_sns_topic" "alerts" {\n  name = '
    yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'alerts_topic')))
    yield '\n}\n\nlocals {\n  alert_email_endpoints = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'email_endpoints')))
    yield '\n}\n\n# Each address must confirm the subscription from the mail AWS sends.\nresource "aws_sns_topic_subscription" "alerts_email" {\n  for_each  = toset(local.alert_email_endpoints)\n  topic_arn = aws_sns_topic.alerts.arn\n  protocol  = "email"\n  endpoint  = each.value\n}\n\n# ECS CPU utilization\nresource "aws_cloudwatch_metric_alarm" "ecs_cpu_high" {\n  alarm_name          = '
    yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), str_join((environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'service'), 'name'), '-cpu-high', )))))
    yield '\n  comparison_operator = "GreaterThanThreshold"\n  evaluation_periods  = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'ecs_cpu_high'), 'evaluation_periods')))
    yield '\n  metric_name         = "CPUUtilization"\n  namespace           = "AWS/ECS"\n  period              = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'ecs_cpu_high'), 'period')))
    yield '\n  statistic           = "Average"\n  threshold           = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'ecs_cpu_high'), 'threshold')))
    yield '\n\n  dimensions = {\n    ClusterName = aws_ecs_cluster.'
    yield str(t_3(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'label')))
    yield '.name\n    ServiceName = aws_ecs_service.backend.name\n  }\n\n  alarm_actions = [aws_sns_topic.alerts.arn]\n}\n\n# RDS CPU utilization\nresource "aws_cloudwatch_metric_alarm" "rds_cpu_high" {\n  alarm_name          = '
    yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'rds-cpu-high')))
    yield '\n  comparison_operator = "GreaterThanThreshold"\n  evaluation_periods  = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'rds_cpu_high'), 'evaluation_periods')))
    yield '\n  metric_name         = "CPUUtilization"\n  namespace           = "AWS/RDS"\n  period              = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'rds_cpu_high'), 'period')))
    yield '\n  statistic           = "Average"\n  threshold           = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'rds_cpu_high'), 'threshold')))
    yield '\n\n  dimensions = {\n    DBInstanceIdentifier = aws_db_instance.postgres.identifier\n  }\n\n  alarm_actions = [aws_sns_topic.alerts.arn]\n}\n\n# Redis memory, one alarm per node: ElastiCache publishes it per cache cluster\n# (the group\'s members are `<group>-001`, `-002`, ...), not per replication group.\nresource "aws_cloudwatch_metric_alarm" "redis_memory_high" {\n  count               = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'cache'), 'num_cache_clusters')))
    yield '\n  alarm_name          = '
    yield str(t_1(context.call((undefined(name='interp') if l_0_interp is missing else l_0_interp), context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'redis-memory-high-'), context.call((undefined(name='expr') if l_0_expr is missing else l_0_expr), 'count.index + 1'))))
    yield '\n  comparison_operator = "GreaterThanThreshold"\n  evaluation_periods  = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'redis_memory_high'), 'evaluation_periods')))
    yield '\n  metric_name         = "DatabaseMemoryUsagePercentage"\n  namespace           = "AWS/ElastiCache"\n  period              = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'redis_memory_high'), 'period')))
    yield '\n  statistic           = "Average"\n  threshold           = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'redis_memory_high'), 'threshold')))
    yield '\n\n  dimensions = {\n    CacheClusterId = format("%s-%03d", aws_elasticache_replication_group.redis.id, count.index + 1)\n  }\n\n  alarm_actions = [aws_sns_topic.alerts.arn]\n}\n\n# Replica lag, one alarm per read replica\nresource "aws_cloudwatch_metric_alarm" "rds_replica_lag" {\n  count               = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'read_replicas'), 'count')))
    yield '\n  alarm_name          = '
    yield str(t_1(context.call((undefined(name='interp') if l_0_interp is missing else l_0_interp), context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'rds-replica-'), context.call((undefined(name='expr') if l_0_expr is missing else l_0_expr), 'count.index + 1'), '-lag')))
    yield '\n  comparison_operator = "GreaterThanThreshold"\n  evaluation_periods  = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'rds_replica_lag'), 'evaluation_periods')))
    yield '\n  metric_name         = "ReplicaLag"\n  namespace           = "AWS/RDS"\n  period              = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'rds_replica_lag'), 'period')))
    yield '\n  statistic           = "Maximum"\n  threshold           = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'rds_replica_lag'), 'threshold')))
    yield '\n\n  dimensions = {\n    DBInstanceIdentifier = aws_db_instance.postgres_replica[count.index].identifier\n  }\n\n  alarm_actions = [aws_sns_topic.alerts.arn]\n}\n\n'
    if environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'replicates_from'):
        pass
        yield '# How far this region\'s cross-region replica is behind the writer in its region: what a\n# failover to it would lose (RUNBOOK.md: lose the primary region). ReplicaLag is in seconds (RDS User\n# Guide, "Monitoring read replication").\nresource "aws_cloudwatch_metric_alarm" "rds_cross_region_lag" {\n  alarm_name          = '
        yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'rds-cross-region-lag')))
        yield '\n  comparison_operator = "GreaterThanThreshold"\n  evaluation_periods  = '
        yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'rds_replica_lag'), 'evaluation_periods')))
        yield '\n  metric_name         = "ReplicaLag"\n  namespace           = "AWS/RDS"\n  period              = '
        yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'rds_replica_lag'), 'period')))
        yield '\n  statistic           = "Maximum"\n  threshold           = '
        yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'rds_replica_lag'), 'threshold')))
        yield '\n\n  dimensions = {\n    DBInstanceIdentifier = aws_db_instance.postgres.identifier\n  }\n\n  alarm_actions = [aws_sns_topic.alerts.arn]\n}\n\n'
    yield '# The alarms below see an outage the document\'s three do not (sagegen\'s addition). Metric names and\n# dimension sets: Elastic Load Balancing User Guide, "CloudWatch metrics for your Application Load\n# Balancer" (target metrics per LoadBalancer + TargetGroup); a period without requests has no data,\n# which is no outage.\nresource "aws_cloudwatch_metric_alarm" "alb_5xx" {\n  alarm_name          = '
    yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'alb-5xx')))
    yield '\n  alarm_description   = "5xx answers of the load balancer itself: no healthy or answering task"\n  comparison_operator = "GreaterThanThreshold"\n  evaluation_periods  = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'alb_5xx'), 'evaluation_periods')))
    yield '\n  metric_name         = "HTTPCode_ELB_5XX_Count"\n  namespace           = "AWS/ApplicationELB"\n  period              = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'alb_5xx'), 'period')))
    yield '\n  statistic           = "Sum"\n  threshold           = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'alb_5xx'), 'threshold')))
    yield '\n  treat_missing_data  = "notBreaching"\n\n  dimensions = {\n    LoadBalancer = aws_lb.main.arn_suffix\n  }\n\n  alarm_actions = [aws_sns_topic.alerts.arn]\n}\n\nresource "aws_cloudwatch_metric_alarm" "target_5xx" {\n  alarm_name          = '
    yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), str_join((environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'service'), 'name'), '-5xx', )))))
    yield '\n  alarm_description   = "5xx answers of the backend\'s tasks"\n  comparison_operator = "GreaterThanThreshold"\n  evaluation_periods  = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'target_5xx'), 'evaluation_periods')))
    yield '\n  metric_name         = "HTTPCode_Target_5XX_Count"\n  namespace           = "AWS/ApplicationELB"\n  period              = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'target_5xx'), 'period')))
    yield '\n  statistic           = "Sum"\n  threshold           = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'target_5xx'), 'threshold')))
    yield '\n  treat_missing_data  = "notBreaching"\n\n  dimensions = {\n    LoadBalancer = aws_lb.main.arn_suffix\n    TargetGroup  = aws_lb_target_group.backend.arn_suffix\n  }\n\n  alarm_actions = [aws_sns_topic.alerts.arn]\n}\n\nresource "aws_cloudwatch_metric_alarm" "unhealthy_hosts" {\n  alarm_name          = '
    yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), str_join((environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'service'), 'name'), '-unhealthy', )))))
    yield '\n  alarm_description   = "Tasks failing the load balancer\'s health check"\n  comparison_operator = "GreaterThanThreshold"\n  evaluation_periods  = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'unhealthy_hosts'), 'evaluation_periods')))
    yield '\n  metric_name         = "UnHealthyHostCount"\n  namespace           = "AWS/ApplicationELB"\n  period              = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'unhealthy_hosts'), 'period')))
    yield '\n  statistic           = "Maximum"\n  threshold           = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'unhealthy_hosts'), 'threshold')))
    yield '\n  treat_missing_data  = "notBreaching"\n\n  dimensions = {\n    LoadBalancer = aws_lb.main.arn_suffix\n    TargetGroup  = aws_lb_target_group.backend.arn_suffix\n  }\n\n  alarm_actions = [aws_sns_topic.alerts.arn]\n}\n'
    if environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'service'), 'container_insights'):
        pass
        yield '\n# ECS publishes the running task count with Container Insights only (Amazon ECS Developer Guide,\n# "Amazon ECS Container Insights metrics": RunningTaskCount, ClusterName + ServiceName). No data means\n# no task reports at all: that is the outage this alarm is for.\nresource "aws_cloudwatch_metric_alarm" "running_tasks" {\n  alarm_name          = '
        yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), str_join((environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'service'), 'name'), '-running-tasks', )))))
        yield '\n  alarm_description   = "Fewer backend tasks running than expected"\n  comparison_operator = "LessThanThreshold"\n  evaluation_periods  = '
        yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'running_tasks'), 'evaluation_periods')))
        yield '\n  metric_name         = "RunningTaskCount"\n  namespace           = "ECS/ContainerInsights"\n  period              = '
        yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'running_tasks'), 'period')))
        yield '\n  statistic           = "Minimum"\n  threshold           = '
        yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'running_tasks'), 'threshold')))
        yield '\n  treat_missing_data  = "breaching"\n\n  dimensions = {\n    ClusterName = aws_ecs_cluster.'
        yield str(t_3(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'label')))
        yield '.name\n    ServiceName = aws_ecs_service.backend.name\n  }\n\n  alarm_actions = [aws_sns_topic.alerts.arn]\n}\n'
    yield '\n# FreeStorageSpace is in bytes (RDS User Guide, "Amazon CloudWatch metrics for Amazon RDS"): the\n# threshold is database.allocated_storage GiB times alarms.rds_free_storage.free_percent. RDS grows\n# the storage itself at 10% free while database.max_allocated_storage allows; past that ceiling, or\n# with it off, this alarm is what says a full disk is coming.\nresource "aws_cloudwatch_metric_alarm" "rds_free_storage" {\n  alarm_name          = '
    yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'rds-free-storage-low')))
    yield '\n  alarm_description   = "The database\'s free storage is running out"\n  comparison_operator = "LessThanThreshold"\n  evaluation_periods  = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'rds_free_storage'), 'evaluation_periods')))
    yield '\n  metric_name         = "FreeStorageSpace"\n  namespace           = "AWS/RDS"\n  period              = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'rds_free_storage'), 'period')))
    yield '\n  statistic           = "Minimum"\n  threshold           = '
    yield str(t_1(t_2(t_4((((environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'allocated_storage') * 1073741824) * environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'alarms'), 'rds_free_storage'), 'free_percent')) / 100)))))
    yield '\n\n  dimensions = {\n    DBInstanceIdentifier = aws_db_instance.postgres.identifier\n  }\n\n  alarm_actions = [aws_sns_topic.alerts.arn]\n}\n'

blocks = {}
debug_info = '2=40&6=42&19=44&21=46&24=48&26=50&29=52&38=54&40=56&43=58&45=60&57=62&58=64&60=66&63=68&65=70&76=72&77=74&79=76&82=78&84=80&93=82&98=85&100=87&103=89&105=91&120=94&123=96&126=98&128=100&139=102&142=104&145=106&147=108&159=110&162=112&165=114&167=116&177=118&183=121&186=123&189=125&191=127&195=129&208=132&211=134&214=136&216=138'