from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'alb.tf.j2'

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
    yield 'resource "aws_lb" "main" {\n  name               = '
    yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'alb')))
    yield '\n  internal           = false\n  load_balancer_type = "application"\n  security_groups    = [aws_security_group.alb.id]\n  subnets            = aws_subnet.public[*].id\n\n  enable_deletion_protection = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'edge'), 'deletion_protection')))
    yield '\n  drop_invalid_header_fields = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'edge'), 'drop_invalid_header_fields')))
    yield "\n  # Seconds a connection may stay silent; AWS's 60 cuts long LLM requests (docs/deviations.md).\n  idle_timeout = "
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'edge'), 'idle_timeout')))
    yield '\n'
    if environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'edge'), 'access_logs'):
        pass
        yield '\n  access_logs {\n    bucket  = aws_s3_bucket.logs.id\n    prefix  = "alb"\n    enabled = true\n  }\n'
    yield '\n  tags = {\n    Name = '
    yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'alb')))
    yield '\n  }\n'
    if environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'edge'), 'access_logs'):
        pass
        yield '\n  # The ALB checks at creation that it may write to the log bucket.\n  depends_on = [aws_s3_bucket_policy.logs]\n'
    yield '}\n\nresource "aws_lb_target_group" "backend" {\n  name        = '
    yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'target_group')))
    yield '\n  port        = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'service'), 'container_port')))
    yield '\n  protocol    = "HTTP"\n  vpc_id      = aws_vpc.main.id\n  target_type = "ip"\n\n  health_check {\n    path                = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'edge'), 'health_check'), 'path')))
    yield '\n    protocol            = "HTTP"\n    matcher             = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'edge'), 'health_check'), 'matcher')))
    yield '\n    interval            = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'edge'), 'health_check'), 'interval')))
    yield '\n    timeout             = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'edge'), 'health_check'), 'timeout')))
    yield '\n    healthy_threshold   = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'edge'), 'health_check'), 'healthy_threshold')))
    yield '\n    unhealthy_threshold = '
    yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'edge'), 'health_check'), 'unhealthy_threshold')))
    yield '\n  }\n\n  deregistration_delay = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'edge'), 'deregistration_delay')))
    yield '\n\n  # A new port replaces the group: its name carries the port, so the new one is made first\n  # and the listener and service move to it before the old one goes.\n  lifecycle {\n    create_before_destroy = true\n  }\n}\n\nresource "aws_lb_listener" "https" {\n  load_balancer_arn = aws_lb.main.arn\n  port              = 443\n  protocol          = "HTTPS"\n  ssl_policy        = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'edge'), 'ssl_policy')))
    yield '\n  certificate_arn   = aws_acm_certificate_validation.backend.certificate_arn\n\n  default_action {\n    type             = "forward"\n    target_group_arn = aws_lb_target_group.backend.arn\n  }\n}\n\nresource "aws_lb_listener" "http" {\n  load_balancer_arn = aws_lb.main.arn\n  port              = 80\n  protocol          = "HTTP"\n\n  default_action {\n    type = "redirect"\n\n    redirect {\n      port        = "443"\n      protocol    = "HTTPS"\n      status_code = "HTTP_301"\n    }\n  }\n}\n'

blocks = {}
debug_info = '2=20&8=22&9=24&11=26&12=28&22=32&24=34&32=38&33=40&39=42&41=44&42=46&43=48&44=50&45=52&48=54&61=56'