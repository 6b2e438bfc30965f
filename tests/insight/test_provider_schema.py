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

pytestmark = pytest.mark.terraform


def test_every_rendered_type_is_in_the_file() -> None:
    rendered = provider_schema.rendered_types()
    kept = provider_schema.schema()
    for kind in ("resource", "data"):
        assert rendered[kind] - set(provider_schema.BUILTIN) <= set(kept[kind]), kind
    assert provider_schema.tagged("aws_vpc") and not provider_schema.tagged("aws_route")
    assert "arn" in provider_schema.computed("resource", "aws_lb")


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
