"""`sagegen init`: a starter spec any team can render and apply, with nothing of Sage.ai in it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from helpers import run_cli, snapshot
from support import Terraform, write_tree

from sagegen import api
from sagegen.errors import UserError
from sagegen.render.assemble import render_stack
from sagegen.spec.load import load_stack
from sagegen.spec.starter import Answers, starter_text

ACME = [
    "--project", "acme", "--region", "eu-west-1", "--domain", "acme.example", "--phases", "mvp,growth",
    "--secret", "PAYMENTS_API_KEY", "--alarm-email", "oncall@acme.example", "--repository", "acme/shop",
    "--account-id", "123456789012", "--zone",
]  # fmt: skip
SAGE_WORDS = re.compile(r"(?i)(?<![a-z])(sage|anthropic|sentry)(?![a-z])")


@pytest.mark.terraform
def test_a_team_of_its_own_inits_renders_and_validates(terraform: Terraform, tmp_path: Path) -> None:
    result = run_cli("init", tmp_path / "infra", *ACME, process=True)
    assert result.returncode == 0, result.stderr
    spec = tmp_path / "infra" / "specs" / "acme.yaml"
    assert f"wrote {spec}" in result.stdout
    # Nothing to warn about once the team gave its account, its on-call address and its zone.
    stack, warnings, accepted = api.validate(spec, strict=True)
    assert warnings == [] and accepted == [] and list(stack.phases) == ["mvp", "growth"] and stack.live == "mvp"
    files = render_stack(stack.live_spec, stack.live)
    assert {p: m for p, text in files.items() for m in SAGE_WORDS.findall(text)} == {}
    assert not SAGE_WORDS.search(spec.read_text())
    assert "PAYMENTS_API_KEY" in files["terraform/ecs.tf"] and "acme.example" in files["terraform/dns.tf"]
    assert ".github/workflows/deploy-backend.yml" in files
    write_tree(tmp_path / "out", files)
    terraform.fmt_check(tmp_path / "out" / "terraform")
    terraform.validate(tmp_path / "out" / "terraform")


def test_init_never_writes_over_a_file_and_asks_nothing_without_a_terminal(tmp_path: Path) -> None:
    spec = tmp_path / "specs" / "acme.yaml"
    spec.parent.mkdir()
    spec.write_text("ours\n")
    refused = run_cli(
        "init", tmp_path, "--project", "acme", "--region", "eu-west-1", "--domain", "acme.example", process=True
    )
    assert refused.returncode == 1 and "exists already: sagegen init never writes over a file" in refused.stderr
    assert snapshot(tmp_path) == {"specs/acme.yaml": b"ours\n"}  # no temporary file left either
    asked = run_cli("init", tmp_path / "new", "--project", "acme", "--region", "eu-west-1", process=True)
    assert asked.returncode == 1 and "--domain is needed (stdin is not a terminal" in asked.stderr
    assert not (tmp_path / "new").exists() and "Traceback" not in asked.stderr


def test_each_wrong_flag_is_named() -> None:
    answers = Answers(
        project="Acme", region="eu-wset-1", domain="acme", secrets=("payments",), phases=("grwoth",),
        alarm_emails=("oncall",), repository="acme", account_id="12",
    )  # fmt: skip
    with pytest.raises(UserError) as refused:
        starter_text(answers, "specs/acme.yaml")
    said = str(refused.value)
    for flag in ("--project", "--region", "--domain", "--secret", "--phases", "--alarm-email", "--repository"):
        assert f"error: {flag}: " in said, said
    assert "did you mean eu-west-1?" in said and "--account-id: '12' is not a 12-digit AWS account ID" in said


def test_values_reach_the_spec_through_the_yaml_encoder(tmp_path: Path) -> None:
    """An environment named `on` stays the text 'on' (YAML 1.1 would read a boolean): every value of the
    template goes through yaml_writer, and the template quotes nothing by hand."""
    text = starter_text(Answers(project="acme", region="eu-west-1", domain="acme.example", environment="on"), "s.yaml")
    assert yaml.safe_load(text)["environment"] == "on"
    (tmp_path / "s.yaml").write_text(text)
    assert load_stack(tmp_path / "s.yaml").live_spec.environment == "on"
    template = (Path(api.__file__).parent / "data" / "starter.yaml.j2").read_text()
    for expression in re.findall(r"{{(.*?)}}", template):
        assert re.search(r"\|\s*(yaml|flow)\s*$", expression), expression
