from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'secrets.tf.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_secrets = resolve('secrets')
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
    for l_1_s in (undefined(name='secrets') if l_0_secrets is missing else l_0_secrets):
        l_1_spec = resolve('spec')
        _loop_vars = {}
        pass
        yield 'resource "aws_secretsmanager_secret" '
        yield str(t_1(t_2(environment.getattr(l_1_s, 'label'))))
        yield ' {\n  name                    = '
        yield str(t_1(environment.getattr(l_1_s, 'name')))
        yield '\n  recovery_window_in_days = '
        yield str(t_1(environment.getattr((undefined(name='spec') if l_1_spec is missing else l_1_spec), 'secrets_recovery_window_days')))
        yield '\n\n  tags = {\n    Name = '
        yield str(t_1(environment.getattr(l_1_s, 'tag_name')))
        yield '\n  }\n}\n\n# Write-only (Terraform 1.11, provider `secret_string_wo`): the value goes to AWS and into neither the\n# state nor a saved plan. Terraform cannot see a new value, so secrets.<key>.version says when to write.\nresource "aws_secretsmanager_secret_version" '
        yield str(t_1(t_2(environment.getattr(l_1_s, 'label'))))
        yield ' {\n  secret_id                = aws_secretsmanager_secret.'
        yield str(t_2(environment.getattr(l_1_s, 'label')))
        yield '.id\n  secret_string_wo         = var.'
        yield str(t_2(environment.getattr(l_1_s, 'variable')))
        yield '\n  secret_string_wo_version = '
        yield str(t_1(environment.getattr(l_1_s, 'version')))
        yield '\n}\n\n'
    l_1_s = l_1_spec = missing

blocks = {}
debug_info = '1=24&2=29&3=31&4=33&7=35&13=37&14=39&15=41&16=43'