"""The package's shape: imports point down the flow with no cycle, and addresses live in one registry."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cases import render_every_phase
from support import HANG, ROOT, SAGE_SPEC

from sagegen.render.hcl_reader import outline
from sagegen.spec import registry
from sagegen.spec.load import load_phases

PACKAGE = ROOT / "sagegen"
CASES = sorted((Path(__file__).parent.parent / "examples").glob("*.yaml"))


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """import-linter, with pyproject.toml's contract, over the `sagegen` package found under `root`."""
    binary = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(binary), "--no-cache", str(ROOT / "pyproject.toml")],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=HANG,
    )


def test_imports_point_down_the_flow() -> None:
    """The contract of pyproject.toml holds on the package (scripts/test runs it too, before the tests)."""
    result = lint_imports(ROOT)
    assert result.returncode == 0 and "2 kept, 0 broken" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize(
    "module, planted, broken",
    [
        ("spec/load.py", "def _upward():\n    from ..output import writer\n", "Imports point down"),  # in a function
        ("render/module.py", "from ..api import check\n", "Imports point down"),
        ("output/writer.py", "from ..insight import impact\n", "Imports point down"),  # siblings stay apart
        ("cost.py", "from .render import values\n", "Imports point down"),  # the climb back the guides once made
        # A cycle inside one layer, hidden in a function: spec.load imports spec.models at its top.
        ("spec/models/__init__.py", "def _cycle():\n    from ..load import load_stack\n", "No import cycle"),
    ],
)
def test_a_planted_import_breaks_the_contract(tmp_path: Path, module: str, planted: str, broken: str) -> None:
    shutil.copytree(PACKAGE, tmp_path / "sagegen", ignore=shutil.ignore_patterns("__pycache__"))
    target = tmp_path / "sagegen" / module
    target.write_text(target.read_text() + "\n" + planted)
    result = lint_imports(tmp_path)
    assert result.returncode == 1 and "Broken contracts" in result.stdout, result.stdout + result.stderr
    assert broken in result.stdout.split("Broken contracts", 1)[1]


# An address (`aws_lb.main`, `data.aws_caller_identity.current`) or the start of one in an f-string (`aws_x.{y}`).
ADDRESS = re.compile(r"\b(?:data\.)?aws_[a-z0-9_]+\.(?:[a-z_]|$)")


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def address_literals(path: Path) -> list[str]:
    """`file:line: text` of every string constant (docstrings aside) that spells a Terraform address."""
    tree = ast.parse(path.read_text(), str(path))
    skip = _docstrings(tree)
    return [
        f"{path}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and ADDRESS.search(node.value)
    ]


def test_no_address_is_spelled_outside_the_registry() -> None:
    compiled = PACKAGE / "render" / "compiled"  # the templates themselves, compiled
    found = [
        hit
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != Path(registry.__file__) and compiled not in path.parents
        for hit in address_literals(path)
    ]
    assert found == []


def test_a_planted_address_literal_is_found(tmp_path: Path) -> None:
    planted = tmp_path / "cost.py"
    planted.write_text(
        '"""Docs may say aws_lb.main."""\nA = "aws_lb.main"\nB = f"aws_db_instance.{x}"\nC = "aws_x (all)"\n'
    )
    assert [hit.split(": ", 1)[1] for hit in address_literals(planted)] == ["'aws_lb.main'", "'aws_db_instance.'"]


def _rendered_addresses() -> set[str]:
    addresses: set[str] = set()
    for spec_path in [SAGE_SPEC, *CASES]:
        for path, text in render_every_phase(spec_path).items():
            if path.endswith(".tf"):
                addresses |= {
                    ("data." if b.kind == "data" else "") + b.name
                    for b in outline(text)
                    if b.kind in ("resource", "data")
                }
    return addresses


def test_every_registry_address_is_declared_by_a_template() -> None:
    rendered = _rendered_addresses()
    constants = {name: str(v) for name, v in vars(registry).items() if isinstance(v, registry.Address)}
    made = {
        "github_oidc_provider(created)": str(registry.github_oidc_provider(True)),
        "cluster(sage)": str(registry.cluster(load_phases(SAGE_SPEC)["mvp"].names)),
        "app_secret(anthropic_key)": str(registry.app_secret("anthropic_key")),
        "security_group_rule(ingress, alb_http)": str(registry.security_group_rule("ingress", "alb_http")),
        "waf_acl(alb)": str(registry.waf_acl("alb")),
        "waf_log_group(cloudfront)": str(registry.waf_log_group("cloudfront")),
    }
    missing = {name: a for name, a in {**constants, **made}.items() if a not in rendered}
    assert missing == {}
    assert len(constants) > 30  # the scan above found the registry's constants


@pytest.mark.parametrize("name", ["github_oidc_provider"])
def test_an_existing_oidc_provider_is_a_data_source(name: str) -> None:
    assert str(registry.github_oidc_provider(False)) == "data.aws_iam_openid_connect_provider.github"


# What only the emulator lane may import: the AWS SDK, the emulator, and the lane's own modules.
LANE_ONLY = {"boto3", "botocore", "moto", "awscli", *(p.stem for p in (ROOT / "e2e").glob("*.py"))}


def lane_imports(path: Path) -> list[str]:
    """`file:line: module` for each import in `path` (inside functions too) of a module only the lane may use."""
    tree = ast.parse(path.read_text(), str(path))
    found = []
    for node in ast.walk(tree):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        found += [f"{path.name}:{node.lineno}: {n}" for n in names if n.split(".")[0] in LANE_ONLY - {"conftest"}]
    return found


def test_the_fast_suite_never_imports_the_emulator_lane_nor_the_aws_sdk() -> None:
    files = sorted(Path(__file__).parent.rglob("*.py"))
    assert len([f for f in files if f.parent != Path(__file__).parent]) > 20, "the rooms of tests/ were not searched"
    assert [hit for path in files for hit in lane_imports(path)] == []


def test_a_planted_lane_import_is_found(tmp_path: Path) -> None:
    planted = tmp_path / "test_x.py"
    planted.write_text("import json\n\ndef f():\n    import boto3.session\n    from emulator import moto_server\n")
    assert lane_imports(planted) == ["test_x.py:4: boto3.session", "test_x.py:5: emulator"]
