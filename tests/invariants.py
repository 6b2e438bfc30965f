"""What a correct stack is, stated once, independent of the golden files (issue 17).

The golden files catch every change; these catch a wrong one even after the golden files have been
regenerated. Each invariant reads a parsed render (`instances`, counts expanded and `count.index`
replaced by each instance's index) and the spec it came from, and returns what it finds wrong.
The facts come from the document and from AWS, not from sagegen's own tables:

- the security-group chain of the document's section 5 (ALB -> backend -> RDS/Redis, nothing else);
- databases and caches in their group and the private subnets (the document's section 4);
- a NAT gateway per AZ means each private subnet leaves through its own AZ's (AWS NAT gateway docs:
  "create a NAT gateway in each Availability Zone ... configure your routing to ensure that resources
  use the NAT gateway in the same Availability Zone");
- the dimensions CloudWatch publishes per namespace (AWS/RDS: DBInstanceIdentifier; AWS/ElastiCache:
  CacheClusterId; AWS/ECS: ClusterName + ServiceName; AWS/ApplicationELB: LoadBalancer, TargetGroup);
- the provider's "Forces new resource" arguments of the resources that hold data (the hashicorp/aws
  5.x resource pages), so `impact` can never call a replacement an update.
"""

from __future__ import annotations

import re

from sagegen.insight.impact import FORCES_REPLACEMENT, STATEFUL, instances

REF = re.compile(r"^\$\{(.+)\}$")

# Resource types that hold data a replacement or destroy loses (the document's stateful services).
HOLDS_DATA = {
    "aws_db_instance": "the database",
    "aws_elasticache_replication_group": "the cache's keys",
    "aws_s3_bucket": "the objects",
    "aws_secretsmanager_secret": "the secret's value",
    "aws_secretsmanager_secret_version": "the secret's value",
}

# hashicorp/aws 5.x, each resource's page, arguments marked "Forces new resource" (those sagegen sets).
FORCE_NEW = {
    "aws_db_instance": {"engine", "db_name", "username", "storage_encrypted", "availability_zone", "kms_key_id"},
    "aws_elasticache_replication_group": {
        "replication_group_id",
        "at_rest_encryption_enabled",
        "port",
        "subnet_group_name",
        "kms_key_id",
    },
    "aws_s3_bucket": {"bucket", "bucket_prefix"},
    "aws_secretsmanager_secret": {"name", "name_prefix"},
}

# namespace -> the dimension names CloudWatch publishes there, and the resource each one names.
DIMENSIONS = {
    "AWS/RDS": {"DBInstanceIdentifier": ("aws_db_instance", "identifier")},
    "AWS/ElastiCache": {"CacheClusterId": ("aws_elasticache_replication_group", "id")},
    "AWS/ECS": {"ClusterName": ("aws_ecs_cluster", "name"), "ServiceName": ("aws_ecs_service", "name")},
    "ECS/ContainerInsights": {"ClusterName": ("aws_ecs_cluster", "name"), "ServiceName": ("aws_ecs_service", "name")},
    "AWS/ApplicationELB": {
        "LoadBalancer": ("aws_lb", "arn_suffix"),
        "TargetGroup": ("aws_lb_target_group", "arn_suffix"),
    },
}


def expanded(files: dict[str, str]) -> dict[str, dict]:
    """{address: arguments} of one root module, with `count.index` replaced by each instance's index."""
    found = {}
    for address, body in instances(files).items():
        index = re.search(r"\[(\d+)\]$", address)
        found[address] = _substitute(body, index.group(1)) if index else body
    return found


def _substitute(value: object, index: str) -> object:
    if isinstance(value, str):
        return value.replace("[count.index]", f"[{index}]").replace("count.index", index)
    if isinstance(value, list):
        return [_substitute(v, index) for v in value]
    if isinstance(value, dict):
        return {k: _substitute(v, index) for k, v in value.items()}
    return value


def ref(value: object) -> str | None:
    """`aws_x.y[0]` of `${aws_x.y[0].id}` (the resource a reference points at), else None."""
    if not isinstance(value, str) or not (m := REF.match(value)):
        return None
    parts = m.group(1).split(".")
    return ".".join(parts[:2]) if len(parts) >= 2 else None


