from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'security_groups.tf.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_n = resolve('n')
    l_0_spec = resolve('spec')
    l_0_security_group_rules = resolve('security_group_rules')
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
        t_3 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    pass
    yield '# Security groups hold no inline rules: each rule below is its own resource, so\n# groups can name each other (ALB -> backend -> RDS/Redis) without a cycle, and\n# a new group starts with no egress at all (Terraform removes AWS\'s allow-all).\n\n# ALB: HTTP and HTTPS from anywhere, out only to the backend\nresource "aws_security_group" "alb" {\n  name        = '
    yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'alb-sg')))
    yield '\n  description = "Security group for ALB"\n  vpc_id      = aws_vpc.main.id\n\n  tags = {\n    Name = '
    yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'alb-sg')))
    yield '\n  }\n}\n\n# Backend (ECS): the container port from the ALB; out to RDS, Redis and HTTPS\nresource "aws_security_group" "backend" {\n  name        = '
    yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), str_join((environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'service'), 'name'), '-sg', )))))
    yield '\n  description = "Security group for ECS backend"\n  vpc_id      = aws_vpc.main.id\n\n  tags = {\n    Name = '
    yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), str_join((environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'service'), 'name'), '-sg', )))))
    yield '\n  }\n}\n\n# RDS: PostgreSQL, from the backend only\nresource "aws_security_group" "rds" {\n  name        = '
    yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'rds-sg')))
    yield '\n  description = "Security group for RDS"\n  vpc_id      = aws_vpc.main.id\n\n  tags = {\n    Name = '
    yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'rds-sg')))
    yield '\n  }\n}\n\n# Redis: from the backend only\nresource "aws_security_group" "redis" {\n  name        = '
    yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'redis-sg')))
    yield '\n  description = "Security group for Redis"\n  vpc_id      = aws_vpc.main.id\n\n  tags = {\n    Name = '
    yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'redis-sg')))
    yield '\n  }\n}\n'
    for l_1_rule in (undefined(name='security_group_rules') if l_0_security_group_rules is missing else l_0_security_group_rules):
        _loop_vars = {}
        pass
        yield '\nresource '
        yield str(t_1(environment.getattr(l_1_rule, 'resource_type')))
        yield ' '
        yield str(t_1(environment.getattr(l_1_rule, 'label')))
        yield ' {\n  security_group_id = aws_security_group.'
        yield str(t_2(environment.getattr(l_1_rule, 'group')))
        yield '.id\n  description       = '
        yield str(t_1(environment.getattr(l_1_rule, 'description')))
        yield '\n  ip_protocol       = "tcp"\n  from_port         = '
        yield str(t_1(environment.getattr(l_1_rule, 'port')))
        yield '\n  to_port           = '
        yield str(t_1(environment.getattr(l_1_rule, 'port')))
        yield '\n'
        if environment.getattr(l_1_rule, 'cidr'):
            pass
            yield '  cidr_ipv4         = '
            yield str(t_1(environment.getattr(l_1_rule, 'cidr')))
            yield '\n'
        else:
            pass
            yield '  referenced_security_group_id = aws_security_group.'
            yield str(t_2(environment.getattr(l_1_rule, 'peer')))
            yield '.id\n'
        yield '\n  tags = {\n    Name = '
        yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), t_3(context.eval_ctx, environment.getattr(l_1_rule, 'label'), '_', '-'), _loop_vars=_loop_vars)))
        yield '\n  }\n}\n'
    l_1_rule = missing

blocks = {}
debug_info = '7=33&12=35&18=37&23=39&29=41&34=43&40=45&45=47&48=49&50=53&51=57&52=59&54=61&55=63&56=65&57=68&59=73&63=76'