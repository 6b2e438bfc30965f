from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'vpc.tf.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_spec = resolve('spec')
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
    yield '# The spec names the zones: a zone AWS adds or retires never reorders the\n# list and replaces a subnet. Plan fails if one is not available.\ndata "aws_availability_zones" "available" {\n  state = "available"\n\n  filter {\n    name   = "zone-name"\n    values = '
    yield str(t_1(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'availability_zones')))
    yield '\n  }\n}\n\nlocals {\n  public_subnet_cidrs  = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'network'), 'public_subnets')))
    yield '\n  private_subnet_cidrs = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'network'), 'private_subnets')))
    yield '\n}\n\nresource "aws_vpc" "main" {\n  cidr_block           = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'network'), 'vpc_cidr')))
    yield '\n  enable_dns_hostnames = true\n  enable_dns_support   = true\n\n  tags = {\n    Name = '
    yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'vpc')))
    yield '\n  }\n}\n'
    if environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'network'), 'lock_default_security_group'):
        pass
        yield '\n# The default security group, stripped of its rules: a resource that falls\n# into it by mistake can reach nothing and be reached by nothing.\nresource "aws_default_security_group" "default" {\n  vpc_id = aws_vpc.main.id\n\n  tags = {\n    Name = '
        yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'default-sg-locked')))
        yield '\n  }\n}\n'
    if environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'network'), 'flow_logs'), 'enabled'):
        pass
        yield '\n# VPC flow logs, into the log bucket (see logging.tf)\nresource "aws_flow_log" "main" {\n  vpc_id               = aws_vpc.main.id\n  traffic_type         = '
        yield str(t_1(environment.getattr(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'network'), 'flow_logs'), 'traffic_type')))
        yield '\n  log_destination_type = "s3"\n  log_destination      = '
        yield str(t_1(context.call((undefined(name='interp') if l_0_interp is missing else l_0_interp), context.call((undefined(name='expr') if l_0_expr is missing else l_0_expr), 'aws_s3_bucket.logs.arn'), '/vpc-flow-logs/')))
        yield '\n\n  tags = {\n    Name = '
        yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'flow-logs')))
        yield '\n  }\n\n  depends_on = [aws_s3_bucket_policy.logs]\n}\n'
    yield '\n# Public subnets, one per AZ\nresource "aws_subnet" "public" {\n  count             = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'network'), 'az_count')))
    yield '\n  vpc_id            = aws_vpc.main.id\n  cidr_block        = local.public_subnet_cidrs[count.index]\n  availability_zone = data.aws_availability_zones.available.names[count.index]\n\n  # Only the ALB and the NAT gateways live here, and they get their addresses\n  # from AWS; nothing launched here by mistake gets a public IP.\n  map_public_ip_on_launch = false\n\n  tags = {\n    Name = '
    yield str(t_1(context.call((undefined(name='interp') if l_0_interp is missing else l_0_interp), context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'public-'), context.call((undefined(name='expr') if l_0_expr is missing else l_0_expr), 'count.index + 1'))))
    yield '\n  }\n}\n\n# Private subnets, one per AZ\nresource "aws_subnet" "private" {\n  count             = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'network'), 'az_count')))
    yield '\n  vpc_id            = aws_vpc.main.id\n  cidr_block        = local.private_subnet_cidrs[count.index]\n  availability_zone = data.aws_availability_zones.available.names[count.index]\n\n  tags = {\n    Name = '
    yield str(t_1(context.call((undefined(name='interp') if l_0_interp is missing else l_0_interp), context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'private-'), context.call((undefined(name='expr') if l_0_expr is missing else l_0_expr), 'count.index + 1'))))
    yield '\n  }\n}\n\nresource "aws_internet_gateway" "main" {\n  vpc_id = aws_vpc.main.id\n\n  tags = {\n    Name = '
    yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'igw')))
    yield '\n  }\n}\n\n# NAT gateways give the private subnets a way out\nresource "aws_eip" "nat" {\n  count  = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'network'), 'nat_gateway_count')))
    yield '\n  domain = "vpc"\n\n  tags = {\n    Name = '
    yield str(t_1(context.call((undefined(name='interp') if l_0_interp is missing else l_0_interp), context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'nat-eip-'), context.call((undefined(name='expr') if l_0_expr is missing else l_0_expr), 'count.index + 1'))))
    yield '\n  }\n}\n\nresource "aws_nat_gateway" "main" {\n  count         = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'network'), 'nat_gateway_count')))
    yield '\n  allocation_id = aws_eip.nat[count.index].id\n  subnet_id     = aws_subnet.public[count.index].id\n\n  tags = {\n    Name = '
    yield str(t_1(context.call((undefined(name='interp') if l_0_interp is missing else l_0_interp), context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'nat-'), context.call((undefined(name='expr') if l_0_expr is missing else l_0_expr), 'count.index + 1'))))
    yield '\n  }\n\n  # A NAT gateway only works once the VPC has its internet gateway.\n  depends_on = [aws_internet_gateway.main]\n}\n\n# Routes: public subnets through the internet gateway, private ones through NAT\nresource "aws_route_table" "public" {\n  vpc_id = aws_vpc.main.id\n\n  tags = {\n    Name = '
    yield str(t_1(context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'public-rt')))
    yield '\n  }\n}\n\nresource "aws_route" "public_internet" {\n  route_table_id         = aws_route_table.public.id\n  destination_cidr_block = "0.0.0.0/0"\n  gateway_id             = aws_internet_gateway.main.id\n}\n\nresource "aws_route_table_association" "public" {\n  count          = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'network'), 'az_count')))
    yield '\n  subnet_id      = aws_subnet.public[count.index].id\n  route_table_id = aws_route_table.public.id\n}\n\nresource "aws_route_table" "private" {\n  count  = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'network'), 'az_count')))
    yield '\n  vpc_id = aws_vpc.main.id\n\n  tags = {\n    Name = '
    yield str(t_1(context.call((undefined(name='interp') if l_0_interp is missing else l_0_interp), context.call(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'of_resource'), 'private-rt-'), context.call((undefined(name='expr') if l_0_expr is missing else l_0_expr), 'count.index + 1'))))
    yield '\n  }\n}\n\nresource "aws_route" "private_nat" {\n  count                  = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'network'), 'az_count')))
    yield '\n  route_table_id         = aws_route_table.private[count.index].id\n  destination_cidr_block = "0.0.0.0/0"\n'
    if environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'network'), 'nat_gateway_per_az'):
        pass
        yield '  nat_gateway_id = aws_nat_gateway.main[count.index].id\n'
    else:
        pass
        yield '  nat_gateway_id = aws_nat_gateway.main[0].id\n'
    yield '}\n\nresource "aws_route_table_association" "private" {\n  count          = '
    yield str(t_1(environment.getattr(environment.getattr((undefined(name='spec') if l_0_spec is missing else l_0_spec), 'network'), 'az_count')))
    yield '\n  subnet_id      = aws_subnet.private[count.index].id\n  route_table_id = aws_route_table.private[count.index].id\n}\n'

blocks = {}
debug_info = '8=22&13=24&14=26&18=28&23=30&26=32&34=35&38=37&43=40&45=42&48=44&57=47&67=49&73=51&79=53&87=55&93=57&97=59&102=61&107=63&119=65&130=67&136=69&140=71&145=73&148=75&156=82'