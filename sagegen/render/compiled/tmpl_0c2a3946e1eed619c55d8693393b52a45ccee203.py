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
    l_0_writer_provider = l_0_monitoring = missing
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
    if environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'secondary_region'):
        pass
        t_3.append(
            '  provider = aws.primary\n',
        )
    else:
        pass
        t_3.append(
            '  provider = aws.writer\n',
        )
    l_0_writer_provider = (Markup if context.eval_ctx.autoescape else identity)(concat(t_3))
    context.vars['writer_provider'] = l_0_writer_provider
    context.exported_vars.add('writer_provider')
    t_4 = []
    pass
    if environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'performance_insights'):
        pass
        t_4.append(
            '  performance_insights_enabled          = true\n  performance_insights_retention_period = 7\n',
        )
    if environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'monitoring_interval'):
        pass
        t_4.extend((
            '  monitoring_interval                   = ',
            str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'monitoring_interval'))),
            '\n  monitoring_role_arn                   = aws_iam_role.rds_monitoring.arn\n',
        ))
    l_0_monitoring = (Markup if context.eval_ctx.autoescape else identity)(concat(t_4))
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
    yield '\n  }\n}\n\n'
    if (not environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'replicates_from')):
        pass
        yield '# The master password: drawn by Secrets Manager at apply, written to RDS and to the secret the tasks\n# read, and never stored in the state (write-only arguments, Terraform 1.11). Not RDS-managed: RDS\n# refuses read replicas and Blue/Green deployments of an instance whose password it manages.\nephemeral "aws_secretsmanager_random_password" "db" {\n  password_length     = 40\n  exclude_punctuation = true # RDS refuses /, @, " and spaces in a master password\n}\n'
    else:
        pass
        yield '# The password is the writer\'s (a replica has its source\'s users): read at apply from the secret of\n# the same name in the writer\'s region and copied into this region\'s, which the tasks here read,\n# never stored in the state. A new password_version, applied in the writer\'s region first, is copied\n# by the next apply here.\nephemeral "aws_secretsmanager_secret_version" "writer_db_password" {\n'
        yield str((undefined(name='writer_provider') if l_0_writer_provider is missing else l_0_writer_provider))
        yield '\n  secret_id = '
        yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'db_password_secret')))
        yield '\n}\n'
    yield '\nresource "aws_secretsmanager_secret" "db_password" {\n  name                    = '
    yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'db_password_secret')))
    yield '\n  description             = "Master password of the PostgreSQL database"\n  recovery_window_in_days = '
    yield str(t_1(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'secrets_recovery_window_days')))
    yield '\n\n  tags = {\n    Name = '
    yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'db-password')))
    yield '\n  }\n}\n\n# database.password_version names the password\'s generation: raising it draws a new one for the secret.\nresource "aws_secretsmanager_secret_version" "db_password" {\n  secret_id                = aws_secretsmanager_secret.db_password.id\n'
    if (not environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'replicates_from')):
        pass
        yield '  secret_string_wo         = ephemeral.aws_secretsmanager_random_password.db.random_password\n'
    else:
        pass
        yield '  secret_string_wo         = ephemeral.aws_secretsmanager_secret_version.writer_db_password.secret_string\n'
    yield '  secret_string_wo_version = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'password_version')))
    yield '\n}\n\n'
    if (not environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'replicates_from')):
        pass
        yield '# The instance takes its password from the secret\'s version, read in the same apply, never from the\n# generator: if the secret was written and the instance\'s creation then failed (a quota, Ctrl-C), the\n# next apply draws a new value the secret does not take (same version), and the instance still gets\n# the secret\'s. Opened at apply, once that version exists (its version_id is unknown until then).\nephemeral "aws_secretsmanager_secret_version" "db_password" {\n  secret_id  = aws_secretsmanager_secret.db_password.id\n  version_id = aws_secretsmanager_secret_version.db_password.version_id\n}\n'
    if (undefined(name='rds_log_groups') if l_0_rds_log_groups is missing else l_0_rds_log_groups):
        pass
        yield '\n# The log groups of the exported logs, of the primary and each replica. RDS would create them\n# itself, without a retention, and leave them after a destroy.\nresource "aws_cloudwatch_log_group" "rds" {\n  for_each = toset('
        yield str(t_1((undefined(name='rds_log_groups') if l_0_rds_log_groups is missing else l_0_rds_log_groups)))
        yield ')\n\n  name              = each.value\n  retention_in_days = '
        yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'log_retention_days')))
        yield '\n}\n'
    yield '\n'
    if environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'peers'):
        pass
        yield '\n# The region that writes (writer_region). An instance that wrote cannot be turned into a replica in\n# place (the provider refuses: "cannot elect new source database for replication"), so where this\n# value moves away from this region, its instance is replaced by a replica (below, replace_triggered_by).\nresource "terraform_data" "database_role" {\n  input = '
        yield str(t_1(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'writer')))
        yield '\n}\n'
    if environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'replicates_from'):
        pass
        yield '\n# This region reads a copy of the writer\'s database: a cross-region read replica, created from the\n# writer\'s ARN (RDS User Guide, "Creating a read replica in a different AWS Region"). Its tasks send\n# their writes to the writer (ecs.tf, DATABASE_URL) over the VPC peering (peering.tf). Apply the\n# writer\'s region first: these data sources read it at plan.\ndata "aws_db_instance" "writer" {\n'
        yield str((undefined(name='writer_provider') if l_0_writer_provider is missing else l_0_writer_provider))
        yield '\n  db_instance_identifier = '
        yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'db_identifier')))
        yield '\n}\n\n# An encrypted instance\'s cross-region replica needs a KMS key of its own region: RDS\'s AWS-managed key\n# here (KMS Developer Guide, "AWS managed keys": DescribeKey on alias/aws/rds creates it on first use).\ndata "aws_kms_key" "rds" {\n  key_id = "alias/aws/rds"\n}\n\nresource "aws_db_instance" "postgres" {\n  identifier          = '
        yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'db_identifier')))
        yield '\n  replicate_source_db = data.aws_db_instance.writer.db_instance_arn\n  instance_class      = '
        yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'instance_class')))
        yield '\n  storage_type        = '
        yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'storage_type')))
        yield "\n  storage_encrypted   = true\n  kms_key_id          = data.aws_kms_key.rds.arn\n  # A replica's storage grows on its own settings, not its source's.\n  max_allocated_storage = "
        yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'max_allocated_storage')))
        yield "\n\n  # Across regions a replica takes the subnet group, security groups and parameters of its own region.\n  vpc_security_group_ids = [aws_security_group.rds.id]\n  db_subnet_group_name   = aws_db_subnet_group.main.name\n  parameter_group_name   = aws_db_parameter_group.postgres.name\n  # Single-AZ while it replicates: promoted in a failover, the writer_region change gives it the spec's\n  # Multi-AZ standby and replicas (docs/regions.md).\n  multi_az = false\n\n  iam_database_authentication_enabled = "
        yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'iam_authentication')))
        yield '\n  auto_minor_version_upgrade          = '
        yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'auto_minor_version_upgrade')))
        yield '\n  copy_tags_to_snapshot               = true\n'
        yield str((undefined(name='monitoring') if l_0_monitoring is missing else l_0_monitoring))
        yield '\n  enabled_cloudwatch_logs_exports = '
        yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'cloudwatch_logs_exports')))
        yield '\n\n  maintenance_window = '
        yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'maintenance_window')))
        yield '\n  apply_immediately  = '
        yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'apply_immediately')))
        yield '\n\n  # The copy a failover promotes: protected like the writer.\n  deletion_protection = '
        yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'database'), 'deletion_protection')))
        yield "\n  # Its data is the writer's, whose backups and final snapshot keep it.\n  skip_final_snapshot = true\n\n  tags = {\n    Name = "
        yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'db_identifier')))
        yield '\n  }\n\n  lifecycle {\n    replace_triggered_by = [terraform_data.database_role]\n  }\n'
        if (undefined(name='rds_log_groups') if l_0_rds_log_groups is missing else l_0_rds_log_groups):
            pass
            yield '\n  depends_on = [aws_cloudwatch_log_group.rds]\n'
        yield '}\n'
    else:
        pass
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
        yield '}\n'
    yield '\nresource "aws_db_instance" "postgres_replica" {\n  count = '
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
debug_info = '3=31&2=41&10=46&14=51&15=55&9=58&20=62&24=64&30=66&31=68&47=70&56=72&60=74&74=80&75=82&80=85&82=87&85=89&92=91&97=98&100=100&110=103&115=106&118=108&122=111&128=114&131=116&138=119&139=121&149=123&151=125&152=127&156=129&166=131&167=133&169=135&170=137&172=139&173=141&176=143&181=145&187=147&195=154&197=156&201=158&203=160&204=162&205=164&210=166&212=168&213=170&214=172&217=174&222=176&224=178&225=180&226=182&227=184&228=186&229=188&231=190&233=192&235=194&239=196&243=198&245=200&254=205&256=207&258=209&262=211&268=213&269=215&271=217&272=219&274=221&280=223&282=225&287=229&297=232&298=234&306=236&309=238&313=240'