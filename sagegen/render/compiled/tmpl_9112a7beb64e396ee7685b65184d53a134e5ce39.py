from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'deploy.tf.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_spec = resolve('spec')
    l_0_github = resolve('github')
    l_0_n = resolve('n')
    try:
        t_1 = environment.filters['hcl']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'hcl' found.")
    pass
    if (environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'deploy') and (not environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'secondary_region'))):
        pass
        yield '# GitHub Actions deploys with short-lived OIDC tokens: no AWS keys are stored in GitHub.\n'
        if environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'deploy'), 'create_oidc_provider'):
            pass
            yield 'resource "aws_iam_openid_connect_provider" "github" {\n  url            = '
            yield str(t_1(environment.getattr((undefined(name='github') if l_0_github is missing else l_0_github), 'oidc_url')))
            yield '\n  client_id_list = '
            yield str(t_1([environment.getattr((undefined(name='github') if l_0_github is missing else l_0_github), 'audience')]))
            yield '\n\n  tags = {\n    Name = '
            yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'github-oidc')))
            yield '\n  }\n}\n'
        else:
            pass
            yield '# The account\'s GitHub identity provider exists already (one per URL and account).\ndata "aws_iam_openid_connect_provider" "github" {\n  url = '
            yield str(t_1(environment.getattr((undefined(name='github') if l_0_github is missing else l_0_github), 'oidc_url')))
            yield '\n}\n'
        yield '\n# One role per workflow, each assumable only by that workflow\'s file run from the deploy branch (the\n# subject names both: the README\'s first step has GitHub put the workflow in it), each allowed only\n# what its workflow does. A frontend dependency cannot reach the backend\'s role, nor the other way.\n\n# The backend workflow\'s: push images, register task definitions, roll the ECS service in every region.\nresource "aws_iam_role" "github_deploy" {\n  name = '
        yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'github_deploy_role')))
        yield '\n\n  assume_role_policy = jsonencode('
        yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='github') if l_0_github is missing else l_0_github), 'roles'), 'backend'), 'trust_policy')))
        yield ')\n}\n\nresource "aws_iam_role_policy" "github_deploy" {\n  name = '
        yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'github-deploy')))
        yield '\n  role = aws_iam_role.github_deploy.id\n\n  policy = jsonencode('
        yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='github') if l_0_github is missing else l_0_github), 'roles'), 'backend'), 'policy')))
        yield ')\n}\n'
        if ('frontend' in environment.getattr((undefined(name='github') if l_0_github is missing else l_0_github), 'roles')):
            pass
            yield '\n# The frontend workflow\'s deploy job: sync the built app to its bucket, invalidate CloudFront.\nresource "aws_iam_role" "github_deploy_frontend" {\n  name = '
            yield str(t_1(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'github_deploy_frontend_role')))
            yield '\n\n  assume_role_policy = jsonencode('
            yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='github') if l_0_github is missing else l_0_github), 'roles'), 'frontend'), 'trust_policy')))
            yield ')\n}\n\nresource "aws_iam_role_policy" "github_deploy_frontend" {\n  name = '
            yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'github-deploy-frontend')))
            yield '\n  role = aws_iam_role.github_deploy_frontend.id\n\n  policy = jsonencode('
            yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='github') if l_0_github is missing else l_0_github), 'roles'), 'frontend'), 'policy')))
            yield ')\n}\n'

blocks = {}
debug_info = '1=20&3=23&5=26&6=28&9=30&15=35&25=38&27=40&31=42&34=44&36=46&40=49&42=51&46=53&49=55'