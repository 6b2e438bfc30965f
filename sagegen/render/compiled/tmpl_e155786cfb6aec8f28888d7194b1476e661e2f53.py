from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'providers.tf.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_spec = resolve('spec')
    l_0_default_tags = resolve('default_tags')
    try:
        t_1 = environment.filters['hcl']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'hcl' found.")
    pass
    yield 'provider "aws" {\n  region = '
    yield str(t_1(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'region')))
    yield '\n\n  default_tags {\n    tags = '
    yield str(t_1((undefined(name='default_tags') if l_0_default_tags is missing else l_0_default_tags)))
    yield '\n  }\n}\n\n'
    if environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'frontend'):
        pass
        yield '# CloudFront only accepts ACM certificates issued in us-east-1.\nprovider "aws" {\n  alias  = "us_east_1"\n  region = "us-east-1"\n\n  default_tags {\n    tags = '
        yield str(t_1((undefined(name='default_tags') if l_0_default_tags is missing else l_0_default_tags)))
        yield '\n  }\n}\n'
    if environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'secondary_region'):
        pass
        yield '\n# The primary region, for this region\'s half of the VPC peering (the accepter and the primary\'s routes\n# back) and, while the primary writes, its database\'s ARN for this region\'s replica (rds.tf).\nprovider "aws" {\n  alias  = "primary"\n  region = '
        yield str(t_1(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'primary_region')))
        yield '\n\n  default_tags {\n    tags = '
        yield str(t_1((undefined(name='default_tags') if l_0_default_tags is missing else l_0_default_tags)))
        yield '\n  }\n}\n'
    elif environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'replicates_from'):
        pass
        yield '\n# The region that writes since a failover (writer_region): its database\'s ARN for this region\'s\n# replica, and its password (rds.tf).\nprovider "aws" {\n  alias  = "writer"\n  region = '
        yield str(t_1(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'replicates_from')))
        yield '\n\n  default_tags {\n    tags = '
        yield str(t_1((undefined(name='default_tags') if l_0_default_tags is missing else l_0_default_tags)))
        yield '\n  }\n}\n'

blocks = {}
debug_info = '2=20&5=22&9=24&16=27&20=29&26=32&29=34&32=36&38=39&41=41'