"""The guides: README.md and RUNBOOK.md of each phase's output, from the rendered files and the spec.

The guides list inputs, outputs and resources per file as read back from the
rendered Terraform (`hcl_reader.outline`); the architecture diagram's edges are
the security group rules (who may talk to whom) from the data the templates
render them from (firewall.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import cost as costs
from ..spec import registry as a
from ..spec.layout import RootModule, root_modules
from ..spec.models import Spec
from .engine import render_template
from .firewall import security_group_rules
from .hcl_reader import Block, outline
from .values import default_tags

GUIDES = ("README.md", "RUNBOOK.md")


@dataclass
class ModuleFacts:
    """What one rendered root module declares, per file."""

    module: RootModule
    files: dict[str, list[Block]] = field(default_factory=dict)

    def blocks(self, kind: str) -> list[Block]:
        return [b for blocks in self.files.values() for b in blocks if b.kind == kind]

    @property
    def addresses(self) -> set[str]:
        return {b.name for b in self.blocks("resource")}

    @property
    def state_key(self) -> str | None:
        return self.module.spec.state_key


def read_module(module: RootModule, files: dict[str, str]) -> ModuleFacts:
    facts = ModuleFacts(module)
    for path, text in sorted(files.items()):
        if path.startswith(module.directory + "/") and path.endswith(".tf"):
            facts.files[path.rsplit("/", 1)[1]] = outline(text)
    return facts


def traffic(spec: Spec) -> list[tuple[str, str, str]]:
    """(from, to, port) of every security group rule between tiers, and between a tier and the internet,
    from the rules the templates render (firewall.py): egress rules give the tier-to-tier and outbound
    arrows, ingress rules open to a CIDR the arrows from the internet."""
    edges = []
    for rule in security_group_rules(spec):
        if rule.region:  # to a peered region's tier: its egress is the arrow, its ingress the same traffic
            if rule.direction == "egress":
                edges.append((rule.group, f"{rule.region} rds", str(rule.port)))
        elif rule.direction == "egress":
            edges.append((rule.group, "internet" if rule.cidr else rule.peer, str(rule.port)))
        elif rule.cidr:
            edges.append(("internet", rule.group, str(rule.port)))
    return edges


@dataclass
class Graph:
    """The architecture: nodes per region (id, label lines, shape) and labelled edges."""

    regions: list[tuple[str, str, list[tuple[str, list[str], str]]]] = field(default_factory=list)
    edges: list[tuple[str, str, str]] = field(default_factory=list)
    outside: dict[str, tuple[list[str], str]] = field(default_factory=dict)  # users, external APIs


def architecture(facts: list[ModuleFacts]) -> Graph:
    """The document's diagram, drawn from the rendered resources: an arrow per rendered SG rule."""
    graph = Graph(outside={"users": (["Internet users"], "person")})
    peered = {f"{f.module.spec.region} rds": f"r{i}_rds" for i, f in enumerate(facts)}
    for i, f in enumerate(facts):
        spec, r, p = f.module.spec, f.addresses, f"r{i}_"
        nodes = []
        if str(a.DISTRIBUTION) in r:
            nodes += [
                (f"{p}cdn", ["CloudFront", " / ".join(spec.frontend.aliases)], "box"),
                (f"{p}web", [f"S3 {spec.frontend.bucket_name}"], "store"),
            ]
            graph.edges += [("users", f"{p}cdn", ""), (f"{p}cdn", f"{p}web", "")]
        replicas = spec.database.read_replicas.count
        extra = f" + {replicas} read replica{'s' if replicas > 1 else ''}" if replicas else ""
        if spec.replicates_from:
            extra = f", read replica of {spec.replicates_from}"
        nodes += [
            (f"{p}alb", [f"ALB {spec.names.alb}", spec.edge.domain_name], "box"),
            (f"{p}backend", [f"ECS Fargate {spec.names.service}", f"{spec.service.desired_count} tasks"], "box"),
            (f"{p}rds", [f"RDS PostgreSQL {spec.names.db_identifier}{extra}"], "store"),
            (f"{p}redis", [f"ElastiCache Redis {spec.names.cache_group}"], "store"),
        ]
        graph.regions.append((f"{p}region", spec.region, nodes))
        groups = {"alb": f"{p}alb", "backend": f"{p}backend", "rds": f"{p}rds", "redis": f"{p}redis"}
        inbound: dict[str, list[str]] = {}
        for source, target, port in traffic(spec):
            if target in peered:
                graph.edges.append((groups[source], peered[target], f"{port} via peering"))
            elif source == "internet":
                inbound.setdefault(groups[target], []).append(port)
            elif target == "internet":
                keys = ", ".join(sorted(s.name for s in spec.secrets.values()))
                graph.outside["apis"] = ([f"External APIs: {keys}" if keys else "External APIs"], "api")
                graph.edges.append((groups[source], "apis", f"{port} via NAT"))
            else:
                graph.edges.append((groups[source], groups[target], port))
        graph.edges += [("users", node, ", ".join(ports)) for node, ports in inbound.items()]
    return graph


