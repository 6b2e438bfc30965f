"""The network and the web ACLs of every root module of every phase and golden case, stated from the
document and AWS (issue 25: template mutants of vpc.tf.j2 and waf.tf.j2 survived every other judge)."""

from __future__ import annotations

import pytest
from procedures import RENDERS, spec_of
from test_stack_rules import _blocks, _modules

from sagegen.spec import registry as a
from sagegen.spec.layout import root_modules


def _regional(name: str, phase: str | None, region: str):
    """The spec of the root module of `region` (its regional copy, in its database role)."""
    spec, phase = spec_of(name, phase)
    return next(m.spec for m in root_modules(spec) if m.spec.region == region)


def _one(blocks: dict, address: str) -> dict:
    assert address in blocks, f"{address} is not rendered"
    return blocks[address]


@pytest.mark.parametrize("name, phase", RENDERS)
def test_subnets_sit_in_the_specs_zones_and_ranges(name: str, phase: str | None) -> None:
    """The document: two public and two private subnets, one of each per Availability Zone, in the ranges it
    gives. The zones come from the spec, by name, and only while AWS reports them `available`
    (EC2 API Reference, DescribeAvailabilityZones: filters `zone-name`, state `available`)."""
    for region, _, _, parsed in _modules(name, phase):
        spec = _regional(name, phase, region)
        data, resources = _blocks(parsed, "data"), _blocks(parsed, "resource")
        zones = _one(data, f"{a.AVAILABILITY_ZONES.type}.{a.AVAILABILITY_ZONES.name}")
        assert zones.get("state") == "available", (name, region)
        (zone_filter,) = zones["filter"]
        assert zone_filter == {"name": "zone-name", "values": list(spec.availability_zones)}, (name, region)
        locals_ = _blocks(parsed, "locals")
        for kind, ranges in (("public", spec.network.public_subnets), ("private", spec.network.private_subnets)):
            subnet = _one(resources, f"aws_subnet.{kind}")
            assert subnet["count"] == spec.network.az_count == len(ranges), (name, region, kind)
            assert subnet["cidr_block"] == f"${{local.{kind}_subnet_cidrs[count.index]}}", (name, region, kind)
            assert locals_[f"{kind}_subnet_cidrs"] == [str(r) for r in ranges], (name, region, kind)
            assert subnet["availability_zone"] == f"${{{a.AVAILABILITY_ZONES}.names[count.index]}}"


@pytest.mark.parametrize("name, phase", RENDERS)
def test_public_subnets_route_out_through_the_gateway_and_private_ones_through_nat(
    name: str, phase: str | None
) -> None:
    """The document: public subnets reach the internet through the internet gateway, private ones through
    NAT. A subnet not associated with a table uses the VPC's main table, which has no such route
    (VPC User Guide, "Route tables": "Subnet route tables")."""
    for region, _, _, parsed in _modules(name, phase):
        spec = _regional(name, phase, region)
        r = _blocks(parsed, "resource")
        public = _one(r, "aws_route.public_internet")
        assert public["destination_cidr_block"] == "0.0.0.0/0"
        assert public["gateway_id"] == "${aws_internet_gateway.main.id}"
        assert public["route_table_id"] == "${aws_route_table.public.id}"
        private = _one(r, "aws_route.private_nat")
        assert private["destination_cidr_block"] == "0.0.0.0/0" and private["count"] == spec.network.az_count
        nat = "count.index" if spec.network.nat_gateway_per_az else "0"
        assert private["nat_gateway_id"] == f"${{aws_nat_gateway.main[{nat}].id}}", (name, region)
        for kind, table in (
            ("public", "aws_route_table.public.id"),
            ("private", "aws_route_table.private[count.index].id"),
        ):
            association = _one(r, f"aws_route_table_association.{kind}")
            assert association["count"] == spec.network.az_count, (name, region, kind)
            assert association["subnet_id"] == f"${{aws_subnet.{kind}[count.index].id}}", (name, region, kind)
            assert association["route_table_id"] == f"${{{table}}}", (name, region, kind)


@pytest.mark.parametrize("name, phase", RENDERS)
def test_flow_logs_cover_the_vpc_into_the_log_bucket_once_its_policy_is_there(name: str, phase: str | None) -> None:
    """VPC User Guide, "Publish flow logs to Amazon S3": the bucket policy must let the log delivery service
    write; where the bucket has no policy, AWS attaches one itself, which the render's policy would then
    replace. So the flow log waits for the render's policy, and writes under the bucket's ARN."""
    for region, _, _, parsed in _modules(name, phase):
        spec = _regional(name, phase, region)
        r = _blocks(parsed, "resource")
        if not spec.network.flow_logs.enabled:
            assert str(a.FLOW_LOG) not in r
            continue
        flow = _one(r, str(a.FLOW_LOG))
        assert flow["vpc_id"] == "${aws_vpc.main.id}" and flow["traffic_type"] == spec.network.flow_logs.traffic_type
        assert flow["log_destination_type"] == "s3"
        assert flow["log_destination"].startswith("${aws_s3_bucket.logs.arn}/"), flow["log_destination"]
        assert "${aws_s3_bucket_policy.logs}" in flow.get("depends_on", []), (name, region)
        # The delivery service writes to <destination>/AWSLogs/<account>/ (the same guide, "Flow log files"),
        # so the policy grants that path: a prefix it does not name is refused.
        prefix = flow["log_destination"].removeprefix("${aws_s3_bucket.logs.arn}/").strip("/")
        policy = str(r["aws_s3_bucket_policy.logs"]["policy"])
        assert prefix and f"/{prefix}/AWSLogs/" in policy, f"{name} {phase} {region}: no grant for {prefix}"


