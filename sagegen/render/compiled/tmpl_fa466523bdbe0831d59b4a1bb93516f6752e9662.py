from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'dns.tf.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_spec = resolve('spec')
    l_0_frontend_alias_records = resolve('frontend_alias_records')
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
    if environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'dns'):
        pass
        yield '# The account\'s public hosted zone of the domains (spec `dns`): looked up, never created or deleted.\ndata "aws_route53_zone" "main" {\n  name         = '
        yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'dns'), 'zone')))
        yield '\n  private_zone = false\n}\n'
        if (not environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'secondary_region')):
            pass
            yield '\n# The CNAMEs ACM checks before it issues the certificates. ACM gives a domain the same record in every\n# region of an account, so these also validate the secondary regions\' certificates.\n# One map per certificate, merged: before the first apply each certificate\'s options are a set of\n# objects whose names are known and records are not, so a map keyed by name is known; a list made\n# of two such sets is not (its length is unknown) and Terraform refuses it as for_each ("Invalid\n# for_each argument"; the pattern of the provider\'s aws_acm_certificate_validation page).\nresource "aws_route53_record" "certificate_validation" {\n  for_each = merge(\n'
            for l_1_certificate in (['backend', 'frontend'] if environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend') else ['backend']):
                _loop_vars = {}
                pass
                yield '    { for o in aws_acm_certificate.'
                yield str(t_2(l_1_certificate))
                yield '.domain_validation_options : o.domain_name => o },\n'
            l_1_certificate = missing
            yield '  )\n\n  zone_id = data.aws_route53_zone.main.zone_id\n  name    = each.value.resource_record_name\n  type    = each.value.resource_record_type\n  records = [each.value.resource_record_value]\n  ttl     = 300\n\n  # A wildcard and its apex share one record.\n  allow_overwrite = true\n}\n'
        yield '\n# The API\'s domain, to this region\'s load balancer: one latency record per region of the phase, so\n# Route 53 answers each resolver with the region nearest to it (Route 53 Developer Guide, "Latency-based\n# routing"), skipping a region whose load balancer has no healthy target: evaluate_target_health is the\n# alias record\'s health check, fed by the target group\'s checks of the service\'s health path ("Values\n# specific for alias records", Evaluate target health). A latency record from the first phase on: a\n# region added later joins it, where a simple record would have to be deleted first.\nresource "aws_route53_record" "api" {\n  zone_id        = data.aws_route53_zone.main.zone_id\n  name           = '
        yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'edge'), 'domain_name')))
        yield '\n  type           = "A"\n  set_identifier = '
        yield str(t_1(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'region')))
        yield '\n\n  latency_routing_policy {\n    region = '
        yield str(t_1(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'region')))
        yield '\n  }\n\n  alias {\n    name                   = aws_lb.main.dns_name\n    zone_id                = aws_lb.main.zone_id\n    evaluate_target_health = true\n  }\n}\n'
        if (environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend') and (not environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'secondary_region'))):
            pass
            yield '\n# The app\'s domains, to CloudFront.\nresource "aws_route53_record" "frontend" {\n  for_each = '
            yield str(t_1((undefined(name='frontend_alias_records') if l_0_frontend_alias_records is missing else l_0_frontend_alias_records)))
            yield '\n\n  zone_id = data.aws_route53_zone.main.zone_id\n  name    = each.value.name\n  type    = each.value.type\n\n  alias {\n    name                   = aws_cloudfront_distribution.frontend.domain_name\n    zone_id                = aws_cloudfront_distribution.frontend.hosted_zone_id\n    evaluate_target_health = false\n  }\n}\n'

blocks = {}
debug_info = '1=25&4=28&7=30&17=33&18=37&41=42&43=44&46=46&55=48&59=51'