def _rules(r: dict, kind: str) -> dict[str, set]:
    """{group address: {(protocol, from_port, to_port, peer)}} of the ingress or egress rules."""
    rules: dict[str, set] = {}
    for address, body in r.items():
        if address.startswith(f"aws_vpc_security_group_{kind}_rule."):
            peer = ref(body.get("referenced_security_group_id")) or body.get("cidr_ipv4") or body.get("prefix_list_id")
            group = ref(body["security_group_id"])
            port = (body.get("ip_protocol"), body.get("from_port"), body.get("to_port"), peer)
            rules.setdefault(group, set()).add(port)
    return rules


def security_group_chain(r: dict, spec) -> list[str]:
    """Exactly the document's chain: the ALB takes 443 (and 80) from anywhere and reaches only the
    backend's container port; the backend takes that port from the ALB only and reaches the database
    and cache ports and HTTPS; the database and the cache take their own port from the backend only.
    Every rule is TCP, as the document's ingress rules are; its all-protocol egress is the departure
    security_groups.tf states (egress narrowed to the ports each group needs). Across peered regions the
    backend reaches, and the database admits, the database port of the other VPC's range alone: a group
    of a peer VPC in another region cannot be named (VPC Peering Guide, "Update your security groups to
    reference peer security groups")."""
    sg = "aws_security_group."
    app, db, cache = spec.service.container_port, spec.database.port, spec.cache.port
    peered = {("tcp", db, db, peer.vpc_cidr) for peer in spec.peers}
    want_in = {
        sg + "backend": {("tcp", app, app, sg + "alb")},
        sg + "rds": {("tcp", db, db, sg + "backend")} | peered,
        sg + "redis": {("tcp", cache, cache, sg + "backend")},
    }
    want_out = {
        sg + "alb": {("tcp", app, app, sg + "backend")},
        sg + "backend": {
            ("tcp", db, db, sg + "rds"),
            ("tcp", cache, cache, sg + "redis"),
            ("tcp", 443, 443, "0.0.0.0/0"),
        }
        | peered,
    }
    got_in, got_out = _rules(r, "ingress"), _rules(r, "egress")
    wrong = []
    for group, rules in want_in.items():
        if got_in.get(group, set()) != rules:
            wrong.append(f"{group} admits {sorted(got_in.get(group, set()), key=str)}, not {sorted(rules, key=str)}")
    alb_in = got_in.get(sg + "alb", set())
    https, http = ("tcp", 443, 443, "0.0.0.0/0"), ("tcp", 80, 80, "0.0.0.0/0")
    if https not in alb_in or not alb_in <= {https, http}:
        wrong.append(f"the ALB admits {sorted(alb_in, key=str)}")
    for group, rules in want_out.items():
        if got_out.get(group, set()) != rules:
            wrong.append(f"{group} reaches {sorted(got_out.get(group, set()), key=str)}, not {sorted(rules, key=str)}")
    for group in (sg + "rds", sg + "redis"):
        if got_out.get(group):
            wrong.append(f"{group} has egress rules {got_out[group]}")
    return wrong


def placement(r: dict, spec) -> list[str]:
    """Every database instance, replica and cache sits in its own group and the private subnets."""
    wrong = []
    private = "${aws_subnet.private[*].id}"
    for address, body in r.items():
        if address.startswith("aws_db_instance."):
            if body.get("vpc_security_group_ids") != ["${aws_security_group.rds.id}"]:
                wrong.append(f"{address} is in {body.get('vpc_security_group_ids')}, not the RDS group")
            if "replicate_source_db" in body and address != "aws_db_instance.postgres":  # (that one: one_writer)
                if ref(body["replicate_source_db"]) != "aws_db_instance.postgres":
                    wrong.append(f"{address} replicates {body['replicate_source_db']}, not the primary")
            else:
                group = r.get(ref(body.get("db_subnet_group_name")) or "", {})
                if group.get("subnet_ids") != private:
                    wrong.append(f"{address} is in subnets {group.get('subnet_ids')}, not the private ones")
                if body.get("publicly_accessible") not in (None, False):
                    wrong.append(f"{address} is publicly accessible")
        if address.startswith("aws_elasticache_replication_group."):
            if body.get("security_group_ids") != ["${aws_security_group.redis.id}"]:
                wrong.append(f"{address} is in {body.get('security_group_ids')}, not the Redis group")
            group = r.get(ref(body.get("subnet_group_name")) or "", {})
            if group.get("subnet_ids") != private:
                wrong.append(f"{address} is in subnets {group.get('subnet_ids')}, not the private ones")
    return wrong