MERMAID_SHAPES = {"person": "([{}])", "box": '["{}"]', "store": '[("{}")]', "api": "[[{}]]"}
DOT_SHAPES = {"person": "ellipse", "box": "box", "store": "cylinder", "api": "component"}


def diagram(facts: list[ModuleFacts]) -> str:
    """The architecture as Mermaid, which GitHub and GitLab draw in Markdown."""
    graph = architecture(facts)
    lines = ["flowchart LR"]
    lines += [
        f"  {node}" + MERMAID_SHAPES[shape].format("<br/>".join(label))
        for node, (label, shape) in graph.outside.items()
    ]
    for region_id, region, nodes in graph.regions:
        lines.append(f'  subgraph {region_id}["{region}"]')
        lines += [f"    {node}" + MERMAID_SHAPES[shape].format("<br/>".join(label)) for node, label, shape in nodes]
        lines.append("  end")
    lines += [f"  {a} -->|{label}| {b}" if label else f"  {a} --> {b}" for a, b, label in graph.edges]
    return "\n".join(lines)


def _dot_string(text: str) -> str:
    """A DOT quoted string; a line break becomes DOT's centred `\\n`."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def dot(facts: list[ModuleFacts]) -> str:
    """The same architecture in Graphviz's DOT language, for `dot -Tsvg`."""
    graph = architecture(facts)

    def node(name: str, label: list[str], shape: str) -> str:
        return f"{name} [label={_dot_string(chr(10).join(label))}, shape={DOT_SHAPES[shape]}];"

    lines = [
        "digraph architecture {",
        "  rankdir=LR;",
        '  node [fontname="Helvetica"];',
        '  edge [fontname="Helvetica"];',
    ]
    lines += ["  " + node(name, label, shape) for name, (label, shape) in graph.outside.items()]
    for i, (_, region, nodes) in enumerate(graph.regions):
        lines += [f"  subgraph cluster_{i} {{", f"    label={_dot_string(region)};"]
        lines += ["    " + node(name, label, shape) for name, label, shape in nodes]
        lines.append("  }")
    lines += [
        f"  {a} -> {b}" + (f" [label={_dot_string(label)}]" if label else "") + ";" for a, b, label in graph.edges
    ]
    return "\n".join(lines + ["}"]) + "\n"


def secret_names(spec: Spec) -> list[str]:
    """The Secrets Manager names a root module of `spec` creates."""
    n = spec.names
    return (
        [n.secret(s.name) for s in spec.secrets.values()]
        + [n.db_password_secret]
        + ([n.redis_auth_secret] if spec.cache.auth_token else [])
    )


def render_guides(spec: Spec, phase: str | None, files: dict[str, str]) -> dict[str, str]:
    """{path: text} of README.md and RUNBOOK.md, beside the stack's Terraform."""
    facts = [read_module(m, files) for m in root_modules(spec)]
    estimate = costs.estimate(spec, phase)
    values = {
        "spec": spec,
        "phase": phase,
        "n": spec.names,
        "facts": facts,
        "diagram": diagram(facts),
        "estimate": estimate,
        "document_lines": estimate.document_lines(),
        "document": costs.price_table()["document"],
        "money": costs.money,
        "workflows": sorted(p for p in files if p.startswith(".github/")),
        "tags_named": lambda name: {**default_tags(spec), "Name": name},
        "secret_names": secret_names,
    }
    return {guide: render_template(guide + ".j2", values) for guide in GUIDES}
