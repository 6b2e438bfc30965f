from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'waf.tf.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_waf_acls = resolve('waf_acls')
    l_0_web_acl = missing
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
    def macro(l_1_acl):
        t_3 = []
        l_1_spec = resolve('spec')
        if l_1_acl is missing:
            l_1_acl = undefined("parameter 'acl' was not provided", name='acl')
        pass
        t_3.extend((
            'resource "aws_wafv2_web_acl" ',
            str(t_1(environment.getattr(l_1_acl, 'label'))),
            ' {\n',
        ))
        if environment.getattr(l_1_acl, 'global'):
            pass
            t_3.append(
                "  # CloudFront's web ACLs live in us-east-1.\n  provider = aws.us_east_1\n\n",
            )
        t_3.extend((
            '  name        = ',
            str(t_1(environment.getattr(l_1_acl, 'name'))),
            '\n  description = ',
            str(t_1(str_join(('AWS managed rules in front of ', environment.getattr(l_1_acl, 'name'), )))),
            '\n  scope       = ',
            str(t_1(environment.getattr(l_1_acl, 'scope'))),
            '\n\n  default_action {\n    allow {}\n  }\n',
        ))
        for l_2_rule in environment.getattr(l_1_acl, 'rules'):
            _loop_vars = {}
            pass
            t_3.extend((
                '\n  rule {\n    name     = ',
                str(t_1(environment.getattr(l_2_rule, 'name'))),
                '\n    priority = ',
                str(t_1(environment.getattr(l_2_rule, 'priority'))),
                '\n',
            ))
            if environment.getattr(l_2_rule, 'managed'):
                pass
                t_3.extend((
                    '\n    override_action {\n      none {}\n    }\n\n    statement {\n      managed_rule_group_statement {\n        name        = ',
                    str(t_1(environment.getattr(l_2_rule, 'name'))),
                    '\n        vendor_name = "AWS"\n',
                ))
                if environment.getattr(l_2_rule, 'count_large_bodies'):
                    pass
                    t_3.append(
                        '\n        # Count, not block, bodies over 8 KB: the API\'s requests carry long prompts.\n        rule_action_override {\n          name = "SizeRestrictions_BODY"\n\n          action_to_use {\n            count {}\n          }\n        }\n',
                    )
                t_3.append(
                    '      }\n    }\n',
                )
            else:
                pass
                t_3.extend((
                    '\n    action {\n      block {}\n    }\n\n    statement {\n      rate_based_statement {\n        limit              = ',
                    str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_1_spec is missing else l_1_spec), 'waf'), 'rate_limit'))),
                    '\n        aggregate_key_type = "IP"\n      }\n    }\n',
                ))
            t_3.extend((
                '\n    visibility_config {\n      cloudwatch_metrics_enabled = true\n      metric_name                = ',
                str(t_1(str_join((environment.getattr(l_1_acl, 'name'), '-', environment.getattr(l_2_rule, 'name'), )))),
                '\n      sampled_requests_enabled   = true\n    }\n  }\n',
            ))
        l_2_rule = missing
        t_3.extend((
            '\n  visibility_config {\n    cloudwatch_metrics_enabled = true\n    metric_name                = ',
            str(t_1(environment.getattr(l_1_acl, 'name'))),
            '\n    sampled_requests_enabled   = true\n  }\n}\n\n# WAF writes only to log groups whose name starts with aws-waf-logs-.\nresource "aws_cloudwatch_log_group" ',
            str(t_1(str_join(('waf_', environment.getattr(l_1_acl, 'label'), )))),
            ' {\n',
        ))
        if environment.getattr(l_1_acl, 'global'):
            pass
            t_3.append(
                '  provider = aws.us_east_1\n\n',
            )
        t_3.extend((
            '  name              = ',
            str(t_1(environment.getattr(l_1_acl, 'log_group'))),
            '\n  retention_in_days = ',
            str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_1_spec is missing else l_1_spec), 'waf'), 'log_retention_days'))),
            '\n}\n\nresource "aws_wafv2_web_acl_logging_configuration" ',
            str(t_1(environment.getattr(l_1_acl, 'label'))),
            ' {\n',
        ))
        if environment.getattr(l_1_acl, 'global'):
            pass
            t_3.append(
                '  provider = aws.us_east_1\n\n',
            )
        t_3.extend((
            '  resource_arn            = aws_wafv2_web_acl.',
            str(t_2(environment.getattr(l_1_acl, 'label'))),
            '.arn\n  log_destination_configs = [aws_cloudwatch_log_group.waf_',
            str(t_2(environment.getattr(l_1_acl, 'label'))),
            '.arn]\n}\n',
        ))
        return concat(t_3)
    context.exported_vars.add('web_acl')
    context.vars['web_acl'] = l_0_web_acl = Macro(environment, macro, 'web_acl', ('acl',), False, False, False, context.eval_ctx.autoescape)
    if ('alb' in (undefined(name='waf_acls') if l_0_waf_acls is missing else l_0_waf_acls)):
        pass
        yield '# Regional web ACL of the ALB\n'
        yield str(context.call((undefined(name='web_acl') if l_0_web_acl is missing else l_0_web_acl), environment.getattr((undefined(name='waf_acls') if l_0_waf_acls is missing else l_0_waf_acls), 'alb')))
        yield '\nresource "aws_wafv2_web_acl_association" "alb" {\n  resource_arn = aws_lb.main.arn\n  web_acl_arn  = aws_wafv2_web_acl.alb.arn\n}\n'
    if ('cloudfront' in (undefined(name='waf_acls') if l_0_waf_acls is missing else l_0_waf_acls)):
        pass
        yield '\n# Global web ACL of the CloudFront distribution (attached by its web_acl_id)\n'
        yield str(context.call((undefined(name='web_acl') if l_0_web_acl is missing else l_0_web_acl), environment.getattr((undefined(name='waf_acls') if l_0_waf_acls is missing else l_0_waf_acls), 'cloudfront')))
        yield '\n'

blocks = {}
debug_info = '1=25&2=33&3=36&8=43&9=45&10=47&15=50&18=55&19=57&20=60&28=64&30=67&51=79&59=84&67=90&73=92&74=95&78=102&79=104&82=106&83=109&87=116&88=118&91=124&93=127&99=129&102=132'