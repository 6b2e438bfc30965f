from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'rds.tf.j2'

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
    l_0_monitoring = missing
    try:
        t_1 = environment.filters['hcl']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'hcl' found.")
    try:
        t_2 = environment.filters['string']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'string' found.")
    pass
    t_3 = []
    pass
    if environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'performance_insights'):
        pass
        t_3.append(
            '  performance_insights_enabled          = true\n  performance_insights_retention_period = 7\n',
        )
    if environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'monitoring_interval'):
        pass
        t_3.extend((
            '  monitoring_interval                   = ',
            str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'monitoring_interval'))),
            '\n  monitoring_role_arn                   = aws_iam_role.rds_monitoring.arn\n',
        ))
    l_0_monitoring = (Markup if context.eval_ctx.autoescape else identity)(concat(t_3))
    context.vars['monitoring'] = l_0_monitoring
    context.exported_vars.add('monitoring')
    yield 'resource "aws_db_subnet_group" "main" {\n  name       = '
    yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'db-subnets')))
    yield '\n  subnet_ids = aws_subnet.private[*].id\n\n  tags = {\n    Name = '
    yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'db-subnets')))
    yield '\n  }\n}\n\n# Query logging: schema changes always, and statements slower than the spec\'s limit.\nresource "aws_db_parameter_group" "postgres" {\n  name        = '
    yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'db_parameter_group')))
    yield '\n  family      = '
    yield str(t_1(str_join(('postgres', environment.getitem(context.call(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'engine_version'), 'split'), '.'), 0), ))))
    yield '\n  description = "PostgreSQL parameters of the backend database"\n\n  # A new major version replaces the group: its name carries the family, so the new one exists\n  # before the instance moves to it (an attached group cannot be deleted).\n  lifecycle {\n    create_before_destroy = true\n  }\n\n  parameter {\n    name  = "log_statement"\n    value = "ddl"\n  }\n\n  parameter {\n    name  = "log_min_duration_statement"\n    value = '
    yield str(t_1(t_2(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'slow_query_ms'))))
    yield '\n  }\n\n  parameter {\n    name  = "rds.force_ssl"\n    value = "1"\n  }\n\n  tags = {\n    Name = '
    yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'db_parameter_group')))
    yield '\n  }\n}\n\nresource "aws_db_instance" "postgres" {\n  identifier     = '
    yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'db_identifier')))
    yield '\n  engine         = "postgres"\n  engine_version = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'engine_version')))
    yield '\n\n  instance_class    = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'instance_class')))
    yield '\n  allocated_storage = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'allocated_storage')))
    yield '\n  storage_type      = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'storage_type')))
    yield '\n  storage_encrypted = true\n\n  db_name  = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'db_name')))
    yield '\n  username = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'username')))
    yield '\n  port     = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'port')))
    yield '\n\n  # RDS generates the password and keeps it in Secrets Manager: no secret in\n  # variables, state or the hashicorp/random provider.\n  manage_master_user_password = true\n\n  vpc_security_group_ids = [aws_security_group.rds.id]\n  db_subnet_group_name   = aws_db_subnet_group.main.name\n  parameter_group_name   = aws_db_parameter_group.postgres.name\n  multi_az               = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'multi_az')))
    yield '\n\n  iam_database_authentication_enabled = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'iam_authentication')))
    yield '\n  auto_minor_version_upgrade          = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'auto_minor_version_upgrade')))
    yield '\n'
    yield str((undefined(name='monitoring') if l_0_monitoring is missing else l_0_monitoring))
    yield '\n  backup_retention_period = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'backup_retention_period')))
    yield '\n  backup_window           = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'backup_window')))
    yield '\n  maintenance_window      = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'maintenance_window')))
    yield '\n  # false: class, storage and version changes wait for the maintenance window (see `sagegen impact`).\n  apply_immediately = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'apply_immediately')))
    yield '\n\n  enabled_cloudwatch_logs_exports = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'cloudwatch_logs_exports')))
    yield '\n\n  deletion_protection       = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'deletion_protection')))
    yield '\n  skip_final_snapshot       = false\n  final_snapshot_identifier = '
    yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'db_final_snapshot')))
    yield '\n  copy_tags_to_snapshot     = true\n\n  tags = {\n    Name = '
    yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'db_identifier')))
    yield '\n  }\n}\n\nresource "aws_db_instance" "postgres_replica" {\n  count = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'read_replicas'), 'count')))
    yield '\n\n  identifier          = '
    yield str(t_1(context.call((undefined(name='interp') if l_0_interp is missing else l_0_interp), str_join((environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'db_replica_identifier'), '-', )), context.call((undefined(name='expr') if l_0_expr is missing else l_0_expr), 'count.index + 1'))))
    yield '\n  replicate_source_db = aws_db_instance.postgres.identifier\n  instance_class      = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'read_replicas'), 'instance_class')))
    yield "\n  # A replica of an encrypted source is encrypted; stated, or the next plan replaces it.\n  storage_encrypted = true\n\n  # A replica inherits neither its source's security groups nor its parameters.\n  vpc_security_group_ids = [aws_security_group.rds.id]\n  parameter_group_name   = aws_db_parameter_group.postgres.name\n\n  iam_database_authentication_enabled = "
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'iam_authentication')))
    yield '\n  auto_minor_version_upgrade          = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'auto_minor_version_upgrade')))
    yield '\n  copy_tags_to_snapshot               = true\n'
    yield str((undefined(name='monitoring') if l_0_monitoring is missing else l_0_monitoring))
    yield '\n  enabled_cloudwatch_logs_exports = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'cloudwatch_logs_exports')))
    yield '\n\n  apply_immediately = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'apply_immediately')))
    yield '\n\n  # A replica holds no data of its own to snapshot.\n  skip_final_snapshot = true\n\n  tags = {\n    Name = '
    yield str(t_1(context.call((undefined(name='interp') if l_0_interp is missing else l_0_interp), str_join((environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'db_replica_identifier'), '-', )), context.call((undefined(name='expr') if l_0_expr is missing else l_0_expr), 'count.index + 1'))))
    yield '\n  }\n}\n'

blocks = {}
debug_info = '2=30&6=35&7=39&1=42&12=46&16=48&22=50&23=52&39=54&48=56&53=58&55=60&57=62&58=64&59=66&62=68&63=70&64=72&73=74&75=76&76=78&77=80&78=82&79=84&80=86&82=88&84=90&86=92&88=94&92=96&97=98&99=100&101=102&109=104&110=106&112=108&113=110&115=112&121=114'