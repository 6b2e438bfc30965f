"""`sagegen init`: a starter spec any team can render and apply, with nothing of Sage.ai in it."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest
import yaml
from helpers import run_cli, snapshot
from support import Terraform, write_tree

from sagegen import api
from sagegen.errors import UserError
from sagegen.render.assemble import render_stack
from sagegen.spec.load import load_stack
from sagegen.spec.starter import Answers, _template, starter_text

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
        project="Acme", region="eu-wset-1", domain="acme", environment="prod-", secrets=("payments",),
        phases=("grwoth",), alarm_emails=("oncall",), repository="acme", account_id="12",
    )  # fmt: skip
    with pytest.raises(UserError) as refused:
        starter_text(answers, "specs/acme.yaml")
    assert str(refused.value).splitlines() == [
        "error: --project: 'Acme': up to 19 lowercase letters, digits and hyphens, from a letter (the starter's "
        "target group Acme-backend-3000 keeps to AWS's 32 characters)",
        "error: --region: 'eu-wset-1' is not an AWS region; did you mean eu-west-1? (the regions botocore lists)",
        "error: --domain: 'acme' is not a DNS name such as example.com",
        "error: --environment: 'prod-': lowercase letters, digits and hyphens, at most 32, ending with a letter "
        "or digit (it ends the bucket names, as S3 requires)",
        "error: --secret: 'payments' is not an environment variable name",
        "error: --phases: 'grwoth' is not one of mvp, growth, scale",
        "error: --alarm-email: 'oncall' is not an email address",
        "error: --repository: 'acme' is not a GitHub repository (owner/name)",
        "error: --account-id: '12' is not a 12-digit AWS account ID",
        "9 errors",
        "hint: sagegen init --help lists the flags",
    ]


@pytest.mark.parametrize(
    ("answers", "refused"),
    [
        # CreateTargetGroup (ELB API Reference): a target group name has at most 32 characters; the
        # starter's is <project>-backend-3000.
        ({"project": "a" * 19}, None),
        ({"project": "a" * 20}, "--project"),
        # An S3 bucket name has 3 to 63 characters and ends with a letter or digit (S3 User Guide, bucket
        # naming rules); the starter's longest is <project>-terraform-state-<environment or account ID>.
        ({"project": "a" * 19, "environment": "e" * 27}, None),
        ({"project": "a" * 19, "environment": "e" * 28}, "--environment"),
        ({"project": "a" * 19, "environment": "e" * 32, "account_id": "123456789012"}, None),
        ({"environment": "e" * 33, "account_id": "123456789012"}, "--environment"),
        ({"environment": "prod-x"}, None),
        ({"environment": "prod-"}, "--environment"),
    ],
)
def test_a_flag_init_accepts_makes_a_spec_validate_accepts(answers: dict, refused: str | None) -> None:
    """Found by code mutation: init took a 20-letter project and a 28-letter environment, then its own
    validation refused the spec it made, naming lines of a file it had not written."""
    chosen = Answers(**{"project": "acme", "region": "eu-west-1", "domain": "acme.example", **answers})
    if refused is None:
        assert yaml.safe_load(starter_text(chosen, "specs/a.yaml"))["project"] == chosen.project
        return
    with pytest.raises(UserError) as error:
        starter_text(chosen, "specs/a.yaml")
    assert [problem.key for problem in error.value.problems] == [refused]


def test_an_environment_too_long_for_the_state_bucket_says_how_long_and_what_to_do() -> None:
    chosen = Answers(project="a" * 19, region="eu-west-1", domain="acme.example", environment="e" * 28)
    with pytest.raises(UserError) as error:
        starter_text(chosen, "specs/a.yaml")
    bucket = f"{'a' * 19}-terraform-state-{'e' * 28}"
    assert error.value.problems[0].message == (
        f"'{'e' * 28}' makes the state bucket {bucket!r} 64 characters; S3 allows 63: shorten it, or give --account-id"
    )


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


def test_init_without_a_directory_writes_into_the_working_directory(tmp_path: Path) -> None:
    """The first example of `sagegen init --help` and of the README names no directory: found refused
    ("is not a directory sagegen can write into"), as the output tree refuses the working directory."""
    result = run_cli("init", "--project", "acme", "--region", "eu-west-1", "--domain", "acme.example", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("wrote specs/acme.yaml\n")
    assert list(snapshot(tmp_path)) == ["specs/acme.yaml"]


GOLDEN = Path(__file__).parent / "golden"
SHOP = ["--project", "acme-shop", "--region", "eu-west-1", "--domain", "shop.example", "--phases", "growth,mvp,growth",
        "--secret", "PAYMENTS_API_KEY", "--environment", "staging"]  # fmt: skip


@pytest.mark.parametrize(("flags", "golden"), [(ACME, "acme.yaml"), (SHOP, "acme-shop.yaml")])
def test_the_starter_spec_is_the_reviewed_one(flags: list[str], golden: str, tmp_path: Path) -> None:
    """What a new team reads first, byte for byte: tests/cli/golden/, rewritten by scripts/update-golden
    (review its diff: every comment and default of it is what teams start from)."""
    assert run_cli("init", tmp_path, *flags).returncode == 0
    assert (tmp_path / "specs" / golden).read_text() == (GOLDEN / golden).read_text()


def test_a_value_the_starter_names_and_no_answer_gives_is_an_error_not_an_empty_string() -> None:
    """StrictUndefined (Jinja docs, "Undefined Types"): a value the template tests (`{% if phases %}`) and
    no answer gives would otherwise read as false, and a section would go missing without a word."""
    with pytest.raises(jinja2.UndefinedError, match="'phases' is undefined"):
        _template().render({"project": "acme", "path": "specs/acme.yaml"})
