from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'acm.tf.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_spec = resolve('spec')
    l_0_n = resolve('n')
    try:
        t_1 = environment.filters['hcl']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'hcl' found.")
    pass
    yield '# TLS certificates, validated by DNS: by the records of dns.tf, or by the ones you create from the\n# certificate_validation_records output (README: first apply). Apply waits until ACM issues them.\nresource "aws_acm_certificate" "backend" {\n  domain_name       = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'edge'), 'domain_name')))
    yield '\n  validation_method = "DNS"\n\n  tags = {\n    Name = '
    yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'api-cert')))
    yield '\n  }\n\n  lifecycle {\n    create_before_destroy = true\n  }\n}\n\nresource "aws_acm_certificate_validation" "backend" {\n  certificate_arn = aws_acm_certificate.backend.arn\n'
    if (environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'dns') and (not environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'secondary_region'))):
        pass
        yield '  validation_record_fqdns = [for o in aws_acm_certificate.backend.domain_validation_options : aws_route53_record.certificate_validation[o.domain_name].fqdn]\n'
    yield '}\n\n'
    if environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'):
        pass
        yield '# CloudFront only accepts certificates from us-east-1.\nresource "aws_acm_certificate" "frontend" {\n  provider = aws.us_east_1\n\n  domain_name               = '
        yield str(t_1(environment.getitem(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'), 'aliases'), 0)))
        yield '\n  subject_alternative_names = '
        yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'), 'aliases')[1:]))
        yield '\n  validation_method         = "DNS"\n\n  tags = {\n    Name = '
        yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'frontend-cert')))
        yield '\n  }\n\n  lifecycle {\n    create_before_destroy = true\n  }\n}\n\nresource "aws_acm_certificate_validation" "frontend" {\n  provider = aws.us_east_1\n\n  certificate_arn = aws_acm_certificate.frontend.arn\n'
        if environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'dns'):
            pass
            yield '  validation_record_fqdns = [for o in aws_acm_certificate.frontend.domain_validation_options : aws_route53_record.certificate_validation[o.domain_name].fqdn]\n'
        yield '}\n'

blocks = {}
debug_info = '4=20&8=22&18=24&23=28&28=31&29=33&33=35&45=37'