def nat_routing(r: dict, spec) -> list[str]:
    """Each private subnet's default route leaves through a NAT gateway in a public subnet; with one
    gateway per AZ, through the gateway of its own AZ."""
    wrong = []
    tables = {
        ref(b["subnet_id"]): ref(b["route_table_id"])
        for a, b in r.items()
        if a.startswith("aws_route_table_association.private")
    }
    routes = {
        ref(b["route_table_id"]): ref(b.get("nat_gateway_id"))
        for a, b in r.items()
        if a.startswith("aws_route.") and b.get("destination_cidr_block") == "0.0.0.0/0"
    }
    subnets = [a for a in r if a.startswith("aws_subnet.private")]
    gateways = {routes.get(tables.get(s)) for s in subnets}
    for subnet in subnets:
        gateway = routes.get(tables.get(subnet))
        if gateway is None or gateway not in r:
            wrong.append(f"{subnet} has no default route through a NAT gateway")
            continue
        public = ref(r[gateway].get("subnet_id"))
        if not (public or "").startswith("aws_subnet.public"):
            wrong.append(f"{gateway} of {subnet} is not in a public subnet")
        elif spec.network.nat_gateway_per_az and r[public].get("availability_zone") != r[subnet].get(
            "availability_zone"
        ):
            wrong.append(f"{subnet} leaves through {gateway}, in another AZ")
    if spec.network.nat_gateway_per_az and len(gateways) != len(subnets):
        wrong.append(f"{len(subnets)} private subnets share {len(gateways)} NAT gateway(s)")
    return wrong


def alarms(r: dict, spec) -> list[str]:
    """Every alarm watches a resource of this module by a dimension its namespace publishes, watches
    a replica's lag on a replica, and notifies the alerts topic."""
    wrong = []
    for address, body in r.items():
        if not address.startswith("aws_cloudwatch_metric_alarm."):
            continue
        published = DIMENSIONS.get(body.get("namespace"), {})
        if not body.get("dimensions"):  # no dimension: the namespace's aggregate of every resource
            wrong.append(f"{address} names no dimension: it watches all of {body.get('namespace')}, not one resource")
        for name, value in (body.get("dimensions") or {}).items():
            if name not in published:
                wrong.append(f"{address}: {body.get('namespace')} publishes no dimension {name}")
                continue
            kind, attribute = published[name]
            target = re.search(rf"\b({kind}\.[a-z_]+(?:\[\d+\])?)\.{attribute}\b", value)
            if target is None or target.group(1) not in r:
                wrong.append(f"{address}: {name} = {value} names no {kind} of this module")
                continue
            if body.get("metric_name") == "ReplicaLag" and "replicate_source_db" not in r[target.group(1)]:
                wrong.append(f"{address} watches the lag of {target.group(1)}, which is no replica")
        if "${aws_sns_topic.alerts.arn}" not in (body.get("alarm_actions") or []):
            wrong.append(f"{address} notifies {body.get('alarm_actions')}, not the alerts topic")
        dimensions = set(body.get("dimensions") or {})
        if "TargetGroup" in dimensions and "LoadBalancer" not in dimensions:
            wrong.append(f"{address}: ELB publishes target metrics per LoadBalancer and TargetGroup, never alone")
        if "ServiceName" in dimensions and "ClusterName" not in dimensions:  # ECS: a service's, in its cluster
            wrong.append(f"{address}: ECS publishes a service's metrics per ClusterName and ServiceName, never alone")
    return wrong


# What an outage looks like to CloudWatch, each (namespace, metric, comparison): the load balancer's own
# 5xx and the tasks' 5xx, unhealthy targets, the database's free storage (ELB User Guide, "CloudWatch
# metrics for your Application Load Balancer"; RDS User Guide, "Amazon CloudWatch metrics for Amazon RDS").
OUTAGE_SIGNALS = {
    ("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "GreaterThanThreshold"),
    ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "GreaterThanThreshold"),
    ("AWS/ApplicationELB", "UnHealthyHostCount", "GreaterThanThreshold"),
    ("AWS/RDS", "FreeStorageSpace", "LessThanThreshold"),
}
# With Container Insights, ECS publishes the running task count (ECS Developer Guide, "Amazon ECS
# Container Insights metrics"); a service with none running is down whatever the load balancer says.
RUNNING_TASKS = ("ECS/ContainerInsights", "RunningTaskCount", "LessThanThreshold")


