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
        t_2 = environment.filters['label']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'label' found.")
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
    yield str(t_2(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'label')))
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
    yield '\n\n  dimensions = {\n    DBInstanceIdentifier = aws_db_instance.postgres_replica[count.index].identifier\n  }\n\n  alarm_actions = [aws_sns_topic.alerts.arn]\n}\n'

blocks = {}
debug_info = '2=28&6=30&19=32&21=34&24=36&26=38&29=40&38=42&40=44&43=46&45=48&57=50&58=52&60=54&63=56&65=58&76=60&77=62&79=64&82=66&84=68'