from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'iam.tf.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_n = resolve('n')
    l_0_ecs_assume_role_policy = resolve('ecs_assume_role_policy')
    l_0_execution_secrets_policy = resolve('execution_secrets_policy')
    l_0_task_secrets_policy = resolve('task_secrets_policy')
    l_0_spec = resolve('spec')
    l_0_rds_monitoring_assume_role_policy = resolve('rds_monitoring_assume_role_policy')
    try:
        t_1 = environment.filters['hcl']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'hcl' found.")
    pass
    yield '# ECS execution role: pulls images, writes logs, resolves the task\'s secrets\nresource "aws_iam_role" "ecs_execution" {\n  name = '
    yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'global_name'), 'ecs-execution-role')))
    yield '\n\n  assume_role_policy = jsonencode('
    yield str(t_1((undefined(name='ecs_assume_role_policy') if l_0_ecs_assume_role_policy is missing else l_0_ecs_assume_role_policy)))
    yield ')\n}\n\nresource "aws_iam_role_policy_attachment" "ecs_execution" {\n  role       = aws_iam_role.ecs_execution.name\n  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"\n}\n\n# ECS reads the container\'s `secrets` with the execution role, not the task role.\nresource "aws_iam_role_policy" "ecs_execution_secrets" {\n  name = '
    yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'ecs-execution-secrets')))
    yield '\n  role = aws_iam_role.ecs_execution.id\n\n  policy = jsonencode('
    yield str(t_1((undefined(name='execution_secrets_policy') if l_0_execution_secrets_policy is missing else l_0_execution_secrets_policy)))
    yield ')\n}\n\n# ECS task role: what the application itself may do in AWS\nresource "aws_iam_role" "ecs_task" {\n  name = '
    yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'global_name'), 'ecs-task-role')))
    yield '\n\n  assume_role_policy = jsonencode('
    yield str(t_1((undefined(name='ecs_assume_role_policy') if l_0_ecs_assume_role_policy is missing else l_0_ecs_assume_role_policy)))
    yield ')\n}\n\n# Allow the task to read its secrets from Secrets Manager\nresource "aws_iam_policy" "secrets_access" {\n  name = '
    yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'global_name'), 'secrets-access')))
    yield '\n\n  policy = jsonencode('
    yield str(t_1((undefined(name='task_secrets_policy') if l_0_task_secrets_policy is missing else l_0_task_secrets_policy)))
    yield ')\n}\n\nresource "aws_iam_role_policy_attachment" "task_secrets" {\n  role       = aws_iam_role.ecs_task.name\n  policy_arn = aws_iam_policy.secrets_access.arn\n}\n'
    if environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'monitoring_interval'):
        pass
        yield '\n# RDS enhanced monitoring publishes OS metrics with this role\nresource "aws_iam_role" "rds_monitoring" {\n  name = '
        yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'global_name'), 'rds-monitoring-role')))
        yield '\n\n  assume_role_policy = jsonencode('
        yield str(t_1((undefined(name='rds_monitoring_assume_role_policy') if l_0_rds_monitoring_assume_role_policy is missing else l_0_rds_monitoring_assume_role_policy)))
        yield ')\n}\n\nresource "aws_iam_role_policy_attachment" "rds_monitoring" {\n  role       = aws_iam_role.rds_monitoring.name\n  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"\n}\n'

blocks = {}
debug_info = '3=24&5=26&15=28&18=30&23=32&25=34&30=36&32=38&39=40&43=43&45=45'