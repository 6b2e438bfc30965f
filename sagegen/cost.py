"""`sagegen cost`: a monthly estimate per resource, from the spec and a price table kept as data.

Prices and the document's usage assumptions live in sagegen/data/prices.yaml.
Each Terraform resource that costs money gets its components (hours, GB,
requests) priced the way AWS bills them; a class the table does not know is
listed as unpriced, never guessed. The document's MVP table is carried along,
so every line can be compared with what sagegen computes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib import resources

import yaml

from .spec import registry as a
from .spec.layout import root_modules
from .spec.models import Spec


@lru_cache(maxsize=1)
def price_table() -> dict:
    return yaml.safe_load((resources.files("sagegen") / "data" / "prices.yaml").read_bytes().decode())


@dataclass(frozen=True)
class Component:
    """One billed quantity: hours of an instance, GB stored, requests."""

    name: str
    unit: str
    quantity: float
    price: float | None  # None: the price table has no price for it
    discount: float = 0.0  # a Reserved-Instance saving, as a fraction

    @property
    def monthly(self) -> float | None:
        return None if self.price is None else self.quantity * self.price * (1 - self.discount)


@dataclass(frozen=True)
class ResourceCost:
    name: str  # the Terraform address, or what the usage is (data transfer has no resource)
    region: str
    components: tuple[Component, ...]
    document_line: str | None = None  # the line of the document's table it belongs to

    @property
    def monthly(self) -> float:
        return sum(c.monthly or 0.0 for c in self.components)

    @property
    def unpriced(self) -> list[str]:
        return [c.name for c in self.components if c.price is None]


@dataclass
class Estimate:
    phase: str | None
    reserved: bool
    resources: list[ResourceCost] = field(default_factory=list)
    priced_as: dict[str, str] = field(default_factory=dict)  # region -> the region whose prices were used
    sizes: dict[str, str] = field(default_factory=dict)  # document line -> what this phase runs for it
    compared: bool = False  # the spec names the document (`document`): its table is set beside ours

    @property
    def total(self) -> float:
        return sum(r.monthly for r in self.resources)

    def by_region(self) -> dict[str, float]:
        """The monthly figure of each region, the primary's (with the global resources) first."""
        totals: dict[str, float] = {}
        for r in self.resources:
            totals[r.region] = totals.get(r.region, 0.0) + r.monthly
        return totals

    def document_lines(self) -> dict[str, float]:
        """sagegen's figure for each line of the document's table (primary region only)."""
        lines = {line["name"]: 0.0 for line in price_table()["document"]["lines"]}
        for r in self.resources:
            if r.document_line and r.region == self.primary_region:
                lines[r.document_line] += r.monthly
        return lines

    @property
    def primary_region(self) -> str:
        return self.resources[0].region if self.resources else ""


def estimate(spec: Spec, phase: str | None, reserved: bool = False) -> Estimate:
    """The monthly cost of one phase's stack: every root module of it (each region)."""
    table = price_table()
    result = Estimate(phase, reserved)
    modules = root_modules(spec)
    for module in modules:
        region = module.spec.region
        if region != table["region"]:
            result.priced_as[region] = table["region"]
        result.resources += regional(module.spec, table, reserved)
    result.sizes = sizes(modules[0].spec)
    result.compared = spec.document is not None
    return result


def sizes(spec: Spec) -> dict[str, str]:
    """What the primary region runs for the sized lines of the document's table, in this phase."""
    svc, db, cache = spec.service, spec.database, spec.cache
    replicas = db.read_replicas
    return {
        "ECS Fargate": f"{svc.desired_count} tasks of {svc.cpu / 1024:g} vCPU/{svc.memory / 1024:g} GB",
        "RDS": f"{db.instance_class} {'Multi-AZ' if db.multi_az else 'single-AZ'}"
        + (f" + {replicas.count} replica(s) {replicas.instance_class}" if replicas.count else "")
        + f", {db.allocated_storage} GB {db.storage_type}",
        "ElastiCache": f"{cache.num_cache_clusters} {cache.node_type} nodes",
    }


