"""sagegen/data/provider_schema.json is hashicorp/aws's own schema, cut to what impact needs: it covers
every type the templates render, and equals a fresh cut of `terraform providers schema -json` of the
pinned provider (scripts/provider-schema writes it; a provider move without a rewrite fails here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import ROOT, SAGE_SPEC, Terraform

from sagegen.insight import provider_schema
from sagegen.render.module import render
from sagegen.spec.load import load_stack


def test_every_rendered_type_is_in_the_file() -> None:
    rendered = provider_schema.rendered_types()
    kept = provider_schema.schema()
    for kind in ("resource", "data"):
        assert rendered[kind] - set(provider_schema.BUILTIN) <= set(kept[kind]), kind
    assert provider_schema.tagged("aws_vpc") and not provider_schema.tagged("aws_route")
    assert "arn" in provider_schema.computed("resource", "aws_lb")


@pytest.mark.terraform
def test_the_file_is_the_pinned_providers_schema(terraform: Terraform, tmp_path: Path) -> None:
    files = render(load_stack(SAGE_SPEC).spec("mvp"))
    (tmp_path / "versions.tf").write_text(
        'terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n'
        f"      version = {_pinned(files['terraform/versions.tf'])}\n    }}\n  }}\n}}\n"
    )
    terraform.init(tmp_path)
    shown = terraform.run(tmp_path, "providers", "schema", "-json")
    assert shown.returncode == 0, shown.stderr
    fresh = provider_schema.cut(json.loads(shown.stdout))
    kept = json.loads((ROOT / "sagegen" / "data" / "provider_schema.json").read_text())
    assert fresh == kept, "run scripts/provider-schema: the file is not the pinned provider's schema"


def _pinned(versions_tf: str) -> str:
    (line,) = [line for line in versions_tf.splitlines() if line.strip().startswith("version")]
    return line.split("=", 1)[1].strip()


def test_the_lookups_answer_what_the_providers_documentation_says() -> None:
    """Facts of the AWS provider's resource documentation (registry.terraform.io/providers/hashicorp/aws,
    v5): aws_db_instance's one required argument is instance_class (identifier is optional, and generated
    when omitted); aws_lb_listener requires load_balancer_arn and a default_action block with a type, and
    a forward action's target_group its arn; aws_vpc has tags_all, aws_iam_role_policy_attachment no tags.
    terraform_data is Terraform's own (no tags, nothing optional-computed); an unknown type knows nothing."""
    assert provider_schema.required("aws_db_instance") == {"instance_class"}
    assert provider_schema.required("aws_lb_listener") == {"default_action", "load_balancer_arn"}
    action = provider_schema.nested_required("aws_lb_listener")["default_action"]
    assert action["required"] == ["type"] and action["blocks"]["forward"]["blocks"]["target_group"] == {
        "required": ["arn"]
    }
    assert "identifier" in provider_schema.optional_computed("aws_db_instance")
    assert provider_schema.tagged("aws_vpc") and not provider_schema.tagged("aws_iam_role_policy_attachment")
    assert not provider_schema.tagged("terraform_data") and provider_schema.optional_computed("terraform_data") == set()
    for unknown in ("aws_no_such_thing",):
        assert provider_schema.required(unknown) == provider_schema.optional_computed(unknown) == set()
        assert provider_schema.nested_required(unknown) == {} and not provider_schema.tagged(unknown)


def test_a_block_requires_its_required_arguments_and_its_blocks_of_at_least_one() -> None:
    """The schema's JSON (Terraform docs, `terraform providers schema -json`): an attribute's `required`,
    a nested block type's `min_items`, absent when zero."""
    block = {
        "attributes": {"a": {"required": True}, "b": {"optional": True}},
        "block_types": {"c": {"min_items": 1}, "d": {}, "e": {"min_items": 0}},
    }
    assert provider_schema._required(block) == ["a", "c"] and provider_schema._required({}) == []
