from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'elasticache.tf.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_n = resolve('n')
    l_0_spec = resolve('spec')
    try:
        t_1 = environment.filters['hcl']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'hcl' found.")
    pass
    yield 'resource "aws_elasticache_subnet_group" "main" {\n  name       = '
    yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'cache-subnets')))
    yield '\n  subnet_ids = aws_subnet.private[*].id\n}\n\nresource "aws_elasticache_replication_group" "redis" {\n  replication_group_id = '
    yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'cache_group')))
    yield '\n  description          = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'cache'), 'description')))
    yield '\n\n  engine         = "redis"\n  engine_version = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'cache'), 'engine_version')))
    yield '\n  node_type      = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'cache'), 'node_type')))
    yield '\n\n  num_cache_clusters = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'cache'), 'num_cache_clusters')))
    yield '\n\n  port                 = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'cache'), 'port')))
    yield '\n  parameter_group_name = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'cache'), 'parameter_group_name')))
    yield '\n  subnet_group_name    = aws_elasticache_subnet_group.main.name\n  security_group_ids   = [aws_security_group.redis.id]\n\n  automatic_failover_enabled = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'cache'), 'automatic_failover')))
    yield '\n  multi_az_enabled           = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'cache'), 'multi_az')))
    yield '\n  at_rest_encryption_enabled = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'cache'), 'at_rest_encryption')))
    yield '\n  transit_encryption_enabled = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'cache'), 'transit_encryption')))
    yield '\n'
    if environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'cache'), 'auth_token'):
        pass
        yield '  auth_token                 = aws_secretsmanager_secret_version.redis_auth.secret_string\n  # A new token is added beside the one in use, not put in its place, so connected clients keep\n  # working until they restart (ModifyReplicationGroup, AuthTokenUpdateStrategy: ROTATE; the provider\n  # sends a token change on its own, with ApplyImmediately). RUNBOOK.md\'s rotation ends with SET,\n  # which drops the old token once no task holds it.\n  auth_token_update_strategy = "ROTATE"\n'
    yield '\n  maintenance_window       = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'cache'), 'maintenance_window')))
    yield '\n  apply_immediately        = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'cache'), 'apply_immediately')))
    yield '\n  snapshot_window          = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'cache'), 'snapshot_window')))
    yield '\n  snapshot_retention_limit = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'cache'), 'snapshot_retention_limit')))
    yield '\n\n  tags = {\n    Name = '
    yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'cache_group')))
    yield '\n  }\n}\n'
    if environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'cache'), 'auth_token'):
        pass
        yield '\n# The Redis AUTH token: generated by Secrets Manager once, kept there, handed to\n# the container through ECS `secrets`. It is never a variable or in the spec, but\n# it IS in the state (here, in the secret version and in the group\'s auth_token):\n# hashicorp/aws 5.100 has no write-only auth_token (docs/security.md says where it\n# is and how to rotate it without splitting Redis from its clients).\ndata "aws_secretsmanager_random_password" "redis_auth" {\n  password_length     = 64\n  exclude_punctuation = true # ElastiCache refuses @, " and / in a token\n}\n\nresource "aws_secretsmanager_secret" "redis_auth" {\n  name                    = '
        yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'redis_auth_secret')))
        yield '\n  description             = "AUTH token of the Redis replication group"\n  recovery_window_in_days = '
        yield str(t_1(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'secrets_recovery_window_days')))
        yield '\n\n  tags = {\n    Name = '
        yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'redis-auth-token')))
        yield '\n  }\n}\n\n# cache.auth_token_version names the token\'s generation: raising it replaces the secret\'s version\n# below, which then takes the token drawn in that plan (RUNBOOK.md: rotate the Redis AUTH token).\nresource "terraform_data" "redis_auth_version" {\n  input = '
        yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'cache'), 'auth_token_version')))
        yield '\n}\n\nresource "aws_secretsmanager_secret_version" "redis_auth" {\n  secret_id     = aws_secretsmanager_secret.redis_auth.id\n  secret_string = data.aws_secretsmanager_random_password.redis_auth.random_password\n\n  # The data source draws a new password on every plan; the first one is kept until the generation\n  # changes. (A new terraform_data, on an upgrade, is a create: it replaces nothing.)\n  lifecycle {\n    ignore_changes       = [secret_string]\n    replace_triggered_by = [terraform_data.redis_auth_version]\n  }\n}\n'

blocks = {}
debug_info = '2=20&7=22&8=24&11=26&12=28&14=30&16=32&17=34&21=36&22=38&23=40&24=42&25=44&34=48&35=50&36=52&37=54&40=56&43=58&56=61&58=63&61=65&68=67'