def outage_alarms(r: dict, spec) -> list[str]:
    """An outage reaches the alerts topic: an alarm on each of its signals, and a database that grows its
    storage before it fills (storage autoscaling, unless the spec turns it off)."""
    watched = {
        (b.get("namespace"), b.get("metric_name"), b.get("comparison_operator"))
        for a, b in r.items()
        if a.startswith("aws_cloudwatch_metric_alarm.")
    }
    wanted = OUTAGE_SIGNALS | ({RUNNING_TASKS} if spec.service.container_insights else set())
    wrong = [f"no alarm on {metric} ({namespace})" for namespace, metric, _ in sorted(wanted - watched)]
    primary = r.get("aws_db_instance.postgres", {})
    storage = primary.get("max_allocated_storage")
    if spec.database.max_allocated_storage and not (
        isinstance(storage, int) and storage > spec.database.allocated_storage
    ):
        wrong.append(
            f"aws_db_instance.postgres grows its storage to {storage}, not above {spec.database.allocated_storage}"
        )
    return wrong


def default_tags(providers_tf: dict, spec) -> list[str]:
    """Every aws provider block tags every resource with Project, Environment and ManagedBy."""
    want = {"Project": spec.project, "Environment": spec.environment, "ManagedBy": "sagegen", **spec.tags}
    wrong = []
    blocks = providers_tf.get("provider", [])
    aws = [b["aws"] for b in blocks if "aws" in b]
    if not aws:
        wrong.append("no aws provider block")
    for block in aws:
        tags = block.get("default_tags") or [{}]
        tags = tags[0] if isinstance(tags, list) else tags
        if tags.get("tags") != want:
            wrong.append(f"provider {block.get('alias', 'aws')} default tags {tags.get('tags')}, not {want}")
    return wrong


# A fresh apply needs these orderings that no reference implies (each: what breaks without it).
ORDERINGS = {
    "aws_ecs_service.backend": ("aws_lb_listener.https", "the target group has no load balancer yet"),
    "aws_nat_gateway.main": ("aws_internet_gateway.main", "a NAT gateway needs the internet gateway"),
    "aws_db_instance.postgres": ("aws_cloudwatch_log_group.rds", "RDS would create the log groups itself"),
}


def orderings(r: dict, spec) -> list[str]:
    wrong = []
    for address, body in r.items():
        base = re.sub(r"\[\d+\]$", "", address)
        if base in ORDERINGS:
            needed, why = ORDERINGS[base]
            if "${" + needed + "}" not in (body.get("depends_on") or []):
                wrong.append(f"{address} lacks depends_on {needed} ({why})")
    return wrong


def impact_tables(r: dict, spec) -> list[str]:
    """Every resource that holds data is stateful to `impact`, and every argument it sets that forces
    a replacement is in `impact`'s table."""
    wrong = []
    for address, body in r.items():
        kind = address.split(".")[0]
        if kind in HOLDS_DATA and kind not in STATEFUL:
            wrong.append(f"{address} holds {HOLDS_DATA[kind]} but impact does not count it stateful")
        missing = (FORCE_NEW.get(kind, set()) & set(body)) - FORCES_REPLACEMENT.get(kind, frozenset())
        if missing:
            wrong.append(f"{address}: impact does not know that {sorted(missing)} force a replacement")
    return wrong


def replica_sources(r: dict, spec) -> list[str]:
    """RDS refuses a read replica of an instance whose master password it manages in Secrets Manager
    (RDS User Guide, "Password management with Amazon RDS and AWS Secrets Manager", Limitations). The
    emulator's rule R1 (docs/aws-rules.md) refuses the apply; this says so of the render itself."""
    wrong = []
    for address, body in r.items():
        source = ref(body.get("replicate_source_db"))
        primary = r.get(source) if source else None
        if primary is not None and str(primary.get("manage_master_user_password")).lower() == "true":
            wrong.append(f"{address} replicates {source}, whose master password RDS manages: RDS refuses it")
    return wrong


