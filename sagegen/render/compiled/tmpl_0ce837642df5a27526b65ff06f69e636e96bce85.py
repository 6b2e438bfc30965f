from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'ecr.tf.j2'

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
    yield 'resource "aws_ecr_repository" "backend" {\n  name                 = '
    yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'ecr_repository')))
    yield '\n  image_tag_mutability = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'service'), 'image_tag_mutability')))
    yield '\n\n  image_scanning_configuration {\n    scan_on_push = true\n  }\n\n  encryption_configuration {\n    encryption_type = "AES256"\n  }\n}\n'

blocks = {}
debug_info = '2=20&3=22'