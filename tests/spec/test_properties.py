"""Property tests: no spec text can break the HCL, and no edit of the spec ends in a traceback."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import bindings
import pytest
import yaml
from helpers import key_paths, spec_text
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import SAGE_SPEC, Terraform, write_tree

from sagegen.errors import UserError
from sagegen.render.module import render
from sagegen.spec.load import validate_located
from sagegen.spec.models import Spec
from sagegen.spec.yaml_reader import parse_yaml

BASE = {
    k: v for k, v in yaml.safe_load(SAGE_SPEC.read_text()).items() if k not in ("phases", "phase", "version")
}  # the MVP, as the models see it

# Any unicode but lone surrogates (no UTF-8 file can hold one), with HCL's special sequences made likely.
piece = st.one_of(
    st.characters(exclude_categories=["Cs"]),
    st.sampled_from(['"', "\\", "${", "%{", "$${", "%%{", "\n", "\r", "\t", "🚀", "\x00", "}", "{"]),
)
text = st.lists(piece, max_size=30).map("".join)
# Tags hold what AWS allows in them (letters, digits, spaces, `_.:/=+-@`); the models refuse the rest.
tag_text = st.text(
    alphabet=st.one_of(st.characters(categories=["L", "N", "Zs"]), st.sampled_from("_.:/=+-@")), max_size=30
)


def with_free_text(tag_value: str, description: str, env_value: str, tag_key: str = "Note") -> Spec:
    """The MVP with these texts where the models take any text (and a tag, with what AWS allows in one)."""
    data = copy.deepcopy(BASE)
    data["tags"] = {tag_key: tag_value}
    data["cache"]["description"] = description
    data["service"]["environment"] = {"NODE_ENV": env_value}
    return Spec.model_validate(data)


# Each example parses the whole render (19 files) back: 80 keep the suite's time in check (the two lanes
# share two cores, and .ci/run has 12 minutes).
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tag_value=tag_text, description=text, env_value=text)
@example(tag_value="a", description="\ue000{ $${\x01{", env_value="\x02{")  # once misread as "%{"
def test_free_text_reads_back_exactly(tag_value: str, description: str, env_value: str) -> None:
    spec = with_free_text(tag_value, description, env_value)
    assert bindings.verify(spec, render(spec)) == []  # python-hcl2 parses every file; each value reads back equal


NASTY = [
    'a"b\\c',
    "${var.secret}",
    "%{ if true }x%{ endif }",
    "line\nbreak\ttab\r",
    "🚀 emoji and 한국어",
    "\x00\x07\x1b",
    "$${already}",
    "ends with backslash\\",
]


@pytest.mark.terraform
def test_a_sample_of_nasty_renders_passes_terraform_validate(terraform: Terraform, tmp_path: Path) -> None:
    spec = with_free_text("a:b/c=d+e-f@g_h.i 한국어", NASTY[0] + "".join(NASTY[2:5]), NASTY[1] + "".join(NASTY[5:]))
    files = render(spec)
    assert bindings.verify(spec, files) == []
    write_tree(tmp_path, files)
    terraform.fmt_check(tmp_path / "terraform")
    terraform.validate(tmp_path / "terraform")


PATHS = key_paths(BASE)
OTHER_VALUES = st.sampled_from([None, 0, -1, 3.5, True, "", "x", "10.0.0.0/8", [], {}, ["a"], {"k": "v"}, 10**20])


@st.composite
def mutated_spec(draw: st.DrawFn) -> str:
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(PATHS))
        parent = data
        try:
            for key in path[:-1]:
                parent = parent[key]
            leaf = path[-1]
            parent[leaf]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this path
        action = draw(st.sampled_from(["delete", "replace", "unknown_key", "empty"]))
        if action == "delete" and isinstance(parent, dict):
            del parent[leaf]
        elif action == "replace" or (action == "delete" and isinstance(parent, list)):
            parent[leaf] = draw(OTHER_VALUES)
        elif action == "unknown_key":
            target = parent[leaf] if isinstance(parent[leaf], dict) else parent
            if isinstance(target, dict):
                target[draw(st.sampled_from(["extra", "instance_clas", "Typo", "x-y"]))] = 1
        elif action == "empty" and isinstance(parent[leaf], (list, dict)):
            parent[leaf] = type(parent[leaf])()
    return spec_text(data, allow_unicode=True)


MUTATIONS = {"examples": 0, "errors": 0, "renders": 0, "verified": 0}


@settings(max_examples=1200, deadline=None, suppress_health_check=[HealthCheck.too_slow])  # 1000 at least, below
@given(text_=mutated_spec())
def test_mutations_give_a_located_error_or_a_render(text_: str) -> None:
    MUTATIONS["examples"] += 1
    try:
        spec = validate_located(parse_yaml(text_.encode(), "spec.yaml"))
    except UserError as exc:
        MUTATIONS["errors"] += 1
        for problem in exc.problems:
            assert re.match(r"^spec\.yaml(:\d+(:\d+)?)?: ", str(problem)), str(problem)
            assert problem.line is not None or problem.key is None or "missing" in problem.message
        return
    files = render(spec)  # must not raise: the formatter refuses any HCL it cannot lay out
    MUTATIONS["renders"] += 1
    assert files["terraform/vpc.tf"].startswith("# Generated by sagegen")


# Each valid example parses its render back: a few dozen of the 120 drawn validate.
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_=mutated_spec())
def test_every_value_of_a_valid_mutation_lands_where_the_spec_says(text_: str) -> None:
    try:
        spec = validate_located(parse_yaml(text_.encode(), "spec.yaml"))
    except UserError:
        return
    MUTATIONS["verified"] += 1
    assert bindings.verify(spec, render(spec)) == []


def test_report_mutation_counts() -> None:
    """Prints how the mutation property test went (pytest -s shows it; the closing note quotes it)."""
    from support import FIGURES

    if MUTATIONS["examples"] == 0:  # run alone (pytest -k): run the property test here, so this cannot pass empty
        test_mutations_give_a_located_error_or_a_render()
    FIGURES.append(f"property test, random mutations of specs/sage.yaml: {MUTATIONS}")
    assert MUTATIONS["examples"] >= 1000 and MUTATIONS["errors"] > 0 and MUTATIONS["renders"] > 0, MUTATIONS


@pytest.mark.terraform
def test_terraform_reads_encoded_strings_back_exactly(terraform: Terraform, tmp_path: Path) -> None:
    """Terraform, not python-hcl2, judges the encoder: 200 random strings through `terraform console`."""
    import json
    import random

    from sagegen.render.hcl import encode

    rng = random.Random(20261126)
    pieces = [
        '"',
        "\\",
        "${",
        "%{",
        "$${",
        "%%{",
        "}",
        "{",
        "\n",
        "\r",
        "\t",
        "\x00",
        "\x1b",
        "\x85",
        "\u2028",
        "🚀",
        "é",
        "한",
        "a",
        "b",
        " ",
        "$",
        "%",
        ":",
    ]
    values = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(200)]
    (tmp_path / "main.tf").write_text(f'output "values" {{\n  value = {encode(values)}\n}}\n')
    for args in (["init", "-input=false"], ["apply", "-auto-approve", "-input=false"]):
        result = terraform.run(tmp_path, *args)
        assert result.returncode == 0, result.stdout + result.stderr
    result = terraform.run(tmp_path, "output", "-json", "values")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == values


@pytest.mark.terraform
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_sample_of_mutated_renders_validates(seed: int, terraform: Terraform, tmp_path: Path) -> None:
    """Mutations that still validate (optional keys deleted, so defaults apply) also pass terraform validate."""
    import random

    rng = random.Random(seed)
    data = copy.deepcopy(BASE)
    optional = (
        [("service", k) for k in ("platform_version", "image_tag_mutability", "health_check", "environment")]
        + [
            ("database", k)
            for k in ("port", "read_replicas", "cloudwatch_logs_exports", "multi_az", "monitoring_interval")
        ]
        + [("cache", k) for k in ("parameter_group_name", "snapshot_window", "auth_token")]
        + [("frontend", k) for k in ("ttl", "spa_fallback", "ipv6", "access_logs")]
        + [("network", "flow_logs"), ("edge", "access_logs"), ("waf",), ("alarms",), ("secrets",), ("tags",)]
    )
    deleted = rng.sample(optional, 5)
    for path in deleted:
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        parent.pop(path[-1], None)
    spec = validate_located(parse_yaml(yaml.safe_dump(data).encode(), "spec.yaml"))
    files = render(spec)
    assert bindings.verify(spec, files) == []
    write_tree(tmp_path, files)
    terraform.fmt_check(tmp_path / "terraform")
    terraform.validate(tmp_path / "terraform")
