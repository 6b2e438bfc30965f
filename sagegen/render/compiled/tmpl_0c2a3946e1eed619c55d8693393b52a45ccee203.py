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
    l_0_rds_log_groups = resolve('rds_log_groups')
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
    yield '\n  }\n}\n\n# The master password: drawn by Secrets Manager at apply, written to RDS and to the secret the tasks\n# read, and never stored in the state (write-only arguments, Terraform 1.11). Not RDS-managed: RDS\n# refuses read replicas and Blue/Green deployments of an instance whose password it manages.\nephemeral "aws_secretsmanager_random_password" "db" {\n  password_length     = 40\n  exclude_punctuation = true # RDS refuses /, @, " and spaces in a master password\n}\n\nresource "aws_secretsmanager_secret" "db_password" {\n  name                    = '
    yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'db_password_secret')))
    yield '\n  description             = "Master password of the PostgreSQL database"\n  recovery_window_in_days = '
    yield str(t_1(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'secrets_recovery_window_days')))
    yield '\n\n  tags = {\n    Name = '
    yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'db-password')))
    yield '\n  }\n}\n\n# database.password_version names the password\'s generation: raising it draws a new one for the secret.\nresource "aws_secretsmanager_secret_version" "db_password" {\n  secret_id                = aws_secretsmanager_secret.db_password.id\n  secret_string_wo         = ephemeral.aws_secretsmanager_random_password.db.random_password\n  secret_string_wo_version = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'password_version')))
    yield '\n}\n\n# The instance takes its password from the secret\'s version, read in the same apply, never from the\n# generator: if the secret was written and the instance\'s creation then failed (a quota, Ctrl-C), the\n# next apply draws a new value the secret does not take (same version), and the instance still gets\n# the secret\'s. Opened at apply, once that version exists (its version_id is unknown until then).\nephemeral "aws_secretsmanager_secret_version" "db_password" {\n  secret_id  = aws_secretsmanager_secret.db_password.id\n  version_id = aws_secretsmanager_secret_version.db_password.version_id\n}\n'
    if (undefined(name='rds_log_groups') if l_0_rds_log_groups is missing else l_0_rds_log_groups):
        pass
        yield '\n# The log groups of the exported logs, of the primary and each replica. RDS would create them\n# itself, without a retention, and leave them after a destroy.\nresource "aws_cloudwatch_log_group" "rds" {\n  for_each = toset('
        yield str(t_1((undefined(name='rds_log_groups') if l_0_rds_log_groups is missing else l_0_rds_log_groups)))
        yield ')\n\n  name              = each.value\n  retention_in_days = '
        yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'log_retention_days')))
        yield '\n}\n'
    yield '\nresource "aws_db_instance" "postgres" {\n  identifier     = '
    yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'db_identifier')))
    yield '\n  engine         = "postgres"\n  engine_version = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'engine_version')))
    yield '\n  # RDS refuses a new major version unless this is set (ModifyDBInstance, AllowMajorVersionUpgrade); the\n  # read replicas are upgraded with their source (RDS User Guide, "Choosing a major version for an RDS\n  # for PostgreSQL upgrade"). database.allow_major_version_upgrade, off unless an upgrade asks for it.\n  allow_major_version_upgrade = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'allow_major_version_upgrade')))
    yield '\n\n  instance_class    = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'instance_class')))
    yield '\n  allocated_storage = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'allocated_storage')))
    yield '\n  storage_type      = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'storage_type')))
    yield '\n  storage_encrypted = true\n  # RDS grows the storage by itself, up to this many GiB, when less than 10% is free (0: off). A full\n  # disk stops every write (RDS User Guide, "Managing capacity automatically with Amazon RDS storage\n  # autoscaling"; the document\'s 20 GB had no headroom).\n  max_allocated_storage = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'max_allocated_storage')))
    yield '\n\n  db_name  = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'db_name')))
    yield '\n  username = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'username')))
    yield '\n  port     = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'port')))
    yield '\n\n  password_wo         = ephemeral.aws_secretsmanager_secret_version.db_password.secret_string\n  password_wo_version = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'password_version')))
    yield '\n\n  vpc_security_group_ids = [aws_security_group.rds.id]\n  db_subnet_group_name   = aws_db_subnet_group.main.name\n  parameter_group_name   = aws_db_parameter_group.postgres.name\n  multi_az               = '
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
    yield '\n\n  deletion_protection = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'deletion_protection')))
    yield "\n  skip_final_snapshot = false\n  # The password secret's ARN ends in 6 random characters, new with every created stack: a\n  # re-created stack's final snapshot does not collide with the one its destroyed predecessor left.\n  final_snapshot_identifier = "
    yield str(t_1(context.call((undefined(name='interp') if l_0_interp is missing else l_0_interp), str_join((environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'db_final_snapshot'), '-', )), context.call((undefined(name='expr') if l_0_expr is missing else l_0_expr), 'lower(substr(aws_secretsmanager_secret.db_password.arn, -6, 6))'))))
    yield '\n  copy_tags_to_snapshot     = true\n\n  tags = {\n    Name = '
    yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'db_identifier')))
    yield '\n  }\n'
    if (undefined(name='rds_log_groups') if l_0_rds_log_groups is missing else l_0_rds_log_groups):
        pass
        yield '\n  # The log groups exist before RDS first writes to them.\n  depends_on = [aws_cloudwatch_log_group.rds]\n'
    yield '}\n\nresource "aws_db_instance" "postgres_replica" {\n  count = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'read_replicas'), 'count')))
    yield '\n\n  identifier          = '
    yield str(t_1(context.call((undefined(name='interp') if l_0_interp is missing else l_0_interp), str_join((environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'db_replica_identifier'), '-', )), context.call((undefined(name='expr') if l_0_expr is missing else l_0_expr), 'count.index + 1'))))
    yield '\n  replicate_source_db = aws_db_instance.postgres.identifier\n  instance_class      = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'read_replicas'), 'instance_class')))
    yield "\n  # A replica of an encrypted source is encrypted; stated, or the next plan replaces it.\n  storage_encrypted = true\n  # A replica's storage grows on its own settings, not its source's.\n  max_allocated_storage = "
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'max_allocated_storage')))
    yield "\n\n  # A replica inherits neither its source's security groups nor its parameters.\n  vpc_security_group_ids = [aws_security_group.rds.id]\n  parameter_group_name   = aws_db_parameter_group.postgres.name\n\n  iam_database_authentication_enabled = "
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
    yield '\n  }\n'
    if (undefined(name='rds_log_groups') if l_0_rds_log_groups is missing else l_0_rds_log_groups):
        pass
        yield '\n  depends_on = [aws_cloudwatch_log_group.rds]\n'
    yield '}\n'
    if environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'read_replicas'), 'count'):
        pass
        yield '\n# Reads, spread over the replicas. RDS gives an instance\'s read replicas no shared endpoint (a\n# reader endpoint is Aurora\'s: Aurora User Guide, "Amazon Aurora endpoint connections"), so one name\n# of a private hosted zone answers with each replica\'s endpoint in turn, weighted equally (Route 53\n# Developer Guide, "Weighted routing"; a private zone takes weighted records and needs the VPC\'s DNS\n# support and DNS hostnames, vpc.tf: "Considerations when working with a private hosted zone").\n# The tasks read this name as DATABASE_READ_URL (ecs.tf); the document names no way to read the\n# replicas (docs/deviations.md, D42).\nresource "aws_route53_zone" "internal" {\n  name    = '
        yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'internal_zone')))
        yield '\n  comment = '
        yield str(t_1(str_join(('Private names of ', environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'project'), "'s VPC", ))))
        yield '\n\n  vpc {\n    vpc_id = aws_vpc.main.id\n  }\n}\n\nresource "aws_route53_record" "database_read" {\n  count = '
        yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'read_replicas'), 'count')))
        yield '\n\n  zone_id = aws_route53_zone.internal.zone_id\n  name    = '
        yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'db_read_host')))
        yield '\n  type    = "CNAME"\n  # Short: a connection opened after a replica is added or replaced finds it within half a minute.\n  ttl            = 30\n  set_identifier = '
        yield str(t_1(context.call((undefined(name='interp') if l_0_interp is missing else l_0_interp), 'replica-', context.call((undefined(name='expr') if l_0_expr is missing else l_0_expr), 'count.index + 1'))))
        yield '\n  records        = [aws_db_instance.postgres_replica[count.index].address]\n\n  weighted_routing_policy {\n    weight = 1\n  }\n}\n'

blocks = {}
debug_info = '2=31&6=36&7=40&1=43&12=47&16=49&22=51&23=53&39=55&48=57&61=59&63=61&66=63&74=65&85=67&90=70&93=72&98=75&100=77&104=79&106=81&107=83&108=85&113=87&115=89&116=91&117=93&120=95&125=97&127=99&128=101&129=103&130=105&131=107&132=109&134=111&136=113&138=115&142=117&146=119&148=121&156=125&158=127&160=129&164=131&170=133&171=135&173=137&174=139&176=141&182=143&184=145&189=149&199=152&200=154&208=156&211=158&215=160'