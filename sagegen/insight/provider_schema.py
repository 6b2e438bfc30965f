"""What hashicorp/aws's own schema says of the types sagegen renders, as `impact` needs it.

sagegen/data/provider_schema.json is cut from `terraform providers schema -json` by scripts/provider-schema
(run `python -m sagegen.insight.provider_schema SCHEMA OUT` on a schema file by hand): per resource and data
source type of the templates, whether it has `tags_all` (the provider's default_tags reach it, so a changed
default tag updates it), which attributes the provider computes (alone, or where the configuration is
silent) and which are write-only, and what it and its nested blocks require (the tests hold every
render to that in-process, as `terraform validate` would). A replaced resource's computed
attributes are unknown until apply, so whatever reads them changes too; an attribute the configuration
sets keeps its value across a replacement.
"""

from __future__ import annotations

import json
import re
import sys
from functools import cache
from importlib import resources
from pathlib import Path

from ..render.engine import templates_dir
from ..spec import registry as a

PROVIDER = "registry.terraform.io/hashicorp/aws"
# Terraform's own types, not the provider's: the file holds none of them. terraform_data has no tags, and
# nothing optional the provider fills in (Terraform docs, "The terraform_data Managed Resource Type").
BUILTIN = {"terraform_data": {"computed": ["id", "output"]}}


@cache
def schema() -> dict[str, dict]:
    """{"resource": {type: {"tags": bool, "computed": [...]}}, "data": {...}} of the rendered types."""
    text = (resources.files("sagegen") / "data" / "provider_schema.json").read_bytes().decode()
    return json.loads(text)


def computed(kind: str, rtype: str) -> frozenset[str]:
    """The attributes of `rtype` the provider sets, never the configuration (empty if unknown)."""
    entry = BUILTIN.get(rtype) or schema()[kind].get(rtype, {})
    return frozenset(entry.get("computed", ()))


def optional_computed(rtype: str) -> frozenset[str]:
    """The arguments of `rtype` the configuration may set and the provider fills in when it does not."""
    return frozenset(schema()["resource"].get(rtype, {}).get("optional_computed", ()))


def write_only(rtype: str) -> frozenset[str]:
    """The write-only arguments of `rtype`: never stored, never compared; their version argument is
    (Terraform docs, "Use temporary write-only arguments")."""
    return frozenset(schema()["resource"].get(rtype, {}).get("write_only", ()))


def required(rtype: str) -> frozenset[str]:
    """The arguments and blocks a resource of `rtype` must set (the provider's schema)."""
    return frozenset(schema()["resource"].get(rtype, {}).get("required", ()))


def nested_required(rtype: str) -> dict[str, dict]:
    """{block type: {"required": [...], "blocks": {...}}}: what each nested block of `rtype` must set, for the
    blocks that must set something (three levels down)."""
    return schema()["resource"].get(rtype, {}).get("blocks", {})


def tagged(rtype: str) -> bool:
    """Whether default_tags reach `rtype` (it has tags_all)."""
    return bool(schema()["resource"].get(rtype, {}).get("tags"))


def rendered_types() -> dict[str, set[str]]:
    """{"resource": types, "data": types} every template can render (the security-group rules' types come
    from the registry: the template writes them from data)."""
    found: dict[str, set[str]] = {"resource": set(a.SECURITY_GROUP_RULE_TYPES.values()), "data": set()}
    for template in sorted(templates_dir().glob("*.tf.j2")):
        for kind, rtype in re.findall(r'^(resource|data) "(\w+)"', template.read_bytes().decode(), re.M):
            found[kind].add(rtype)
    return found


def _required(block: dict) -> list[str]:
    """What the provider refuses a block without: its "Required" arguments and the blocks of min_items > 0."""
    return sorted(
        [name for name, a in block.get("attributes", {}).items() if a.get("required")]
        + [name for name, b in block.get("block_types", {}).items() if b.get("min_items", 0) > 0]
    )


def _nested(block: dict, depth: int = 3) -> dict[str, dict]:
    """The nested blocks of `block` that require something, each with its own below it."""
    found: dict[str, dict] = {}
    for name, nested in sorted(block.get("block_types", {}).items()) if depth else ():
        entry = {key: value for key, value in (("required", _required(nested["block"])),
                 ("blocks", _nested(nested["block"], depth - 1))) if value}  # fmt: skip
        if entry:
            found[name] = entry
    return found


def cut(full: dict) -> dict[str, dict]:
    """The part of a `terraform providers schema -json` document impact needs."""
    provider = full["provider_schemas"][PROVIDER]
    out: dict[str, dict] = {}
    for kind, key in (("resource", "resource_schemas"), ("data", "data_source_schemas")):
        out[kind] = {}
        for rtype in sorted(rendered_types()[kind] - set(BUILTIN)):
            block = provider[key][rtype]["block"]
            attributes = block["attributes"]
            out[kind][rtype] = {
                # What the provider refuses a configuration without (its "Required" arguments and blocks).
                "required": _required(block),
                "blocks": _nested(block),
                "tags": "tags_all" in attributes,
                "computed": sorted(
                    name for name, a in attributes.items() if a.get("computed") and not a.get("optional")
                ),
                "optional_computed": sorted(
                    name for name, a in attributes.items() if a.get("computed") and a.get("optional")
                ),
                "write_only": sorted(name for name, a in attributes.items() if a.get("write_only")),
            }
    return out


if __name__ == "__main__":
    source, target = (Path(arg) for arg in sys.argv[1:3])
    target.write_text(json.dumps(cut(json.loads(source.read_text())), indent=1, sort_keys=True) + "\n")
