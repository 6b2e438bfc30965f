"""`provider_schema.cut` without Terraform: a `terraform providers schema -json` document made from the
kept cut (sagegen/data/provider_schema.json), with what cut must leave out added to it, cuts back to
the kept file. (tests/insight/test_provider_schema.py compares the kept file with a cut of the pinned
provider's real document; that test needs Terraform, this one holds cut's own rules in the fast suite.)

The document's shape is Terraform's ("terraform providers schema -json", JSON Output Format): a block
has `attributes` (each with required / optional / computed / write_only flags) and `block_types` (each
with `nesting_mode`, `min_items` and its own `block`)."""

from __future__ import annotations

import copy

from sagegen.insight import provider_schema

# What cut leaves out at every level: an argument only set by choice, a block that requires nothing.
OPTIONAL = {"type": "string", "optional": True}
IDLE_BLOCK = {"nesting_mode": "list", "min_items": 0, "block": {"attributes": {"setting": OPTIONAL}}}


def _flags(name: str, entry: dict) -> dict:
    """The attribute flags that make cut file `name` where `entry` (a kept type) has it."""
    if name in entry.get("optional_computed", ()):
        return {"type": "string", "optional": True, "computed": True}
    if name in entry.get("computed", ()):
        return {"type": "string", "computed": True}
    if name in entry.get("write_only", ()):
        return {"type": "string", "optional": True, "write_only": True}
    if name in entry.get("required", ()):
        return {"type": "string", "required": True}
    return dict(OPTIONAL)


def _block(entry: dict, required_blocks: set[str]) -> dict:
    """A schema block whose cut is `entry`: its nested blocks (`entry["blocks"]`) as block types, a required
    one with min_items 1, every other name as an attribute."""
    nested = entry.get("blocks", {})
    names = {*entry.get("required", ()), *entry.get("computed", ()), *entry.get("optional_computed", ())}
    names |= {*entry.get("write_only", ())}
    attributes = {name: _flags(name, entry) for name in sorted(names - set(nested))}
    attributes["chosen_setting"] = dict(OPTIONAL)
    if entry.get("tags") and "tags_all" not in attributes:
        attributes["tags_all"] = dict(OPTIONAL)
    block_types = {
        name: {
            "nesting_mode": "list",
            "min_items": 1 if name in entry.get("required", ()) else 0,
            "block": _block(inner, set()),
        }
        for name, inner in nested.items()
    }
    block_types["idle"] = copy.deepcopy(IDLE_BLOCK)
    return {"attributes": attributes, "block_types": block_types}


def _document(kept: dict) -> dict:
    schemas = {
        key: {rtype: {"version": 0, "block": _block(entry, set())} for rtype, entry in kept[kind].items()}
        for kind, key in (("resource", "resource_schemas"), ("data", "data_source_schemas"))
    }
    # A type no template renders: not cut.
    schemas["resource_schemas"]["aws_not_rendered"] = {"version": 0, "block": {"attributes": {"id": OPTIONAL}}}
    other = {"provider": {"block": {}}, "resource_schemas": {}, "data_source_schemas": {}}
    return {
        "format_version": "1.0",
        "provider_schemas": {provider_schema.PROVIDER: {"provider": {"block": {}}, **schemas}, "x/other": other},
    }


def test_a_schema_document_cuts_to_the_kept_file() -> None:
    kept = provider_schema.schema()
    assert kept["resource"] and kept["data"]
    assert provider_schema.cut(_document(kept)) == kept


def test_cut_keeps_each_rule_of_what_a_block_requires() -> None:
    """One made-up type, read rule by rule: a Required argument, a block of min_items > 0, nested blocks
    three levels down (and not the fourth), tags_all, computed alone, optional and computed, write-only."""
    kept = copy.deepcopy(provider_schema.schema())
    rtype = sorted(kept["resource"])[0]

    def level(depth: int) -> dict:
        inner = {"attributes": {"must": {"type": "string", "required": True}, "may": OPTIONAL}, "block_types": {}}
        if depth < 4:
            inner["block_types"]["deeper"] = {"nesting_mode": "list", "min_items": 0, "block": level(depth + 1)}
        return inner

    attributes = {
        "name": {"type": "string", "required": True},
        "arn": {"type": "string", "computed": True},
        "port": {"type": "number", "optional": True, "computed": True},
        "secret_wo": {"type": "string", "optional": True, "write_only": True},
        "tags_all": {"type": ["map", "string"], "optional": True, "computed": True},
        "note": OPTIONAL,
    }
    block_types = {
        "rule": {"nesting_mode": "list", "min_items": 1, "block": level(1)},
        "idle": copy.deepcopy(IDLE_BLOCK),
    }
    document = _document(kept)
    document["provider_schemas"][provider_schema.PROVIDER]["resource_schemas"][rtype] = {
        "block": {"attributes": attributes, "block_types": block_types}
    }
    deepest = {"required": ["must"]}
    assert provider_schema.cut(document)["resource"][rtype] == {
        "required": ["name", "rule"],
        "blocks": {"rule": {"required": ["must"], "blocks": {"deeper": {**deepest, "blocks": {"deeper": deepest}}}}},
        "tags": True,
        "computed": ["arn"],
        "optional_computed": ["port", "tags_all"],
        "write_only": ["secret_wo"],
    }
