from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'cloudfront.tf.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_spec = resolve('spec')
    l_0_n = resolve('n')
    l_0_security_headers_policy_id = resolve('security_headers_policy_id')
    l_0_waf_acls = resolve('waf_acls')
    try:
        t_1 = environment.filters['hcl']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'hcl' found.")
    pass
    if environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'):
        pass
        yield '# Origin access control: CloudFront signs its requests to the private bucket.\nresource "aws_cloudfront_origin_access_control" "frontend" {\n  name                              = '
        yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'frontend')))
        yield '\n  description                       = "CloudFront access to the frontend bucket"\n  origin_access_control_origin_type = "s3"\n  signing_behavior                  = "always"\n  signing_protocol                  = "sigv4"\n}\n\nresource "aws_cloudfront_distribution" "frontend" {\n  origin {\n    domain_name              = aws_s3_bucket.frontend.bucket_regional_domain_name\n    origin_id                = '
        yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'frontend_origin_id')))
        yield '\n    origin_access_control_id = aws_cloudfront_origin_access_control.frontend.id\n  }\n\n  enabled             = true\n  is_ipv6_enabled     = '
        yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'), 'ipv6')))
        yield '\n  default_root_object = '
        yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'), 'default_root_object')))
        yield '\n\n  aliases = '
        yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'), 'aliases')))
        yield '\n\n  default_cache_behavior {\n    allowed_methods  = ["GET", "HEAD", "OPTIONS"]\n    cached_methods   = ["GET", "HEAD"]\n    target_origin_id = '
        yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'frontend_origin_id')))
        yield '\n\n    forwarded_values {\n      query_string = false\n\n      cookies {\n        forward = "none"\n      }\n    }\n\n    viewer_protocol_policy = "redirect-to-https"\n    min_ttl                = '
        yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'), 'ttl'), 'min')))
        yield '\n    default_ttl            = '
        yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'), 'ttl'), 'default')))
        yield '\n    max_ttl                = '
        yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'), 'ttl'), 'max')))
        yield '\n\n    compress = true\n'
        if environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'), 'security_headers'):
            pass
            yield "\n    # AWS's managed SecurityHeadersPolicy (a fixed, documented ID): HSTS,\n    # X-Content-Type-Options, X-Frame-Options, Referrer-Policy, X-XSS-Protection.\n    response_headers_policy_id = "
            yield str(t_1((undefined(name='security_headers_policy_id') if l_0_security_headers_policy_id is missing else l_0_security_headers_policy_id)))
            yield '\n'
        yield '  }\n'
        if environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'), 'spa_fallback'):
            pass
            yield '\n  # SPA routing: unknown paths get the app shell\n  custom_error_response {\n    error_code         = '
            yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'), 'spa_fallback'), 'error_code')))
            yield '\n    response_code      = '
            yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'), 'spa_fallback'), 'response_code')))
            yield '\n    response_page_path = '
            yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'), 'spa_fallback'), 'page')))
            yield '\n  }\n'
        yield '\n  restrictions {\n    geo_restriction {\n      restriction_type = "none"\n    }\n  }\n\n  viewer_certificate {\n    acm_certificate_arn      = aws_acm_certificate_validation.frontend.certificate_arn\n    ssl_support_method       = "sni-only"\n    minimum_protocol_version = '
        yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'), 'minimum_protocol_version')))
        yield '\n  }\n\n'
        if ('cloudfront' in (undefined(name='waf_acls') if l_0_waf_acls is missing else l_0_waf_acls)):
            pass
            yield '  web_acl_id = aws_wafv2_web_acl.cloudfront.arn\n\n'
        if environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'), 'access_logs'):
            pass
            yield '  logging_config {\n    bucket          = aws_s3_bucket.logs.bucket_domain_name\n    prefix          = "cloudfront/"\n    include_cookies = false\n  }\n\n'
        yield '  tags = {\n    Name = '
        yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'frontend-cdn')))
        yield '\n  }\n'
        if environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'), 'access_logs'):
            pass
            yield '\n  # Standard logs are delivered through a bucket ACL (see logging.tf).\n  depends_on = [aws_s3_bucket_ownership_controls.logs]\n'
        yield '}\n'

blocks = {}
debug_info = '1=21&4=24&14=26&19=28&20=30&22=32&27=34&38=36&39=38&40=40&43=42&47=45&50=48&54=51&55=53&56=55&69=58&72=60&76=63&85=67&87=69'