def bucket_policies(r: dict, spec) -> list[str]:
    """A bucket policy that lets an AWS service in says for whom: without `aws:SourceArn` or
    `aws:SourceAccount` any account's use of that service may act on the bucket (IAM User Guide, "The
    confused deputy problem"). CloudFront reads the frontend bucket for this distribution only
    (CloudFront Developer Guide, "Restrict access to an Amazon S3 origin": `AWS:SourceArn` equal to
    the distribution's ARN), for every action it is given, ListBucket included."""
    from sagegen.render.hcl_reader import decode_jsonencode

    wrong = []
    for address, body in r.items():
        if not address.startswith("aws_s3_bucket_policy."):
            continue
        for statement in decode_jsonencode(body["policy"])["Statement"]:
            principal = statement.get("Principal")
            service = principal.get("Service") if isinstance(principal, dict) else None
            if statement.get("Effect") != "Allow" or not service:
                continue
            conditions = {k.lower(): v for test in (statement.get("Condition") or {}).values() for k, v in test.items()}
            sid = statement.get("Sid")
            if not conditions.keys() & {"aws:sourcearn", "aws:sourceaccount"}:
                wrong.append(f"{address}: {sid} lets {service} act for any account")
            equals = {k.lower(): v for k, v in (statement.get("Condition") or {}).get("StringEquals", {}).items()}
            source = ref(equals.get("aws:sourcearn"))
            if service == "cloudfront.amazonaws.com" and not (source or "").startswith("aws_cloudfront_distribution."):
                wrong.append(f"{address}: {sid} lets any CloudFront distribution in")
    return wrong


def deployments(r: dict, spec) -> list[str]:
    """A deployment whose tasks never get healthy stops and rolls back to the last one that did (ECS
    Developer Guide, "How the Amazon ECS deployment circuit breaker detects failures": without
    rollback the failed deployment stays, and the service keeps replacing its tasks)."""
    wrong = []
    for address, body in r.items():
        if address.startswith("aws_ecs_service."):
            breaker = body.get("deployment_circuit_breaker") or [{}]
            if breaker[0].get("enable") is not True or breaker[0].get("rollback") is not True:
                wrong.append(f"{address}: deployment circuit breaker {breaker[0]} does not roll back")
    return wrong


def write_only_secrets(r: dict, spec) -> list[str]:
    """No secret value a user gives reaches the state or a plan file: each application secret is written
    with the provider's write-only `secret_string_wo` from an ephemeral variable (Terraform 1.11 docs,
    "Use temporary write-only arguments"; hashicorp/aws aws_secretsmanager_secret_version). The Redis
    token is the one value in the state, and docs/security.md says where and why."""
    wrong = []
    for address, body in r.items():
        if (
            address.startswith("aws_secretsmanager_secret_version.")
            and address != "aws_secretsmanager_secret_version.redis_auth"
        ):
            if "secret_string" in body or "secret_binary" in body:
                wrong.append(f"{address} keeps its value in the state (secret_string, not secret_string_wo)")
    return wrong


def one_password(r: dict, spec) -> list[str]:
    """The instance and the secret the tasks read cannot hold different passwords: the instance takes the
    value the secret's version holds, read in the same apply (an ephemeral resource whose version_id is
    unknown until that version is written is opened at apply: Terraform docs, "Ephemeral resources"),
    never the generator's draw, which a failed first apply would leave in the secret alone."""
    primary = r.get("aws_db_instance.postgres", {})
    if spec.region != spec.writer:  # a replica has its source's users: the secret copies the writer's
        copied = str(r.get("aws_secretsmanager_secret_version.db_password", {}).get("secret_string_wo", ""))
        if copied != "${ephemeral.aws_secretsmanager_secret_version.writer_db_password.secret_string}":
            return [f"the tasks' password secret holds {copied}, not the writer's password"]
        own = primary.get("password_wo")
        return [f"aws_db_instance.postgres sets a password of its own: {own}"] if own else []
    source = str(primary.get("password_wo", ""))
    if not source.startswith("${ephemeral.aws_secretsmanager_secret_version."):
        return [f"aws_db_instance.postgres takes its password from {source}, not from the secret's version"]
    return []