def regional(spec: Spec, table: dict, reserved: bool) -> list[ResourceCost]:
    p, use, hours = table["prices"], table["usage"], table["hours_per_month"]
    rds_off = table["reserved_savings"]["rds"] if reserved else 0.0
    cache_off = table["reserved_savings"]["elasticache"] if reserved else 0.0
    svc, db, cache, net, region = spec.service, spec.database, spec.cache, spec.network, spec.region
    task_hours = svc.desired_count * hours
    az_factor = 2 if db.multi_az else 1
    out = [
        ResourceCost(
            str(a.SERVICE),
            region,
            (
                Component(
                    f"vCPU ({svc.desired_count} tasks x {svc.cpu / 1024:g})",
                    "vCPU-hours",
                    task_hours * svc.cpu / 1024,
                    p["fargate_vcpu_hour"],
                ),
                Component(
                    f"Memory ({svc.desired_count} tasks x {svc.memory / 1024:g} GB)",
                    "GB-hours",
                    task_hours * svc.memory / 1024,
                    p["fargate_gb_hour"],
                ),
            ),
            "ECS Fargate",
        ),
        ResourceCost(
            str(a.DATABASE),
            region,
            (
                Component(
                    f"Instance ({db.instance_class}{', Multi-AZ' if db.multi_az else ''})",
                    "hours",
                    hours * az_factor,
                    p["rds_postgres_instance_hour"].get(db.instance_class),
                    rds_off,
                ),
                Component(
                    f"Storage ({db.storage_type})", "GB-months", db.allocated_storage * az_factor, p["rds_gp3_gb_month"]
                ),
            ),
            "RDS",
        ),
    ]
    for i in range(db.read_replicas.count):
        out.append(
            ResourceCost(
                a.DATABASE_REPLICA.at(i),
                region,
                (
                    Component(
                        f"Instance ({db.read_replicas.instance_class})",
                        "hours",
                        hours,
                        p["rds_postgres_instance_hour"].get(db.read_replicas.instance_class),
                        rds_off,
                    ),
                    Component(f"Storage ({db.storage_type})", "GB-months", db.allocated_storage, p["rds_gp3_gb_month"]),
                ),
                "RDS",
            )
        )
    out.append(
        ResourceCost(
            str(a.CACHE),
            region,
            (
                Component(
                    f"Nodes ({cache.num_cache_clusters} x {cache.node_type})",
                    "hours",
                    hours * cache.num_cache_clusters,
                    p["elasticache_node_hour"].get(cache.node_type),
                    cache_off,
                ),
            ),
            "ElastiCache",
        )
    )
    out.append(
        ResourceCost(
            str(a.LOAD_BALANCER),
            region,
            (
                Component("Application load balancer", "hours", hours, p["alb_hour"]),
                Component("Load balancer capacity units", "LCU-hours", hours * use["alb_lcu"], p["alb_lcu_hour"]),
            ),
            "ALB",
        )
    )
    out += _edge_and_storage(spec, table)
    out += _not_in_the_document(spec, table, net.nat_gateway_count)
    return out


def _edge_and_storage(spec: Spec, table: dict) -> list[ResourceCost]:
    p, use, region = table["prices"], table["usage"], spec.region
    # the frontend is global: billed once, with the primary region
    frontend = (
        [
            ResourceCost(
                str(a.FRONTEND_BUCKET),
                region,
                (
                    Component("Standard storage", "GB-months", use["s3_storage_gb"], p["s3_standard_gb_month"]),
                    Component("GET requests", "1k requests", use["s3_requests"] / 1000, p["s3_get_per_1000"]),
                ),
                "S3",
            ),
            ResourceCost(
                str(a.DISTRIBUTION),
                region,
                (
                    Component("Data transfer out", "GB", use["cloudfront_transfer_gb"], p["cloudfront_gb_out"]),
                    Component(
                        "HTTPS requests",
                        "10k requests",
                        use["cloudfront_requests"] / 10000,
                        p["cloudfront_https_per_10000"],
                    ),
                ),
                "CloudFront",
            ),
        ]
        if spec.frontend
        else []
    )
    return [
        *frontend,
        ResourceCost(
            "data transfer out (ALB to the internet)",
            region,
            (Component("Data transfer out", "GB", use["data_transfer_out_gb"], p["data_transfer_out_gb"]),),
            "Data Transfer",
        ),
        ResourceCost(
            str(a.BACKEND_LOG_GROUP),
            region,
            (
                Component("Log ingestion", "GB", use["logs_ingested_gb"], p["cloudwatch_logs_ingest_gb"]),
                Component("Log storage", "GB-months", use["logs_ingested_gb"], p["cloudwatch_logs_storage_gb_month"]),
            ),
            "CloudWatch Logs",
        ),
    ]


def _not_in_the_document(spec: Spec, table: dict, nat_count: int) -> list[ResourceCost]:
    """What the stack runs that the document's cost table leaves out."""
    p, use, hours, region = table["prices"], table["usage"], table["hours_per_month"], spec.region
    out = [
        ResourceCost(
            a.NAT_GATEWAY.at(i),
            region,
            (
                Component("NAT gateway", "hours", hours, p["nat_gateway_hour"]),
                Component("Data processed", "GB", use["nat_processed_gb"] / nat_count, p["nat_gateway_gb"]),
            ),
        )
        for i in range(nat_count)
    ]
    addresses = nat_count + spec.network.az_count  # one per NAT gateway, one per AZ of the ALB
    out.append(
        ResourceCost(
            "public IPv4 addresses (NAT gateways, ALB)",
            region,
            (Component(f"{addresses} addresses", "hours", hours * addresses, p["public_ipv4_hour"]),),
        )
    )
    acls = [where for where in ("alb", "cloudfront") if getattr(spec.waf, where)]
    rules = len(spec.waf.rule_groups) + (spec.waf.rate_limit is not None)
    out += [
        ResourceCost(
            str(a.waf_acl(where)),
            region,
            (
                Component("Web ACL", "months", 1, p["waf_web_acl_month"]),
                Component(f"Rules ({rules})", "rule-months", rules, p["waf_rule_month"]),
                Component("Requests", "1M requests", use["waf_requests"] / 1e6, p["waf_requests_per_million"]),
            ),
        )
        for where in acls
    ]
    secrets = len(spec.secrets) + 1 + spec.cache.auth_token  # the app's, the database password, the Redis token
    out.append(
        ResourceCost(
            "Secrets Manager secrets",
            region,
            (Component(f"{secrets} secrets", "secret-months", secrets, p["secrets_manager_secret_month"]),),
        )
    )
    if spec.database.read_replicas.count:  # the replicas' one name (rds.tf); its queries are not priced
        out.append(
            ResourceCost(
                str(a.INTERNAL_ZONE),
                region,
                (Component("Hosted zone", "months", 1, p["route53_hosted_zone_month"]),),
            )
        )
    alarms = (  # ECS and RDS CPU, Redis memory per node, lag per replica (and a cross-region one), outages
        2
        + spec.cache.num_cache_clusters
        + spec.database.read_replicas.count
        + bool(spec.replicates_from)
        + 4
        + spec.service.container_insights
    )
    out.append(
        ResourceCost(
            "aws_cloudwatch_metric_alarm (all)",
            region,
            (Component(f"{alarms} alarms", "alarm-months", alarms, p["cloudwatch_alarm_month"]),),
        )
    )
    return out


