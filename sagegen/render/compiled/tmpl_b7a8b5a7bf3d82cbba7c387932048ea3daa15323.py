from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'variables.tf.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_secrets = resolve('secrets')
    l_0_spec = resolve('spec')
    try:
        t_1 = environment.filters['hcl']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'hcl' found.")
    pass
    for l_1_s in (undefined(name='secrets') if l_0_secrets is missing else l_0_secrets):
        _loop_vars = {}
        pass
        yield '# Ephemeral (Terraform 1.10): kept in no state and no plan file; give it to every plan and apply.\nvariable '
        yield str(t_1(environment.getattr(l_1_s, 'variable')))
        yield ' {\n  description = '
        yield str(t_1(str_join(('Value of the ', environment.getattr(l_1_s, 'env'), ' secret (', environment.getattr(l_1_s, 'name'), '). Pass it as TF_VAR_', environment.getattr(l_1_s, 'variable'), '; never commit it.', ))))
        yield '\n  type        = string\n  sensitive   = true\n  ephemeral   = true\n}\n\n'
    l_1_s = missing
    yield 'variable "image_tag" {\n  description = "Tag of the backend image the task definition runs. Deploys pass the commit\'s tag: -var image_tag=<sha>."\n  type        = string\n  default     = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'service'), 'image_tag')))
    yield '\n}\n'

blocks = {}
debug_info = '1=19&3=23&4=25&14=29'