def cache_token_rotation(r: dict, spec) -> list[str]:
    """A new AUTH token joins the one in use instead of replacing it (ModifyReplicationGroup,
    AuthTokenUpdateStrategy ROTATE: both valid until SET), so the running tasks stay connected; and the
    token has a generation the spec can raise: the secret's version is replaced when it changes."""
    group = r.get("aws_elasticache_replication_group.redis", {})
    if "auth_token" not in group:
        return []
    found = []
    if group.get("auth_token_update_strategy") != "ROTATE":
        found.append(
            f"the cache takes a new token with {group.get('auth_token_update_strategy')!r}, not ROTATE: "
            "connected tasks would be refused until they restart"
        )
    version = r.get("aws_secretsmanager_secret_version.redis_auth", {})
    lifecycle = version.get("lifecycle") or [{}]  # a block: a list of one
    triggers = [str(t) for t in lifecycle[0].get("replace_triggered_by", [])]
    trigger = r.get("terraform_data.redis_auth_version", {})
    if triggers != ["${terraform_data.redis_auth_version}"] or trigger.get("input") != spec.cache.auth_token_version:
        found.append("the Redis token's secret version is not replaced when cache.auth_token_version changes")
    return found


# A task's database URL in its container definitions: the variable and the expression of its host.
DB_URL = re.compile(r'\{name = "(DATABASE_URL|DATABASE_READ_URL)", value = "postgresql://[^@"]*@(?:\$\{)?([^}:]+)\}?:')


def database_urls(r: dict, spec) -> list[str]:
    """The tasks write to the primary and read from the replicas of their own root module: a replica is
    read-only and the instances have no shared reader endpoint (RDS User Guide, "Working with DB
    instance read replicas"; a reader endpoint is Aurora's), so the reader is one name whose weighted
    records (Route 53 Developer Guide, "Weighted routing") hold every replica once, equally, in a private
    zone of the VPC; with no replica, the primary."""
    replicas = sorted(a for a in r if a.startswith("aws_db_instance.postgres_replica["))
    wrong = []
    for address, body in r.items():
        if not address.startswith("aws_ecs_task_definition."):
            continue
        urls = dict(DB_URL.findall(str(body.get("container_definitions", ""))))
        if spec.region != spec.writer:  # the writer of another region, and its replica here (one_writer)
            if urls.get("DATABASE_URL") != "data.aws_db_instance.writer.address":
                wrong.append(
                    f"{address}: DATABASE_URL points at {urls.get('DATABASE_URL')}, not {spec.writer}'s writer"
                )
            if urls.get("DATABASE_READ_URL") != "aws_db_instance.postgres.address":
                wrong.append(f"{address}: DATABASE_READ_URL points at {urls.get('DATABASE_READ_URL')}, not the replica")
            continue
        if urls.get("DATABASE_URL") != "aws_db_instance.postgres.address":
            wrong.append(f"{address}: DATABASE_URL points at {urls.get('DATABASE_URL')}, not the primary")
        reader = urls.get("DATABASE_READ_URL")
        if not replicas:
            if reader != "aws_db_instance.postgres.address":
                wrong.append(f"{address}: DATABASE_READ_URL points at {reader}, not the primary (no replica)")
            continue
        named = {a: b for a, b in r.items() if a.startswith("aws_route53_record.") and b.get("name") == reader}
        held = sorted(x for b in named.values() for x in b.get("records", []))
        if held != sorted(f"${{{replica}.address}}" for replica in replicas):
            wrong.append(f"{address}: DATABASE_READ_URL ({reader}) does not name every replica once: {held}")
            continue
        waits = {ref(d) for d in body.get("depends_on", [])}
        if not {a.split("[")[0] for a in named} <= waits:
            wrong.append(f"{address}: starts before the records of {reader} exist (depends_on {sorted(waits)})")
        records = list(named.values())
        weights = {b.get("weighted_routing_policy", [{}])[0].get("weight") for b in records}
        identifiers = {b.get("set_identifier") for b in records}
        zone = r.get(ref(records[0].get("zone_id")) or "", {})
        if len(weights) != 1 or not all(weights) or len(identifiers) != len(records):
            wrong.append(f"{address}: the replicas' records are not weighted equally ({weights}, {identifiers})")
        if [v.get("vpc_id") for v in zone.get("vpc", [])] != ["${aws_vpc.main.id}"]:
            wrong.append(f"{address}: the replicas' name is not in a private zone of the stack's VPC")
    return wrong