def money(value: float) -> str:
    return f"${value:,.2f}"


def as_table(result: Estimate) -> str:
    table = price_table()
    phase = f"phase {result.phase}" if result.phase else "the spec"
    basis = "with Reserved Instances (RDS -40%, ElastiCache -30%)" if result.reserved else "on-demand"
    lines = [
        f"monthly cost of {phase}, {basis}; prices of {table['region']} read {table['read']} "
        f"(sagegen/data/prices.yaml), usage as sagegen/data/prices.yaml assumes (the document's)",
        "",
    ]
    width = max(len(r.name) for r in result.resources) + 2
    for region in dict.fromkeys(r.region for r in result.resources):
        priced = f" (priced at {result.priced_as[region]} rates)" if region in result.priced_as else ""
        lines.append(f"{region}{priced}:")
        for r in (r for r in result.resources if r.region == region):
            unpriced = f"  no price for: {', '.join(r.unpriced)}" if r.unpriced else ""
            lines.append(f"  {r.name:<{width}}{money(r.monthly):>11}{unpriced}")
        lines.append("")
    if result.compared:
        lines += _document_comparison(result, table)
    lines.append(f"total per month: {money(result.total)}")
    return "\n".join(lines) + "\n"


def _document_comparison(result: Estimate, table: dict) -> list[str]:
    ours = result.document_lines()
    doc = table["document"]
    lines = ["the document's table (MVP) and sagegen's figure for the same line, at this phase's sizes:"]
    for line in doc["lines"]:
        size = f"{result.sizes[line['name']]}; " if line["name"] in result.sizes else ""
        lines.append(
            f"  {line['name']:<18}{money(ours[line['name']]):>11}   {size}document ${line['monthly']}: {line['note']}"
        )
    covered = sum(ours.values())
    lines.append(f"  {'subtotal':<18}{money(covered):>11}   document ~${doc['total']}")
    rest = result.total - covered
    lines.append(
        f"  not in the document's table (NAT gateways, public IPv4, WAF, secrets, alarms, other regions): {money(rest)}"
    )
    lines.append("")
    return lines


def decimal(value: float) -> str:
    """A figure as Infracost's JSON writes it: a decimal string, trailing zeros dropped."""
    text = format(Decimal(f"{value:.6f}").normalize(), "f")  # 16.500000 -> 16.5, 100.000000 -> 100
    return "0" if text == "-0" else text  # a tiny negative rounds to -0.000000


def as_json(result: Estimate) -> dict:
    """Infracost's breakdown shape: projects (one per region), resources, costComponents; decimals as strings."""
    table = price_table()
    projects = []
    for region in dict.fromkeys(r.region for r in result.resources):
        mine = [r for r in result.resources if r.region == region]
        projects.append(
            {
                "name": "/".join(filter(None, [result.phase, region])),
                "metadata": {"region": region, "pricedAs": result.priced_as.get(region, region)},
                "breakdown": {
                    "resources": [
                        {
                            "name": r.name,
                            "documentLine": r.document_line,
                            "monthlyCost": decimal(r.monthly),
                            "costComponents": [
                                {
                                    "name": c.name,
                                    "unit": c.unit,
                                    "monthlyQuantity": decimal(c.quantity),
                                    "price": None if c.price is None else decimal(c.price * (1 - c.discount)),
                                    "monthlyCost": None if c.monthly is None else decimal(c.monthly),
                                }
                                for c in r.components
                            ],
                        }
                        for r in mine
                    ],
                    "totalMonthlyCost": decimal(sum(r.monthly for r in mine)),
                },
            }
        )
    return {
        "version": "0.2",
        "currency": table["currency"],
        "pricesRead": table["read"],
        "reserved": result.reserved,
        "projects": projects,
        "totalMonthlyCost": decimal(result.total),
    }
