from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'versions.tf.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_versions = resolve('versions')
    l_0_backend = resolve('backend')
    try:
        t_1 = environment.filters['hcl']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'hcl' found.")
    pass
    yield 'terraform {\n  required_version = '
    yield str(t_1(environment.getattr((undefined(name='versions') if l_0_versions is missing else l_0_versions), 'terraform')))
    yield '\n\n  required_providers {\n    aws = {\n      source  = '
    yield str(t_1(environment.getattr((undefined(name='versions') if l_0_versions is missing else l_0_versions), 'aws_source')))
    yield '\n      version = '
    yield str(t_1(environment.getattr((undefined(name='versions') if l_0_versions is missing else l_0_versions), 'aws')))
    yield '\n    }\n  }\n'
    if (undefined(name='backend') if l_0_backend is missing else l_0_backend):
        pass
        yield '\n  # One state object per root module, whatever the phase; S3\'s lock file stops two applies at once.\n  backend "s3" {\n    bucket       = '
        yield str(t_1(environment.getattr((undefined(name='backend') if l_0_backend is missing else l_0_backend), 'bucket')))
        yield '\n    key          = '
        yield str(t_1(environment.getattr((undefined(name='backend') if l_0_backend is missing else l_0_backend), 'key')))
        yield '\n    region       = '
        yield str(t_1(environment.getattr((undefined(name='backend') if l_0_backend is missing else l_0_backend), 'region')))
        yield '\n    encrypt      = '
        yield str(t_1(environment.getattr((undefined(name='backend') if l_0_backend is missing else l_0_backend), 'encrypt')))
        yield '\n    use_lockfile = '
        yield str(t_1(environment.getattr((undefined(name='backend') if l_0_backend is missing else l_0_backend), 'use_lockfile')))
        yield '\n  }\n'
    yield '}\n'

blocks = {}
debug_info = '2=20&6=22&7=24&10=26&14=29&15=31&16=33&17=35&18=37'