def api_records(r: dict, spec) -> list[str]:
    """With `dns`, every region's module points the API's name at its own load balancer with a latency
    record (Route 53 Developer Guide, "Latency-based routing": one record per region, each its own set
    identifier) whose alias evaluates the targets' health, so an unhealthy region gets no users; and
    every region holds a certificate for that name (ACM certificates are regional)."""
    if not spec.dns:
        return [f"{a}: an API record without dns.zone" for a in r if a == "aws_route53_record.api"]
    api = r.get("aws_route53_record.api", {})
    wrong = []
    if api.get("name") != spec.edge.domain_name or api.get("set_identifier") != spec.region:
        wrong.append(f"aws_route53_record.api: {api.get('name')} ({api.get('set_identifier')}) is not this region's")
    if [p.get("region") for p in api.get("latency_routing_policy", [])] != [spec.region]:
        wrong.append(f"aws_route53_record.api: not a latency record of {spec.region}")
    (alias,) = api.get("alias", [{}])
    if alias.get("evaluate_target_health") is not True or ref(alias.get("name")) != "aws_lb.main":
        wrong.append(f"aws_route53_record.api: alias {alias} is not this region's load balancer, health evaluated")
    if r.get("aws_acm_certificate.backend", {}).get("domain_name") != spec.edge.domain_name:
        wrong.append(f"no certificate for {spec.edge.domain_name} in {spec.region}")
    return wrong


def one_writer(module: dict[str, str], providers_tf: dict, r: dict, spec) -> list[str]:
    """One region writes (the document's Scale is one database with read replicas, served in two regions):
    in every other region's module the instance is a cross-region read replica made from the writer's ARN
    (RDS User Guide, "Creating a read replica in a different AWS Region"), found through a provider of the
    writer's region, encrypted with a key of its own region, and replaced rather than re-pointed when the
    writer moves (the provider refuses to give a standalone instance a source). The writer's instance
    replicates nothing."""
    from sagegen.render import hcl_reader

    db = r.get("aws_db_instance.postgres", {})
    if spec.region == spec.writer:
        source = db.get("replicate_source_db")
        return [f"aws_db_instance.postgres replicates {source} in the writer's region"] if source else []
    parsed = [providers_tf, *(hcl_reader.parse(t) for p, t in module.items() if p.endswith("/rds.tf"))]
    data = {k: v for p in parsed for k, v in hcl_reader.resources(p, "data").items()}
    regions = {b.get("alias"): b.get("region") for p in parsed for blk in p.get("provider", []) for b in blk.values()}
    writer = data.get("aws_db_instance.writer", {})
    wrong = []
    if db.get("replicate_source_db") != "${data.aws_db_instance.writer.db_instance_arn}":
        wrong.append(f"aws_db_instance.postgres replicates {db.get('replicate_source_db')}, not the writer's ARN")
    alias = str(writer.get("provider", "")).removeprefix("${aws.").removesuffix("}")
    if regions.get(alias) != spec.writer or writer.get("db_instance_identifier") != db.get("identifier"):
        wrong.append(f"data.aws_db_instance.writer is {writer.get('db_instance_identifier')} in {regions.get(alias)}")
    key = data.get(".".join(str(db.get("kms_key_id")).removeprefix("${data.").split(".")[:2]), {})
    if not key or "provider" in key or db.get("storage_encrypted") is not True:
        wrong.append(f"aws_db_instance.postgres is not encrypted with a key of {spec.region}: {db.get('kms_key_id')}")
    triggers = db.get("lifecycle", [{}])[0].get("replace_triggered_by", [])
    if "terraform_data.database_role" not in {ref(t) for t in triggers}:
        wrong.append("aws_db_instance.postgres is not replaced when the writer moves (terraform_data.database_role)")
    return wrong


CHECKS = (
    database_urls,
    api_records,
    security_group_chain,
    placement,
    nat_routing,
    alarms,
    orderings,
    impact_tables,
    replica_sources,
    bucket_policies,
    deployments,
    outage_alarms,
    write_only_secrets,
    one_password,
    cache_token_rotation,
)


def violations(files: dict[str, str], spec_of: dict) -> list[str]:
    """Every invariant over every root module of a render: `spec_of` maps a module directory
    (`terraform`, `ap-northeast-1/terraform`) to the spec it renders."""
    from sagegen.render import hcl_reader

    wrong = []
    for directory, spec in spec_of.items():
        module = {p: t for p, t in files.items() if p.rsplit("/", 1)[0] == directory and p.endswith(".tf")}
        r = expanded(module)
        found = [w for check in CHECKS for w in check(r, spec)]
        providers_tf = hcl_reader.parse(module[f"{directory}/providers.tf"])
        found += default_tags(providers_tf, spec)
        found += one_writer(module, providers_tf, r, spec)
        wrong += [f"{directory}: {w}" for w in found]
    return wrong
