from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'peering.tf.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_spec = resolve('spec')
    l_0_primary = resolve('primary')
    l_0_n = resolve('n')
    l_0_interp = resolve('interp')
    l_0_expr = resolve('expr')
    try:
        t_1 = environment.filters['hcl']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'hcl' found.")
    pass
    if environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'secondary_region'):
        pass
        l_0_primary = environment.getitem(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'peers'), 0)
        context.vars['primary'] = l_0_primary
        context.exported_vars.add('primary')
        yield '# The path of this region\'s writes to the writer\'s database, and back after a failover: this VPC\n# peered with the primary region\'s (VPC Peering Guide, "VPC peering connections": peering across\n# regions; the ranges may not overlap, which `validate` checks). The database\'s endpoint resolves to\n# its private address from anywhere, as it is not publicly accessible (RDS User Guide, "Working with a\n# DB instance in a VPC"), so the routes below are all the path needs. Apply the primary region first:\n# these data sources read its VPC at plan.\ndata "aws_vpc" "primary" {\n  provider = aws.primary\n\n  tags = {\n    Name = '
        yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'vpc')))
        yield '\n  }\n}\n\ndata "aws_route_table" "primary_private" {\n  provider = aws.primary\n  count    = '
        yield str(t_1(environment.getattr((undefined(name='primary') if l_0_primary is missing else l_0_primary), 'az_count')))
        yield '\n\n  vpc_id = data.aws_vpc.primary.id\n  tags = {\n    Name = '
        yield str(t_1(context.call((undefined(name='interp') if l_0_interp is missing else l_0_interp), context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'private-rt-'), context.call((undefined(name='expr') if l_0_expr is missing else l_0_expr), 'count.index + 1'))))
        yield '\n  }\n}\n\n# Requested here, accepted in the primary region: a peering across regions is not accepted by its\n# request (auto_accept works only within one region).\nresource "aws_vpc_peering_connection" "primary" {\n  vpc_id      = aws_vpc.main.id\n  peer_vpc_id = data.aws_vpc.primary.id\n  peer_region = '
        yield str(t_1(environment.getattr((undefined(name='primary') if l_0_primary is missing else l_0_primary), 'region')))
        yield '\n\n  tags = {\n    Name = '
        yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), str_join(('peering-', environment.getattr((undefined(name='primary') if l_0_primary is missing else l_0_primary), 'region'), '-', environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'region'), )))))
        yield '\n  }\n}\n\nresource "aws_vpc_peering_connection_accepter" "primary" {\n  provider                  = aws.primary\n  vpc_peering_connection_id = aws_vpc_peering_connection.primary.id\n  auto_accept               = true\n\n  # The same name on both sides: each region tags its own view of the connection.\n  tags = {\n    Name = '
        yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), str_join(('peering-', environment.getattr((undefined(name='primary') if l_0_primary is missing else l_0_primary), 'region'), '-', environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'region'), )))))
        yield '\n  }\n}\n\n# The private subnets of each side reach the other\'s range through the peering.\nresource "aws_route" "to_primary" {\n  count                     = '
        yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'network'), 'az_count')))
        yield '\n  route_table_id            = aws_route_table.private[count.index].id\n  destination_cidr_block    = '
        yield str(t_1(environment.getattr((undefined(name='primary') if l_0_primary is missing else l_0_primary), 'vpc_cidr')))
        yield '\n  vpc_peering_connection_id = aws_vpc_peering_connection_accepter.primary.id\n}\n\nresource "aws_route" "from_primary" {\n  provider                  = aws.primary\n  count                     = '
        yield str(t_1(environment.getattr((undefined(name='primary') if l_0_primary is missing else l_0_primary), 'az_count')))
        yield '\n  route_table_id            = data.aws_route_table.primary_private[count.index].id\n  destination_cidr_block    = aws_vpc.main.cidr_block\n  vpc_peering_connection_id = aws_vpc_peering_connection_accepter.primary.id\n}\n'

blocks = {}
debug_info = '1=22&2=24&13=28&19=30&23=32&32=34&35=36&46=38&52=40&54=42&60=44'