def _acls(parsed: list[dict]) -> dict[str, dict]:
    return {k: v for k, v in _blocks(parsed, "resource").items() if k.startswith("aws_wafv2_web_acl.")}


@pytest.mark.parametrize("name, phase", RENDERS)
def test_each_web_acl_has_its_scope_region_and_aws_managed_groups(name: str, phase: str | None) -> None:
    """AWS WAF Developer Guide: a web ACL for CloudFront has scope CLOUDFRONT and lives in us-east-1; one
    for an ALB is REGIONAL, in the ALB's region. Rules of one ACL need distinct priorities and names
    (WAFV2 API Reference, Rule: Priority, Name); AWS's managed rule groups have the vendor `AWS`."""
    for region, _, _, parsed in _modules(name, phase):
        spec = _regional(name, phase, region)
        resources = _blocks(parsed, "resource")
        for address, acl in _acls(parsed).items():
            where = address.split(".")[1]
            assert where in ("alb", "cloudfront") and getattr(spec.waf, where), (name, region, address)
            assert acl["scope"] == ("CLOUDFRONT" if where == "cloudfront" else "REGIONAL"), (name, region, address)
            assert (acl.get("provider") == "${aws.us_east_1}") == (where == "cloudfront"), (name, region, address)
            rules = acl["rule"]
            assert len({r["priority"] for r in rules}) == len({r["name"] for r in rules}) == len(rules)
            groups = [r["statement"][0]["managed_rule_group_statement"][0] for r in rules if
                      "managed_rule_group_statement" in r["statement"][0]]  # fmt: skip
            assert [g["name"] for g in groups] == list(spec.waf.rule_groups), (name, region, address)
            assert all(g["vendor_name"] == "AWS" for g in groups)
            rates = [
                r["statement"][0]["rate_based_statement"][0]
                for r in rules
                if "rate_based_statement" in r["statement"][0]
            ]
            assert len(rates) == (spec.waf.rate_limit is not None)
            for rate in rates:  # the document's limit is per client address
                assert rate["aggregate_key_type"] == "IP" and rate["limit"] == spec.waf.rate_limit
            if where == "alb":
                association = _one(resources, str(a.ALB_WAF_ASSOCIATION))
                assert association["web_acl_arn"] == f"${{{address}.arn}}"


@pytest.mark.parametrize("name, phase", RENDERS)
def test_every_rule_and_acl_is_measured_and_sampled(name: str, phase: str | None) -> None:
    """What blocked a request is only known from WAF's metrics and sampled requests (WAF Developer Guide,
    "Monitoring": visibility configuration); each metric name is unique in its ACL, so a rule's count
    is not added to another's."""
    for region, _, _, parsed in _modules(name, phase):
        for address, acl in _acls(parsed).items():
            configs = [acl["visibility_config"][0], *(r["visibility_config"][0] for r in acl["rule"])]
            assert all(c["cloudwatch_metrics_enabled"] is True for c in configs), (name, region, address)
            assert all(c["sampled_requests_enabled"] is True for c in configs), (name, region, address)
            names = [c["metric_name"] for c in configs]
            assert len(set(names)) == len(names) and all(names), (name, region, address, names)
            assert all(n.startswith(acl["name"]) for n in names), (name, region, address, names)


@pytest.mark.parametrize("name, phase", RENDERS)
def test_waf_logs_go_to_an_aws_waf_logs_group_of_the_acls_own_region(name: str, phase: str | None) -> None:
    """WAF Developer Guide, "CloudWatch Logs": the log group's name must start with `aws-waf-logs-`, and it
    must be in the web ACL's region (us-east-1 for CloudFront's)."""
    for region, _, _, parsed in _modules(name, phase):
        resources = _blocks(parsed, "resource")
        for address, acl in _acls(parsed).items():
            where = address.split(".")[1]
            group = _one(resources, f"aws_cloudwatch_log_group.waf_{where}")
            assert group["name"].startswith("aws-waf-logs-"), (name, region, group["name"])
            logging = _one(resources, f"aws_wafv2_web_acl_logging_configuration.{where}")
            assert logging["resource_arn"] == f"${{{address}.arn}}"
            assert logging["log_destination_configs"] == [f"${{aws_cloudwatch_log_group.waf_{where}.arn}}"]
            for body in (group, logging):
                assert body.get("provider") == acl.get("provider"), (name, region, address)
