from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'ecs.tf.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_n = resolve('n')
    l_0_spec = resolve('spec')
    l_0_container_definitions = resolve('container_definitions')
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
    try:
        t_3 = environment.filters['string']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'string' found.")
    pass
    yield 'resource "aws_ecs_cluster" '
    yield str(t_1(t_2(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'label'))))
    yield ' {\n  name = '
    yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'cluster')))
    yield '\n\n  setting {\n    name  = "containerInsights"\n    value = '
    yield str(t_1(('enabled' if environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'service'), 'container_insights') else 'disabled')))
    yield '\n  }\n}\n\nresource "aws_cloudwatch_log_group" "backend" {\n  name              = '
    yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'log_group')))
    yield '\n  retention_in_days = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'service'), 'log_retention_days')))
    yield '\n}\n\nresource "aws_ecs_task_definition" "backend" {\n  family                   = '
    yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'service')))
    yield '\n  network_mode             = "awsvpc"\n  requires_compatibilities = ["FARGATE"]\n  cpu                      = '
    yield str(t_1(t_3(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'service'), 'cpu'))))
    yield '\n  memory                   = '
    yield str(t_1(t_3(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'service'), 'memory'))))
    yield '\n  execution_role_arn       = aws_iam_role.ecs_execution.arn\n  task_role_arn            = aws_iam_role.ecs_task.arn\n\n  container_definitions = jsonencode('
    yield str(t_1((undefined(name='container_definitions') if l_0_container_definitions is missing else l_0_container_definitions)))
    yield ')\n'
    if environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'read_replicas'), 'count'):
        pass
        yield "\n  # DATABASE_READ_URL names the replicas' records (rds.tf): a revision reading it starts once they exist.\n  depends_on = [aws_route53_record.database_read]\n"
    elif environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'secondary_region'):
        pass
        yield "\n  # DATABASE_URL names the writer in another region: a revision starts once the path there exists\n  # (peering.tf; after a failover, the path to the primary region's replica).\n  depends_on = [aws_route.to_primary]\n"
    yield '}\n\nresource "aws_ecs_service" "backend" {\n  name             = '
    yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'service')))
    yield '\n  cluster          = aws_ecs_cluster.'
    yield str(t_2(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'label')))
    yield '.id\n  task_definition  = aws_ecs_task_definition.backend.arn\n  desired_count    = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'service'), 'desired_count')))
    yield '\n  launch_type      = "FARGATE"\n  platform_version = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'service'), 'platform_version')))
    yield '\n\n  network_configuration {\n    subnets         = aws_subnet.private[*].id\n    security_groups = [aws_security_group.backend.id]\n  }\n\n  load_balancer {\n    target_group_arn = aws_lb_target_group.backend.arn\n    container_name   = '
    yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'container')))
    yield '\n    container_port   = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'service'), 'container_port')))
    yield "\n  }\n\n  # Time to boot before the ALB's health checks count.\n  health_check_grace_period_seconds = "
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'service'), 'health_check_grace_period')))
    yield '\n\n  # A deployment whose tasks never become healthy (a missing image, a crash at start) stops and rolls\n  # back to the last working revision instead of replacing tasks forever.\n  deployment_circuit_breaker {\n    enable   = true\n    rollback = true\n  }\n\n  # Autoscaling owns the task count once the service exists.\n  lifecycle {\n'
    if environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'deploy'):
        pass
        yield "    # The deploy workflow owns the running revision: it registers the commit's\n    # image on top of the latest task definition (Terraform's settings).\n    ignore_changes = [desired_count, task_definition]\n"
    else:
        pass
        yield '    ignore_changes = [desired_count]\n'
    yield '  }\n\n  # ECS refuses a target group that no listener forwards to yet.\n  depends_on = [aws_lb_listener.https]\n}\n\nresource "aws_appautoscaling_target" "backend" {\n  max_capacity       = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'service'), 'autoscaling'), 'max_capacity')))
    yield '\n  min_capacity       = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'service'), 'autoscaling'), 'min_capacity')))
    yield '\n  resource_id        = '
    yield str(t_1(context.call((undefined(name='interp') if l_0_interp is missing else l_0_interp), 'service/', context.call((undefined(name='expr') if l_0_expr is missing else l_0_expr), str_join(('aws_ecs_cluster.', t_2(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'label')), '.name', ))), '/', context.call((undefined(name='expr') if l_0_expr is missing else l_0_expr), 'aws_ecs_service.backend.name'))))
    yield '\n  scalable_dimension = "ecs:service:DesiredCount"\n  service_namespace  = "ecs"\n}\n\nresource "aws_appautoscaling_policy" "backend_cpu" {\n  name               = '
    yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'scaling_policy')))
    yield '\n  policy_type        = "TargetTrackingScaling"\n  resource_id        = aws_appautoscaling_target.backend.resource_id\n  scalable_dimension = aws_appautoscaling_target.backend.scalable_dimension\n  service_namespace  = aws_appautoscaling_target.backend.service_namespace\n\n  target_tracking_scaling_policy_configuration {\n    target_value       = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'service'), 'autoscaling'), 'cpu_target')))
    yield '\n    scale_in_cooldown  = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'service'), 'autoscaling'), 'scale_in_cooldown')))
    yield '\n    scale_out_cooldown = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'service'), 'autoscaling'), 'scale_out_cooldown')))
    yield '\n\n    predefined_metric_specification {\n      predefined_metric_type = "ECSServiceAverageCPUUtilization"\n    }\n  }\n}\n'

blocks = {}
debug_info = '1=35&2=37&6=39&11=41&12=43&16=45&19=47&20=49&24=51&25=53&29=56&38=60&39=62&41=64&43=66&52=68&53=70&57=72&68=74&82=81&83=83&84=85&90=87&97=89&98=91&99=93'