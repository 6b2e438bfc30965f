"""`sagegen drift`: each drifted attribute of a refresh-only plan classed, keyed to the spec's own line.

The plans here have the shape of `terraform show -json` of a refresh-only plan (Terraform docs, "JSON
Output Format": `resource_drift`, each with `change.before` as the state had it and `change.after` as
AWS has it); the emulator lane (e2e/drift_lane.py) makes real ones.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import run_cli
from support import ROOT, SAGE_SPEC

from sagegen.errors import Problem, UserError
from sagegen.insight import drift
from sagegen.insight.impact import module
from sagegen.render.module import render
from sagegen.spec.edit import Edit
from sagegen.spec.load import load_stack, load_stack_bytes

DEFAULT_TAGS = {"Environment": "production", "ManagedBy": "sagegen", "Project": "sage"}


def _rendered(phase: str = "mvp", text: str | None = None) -> dict:
    stack = load_stack(SAGE_SPEC) if text is None else load_stack_bytes(text.encode(), str(SAGE_SPEC))
    return module(render(stack.spec(phase))).resources


def _entry(address: str, before: dict, after: dict | None) -> dict:
    rtype, name = address.split(".")[:2]
    return {
        "address": address,
        "mode": "managed",
        "type": rtype,
        "name": name.split("[")[0],
        "change": {"actions": ["update"] if after is not None else ["delete"], "before": before, "after": after},
    }


def _plan(*entries: dict, region: str = "us-west-2") -> dict:
    return {
        "format_version": "1.2",
        "terraform_version": "1.11.4",
        "planned_values": {"root_module": {}},
        "resource_drift": list(entries),
        "configuration": {
            "provider_config": {"aws": {"name": "aws", "expressions": {"region": {"constant_value": region}}}}
        },
    }


def _report(*entries: dict, phase: str = "mvp", text: str | None = None) -> drift.Report:
    text = SAGE_SPEC.read_text() if text is None else text
    stack = load_stack_bytes(text.encode(), str(SAGE_SPEC))
    region, found = drift.from_plan(_plan(*entries), "plan.json")
    return drift.report(drift.Context(stack, text, phase, region), found)


def _line_of(text: str, pattern: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if re.search(pattern, line))


def _database(**after: object) -> dict:
    db = _rendered()["aws_db_instance.postgres"]
    before = {k: v for k, v in db.items() if not isinstance(v, (dict, list)) and "${" not in str(v)}
    before |= {"tags": db.get("tags"), "tags_all": {**DEFAULT_TAGS, **(db.get("tags") or {})}}
    before |= {"latest_restorable_time": "2026-12-07T10:00:00Z", "status": "available"}
    return _entry("aws_db_instance.postgres", before, {**before, **after})


def test_an_instance_class_changed_by_hand_is_the_specs_key_at_its_line_and_the_edit_adopts_it() -> None:
    text = SAGE_SPEC.read_text()
    (found,) = _report(_database(instance_class="db.t4g.small")).drifts
    assert found.kind is drift.Kind.OWNED and found.target == "aws_db_instance.postgres.instance_class"
    line = _line_of(text, r"^  instance_class: db\.t4g\.micro")
    assert found.keys == (f"database.instance_class ({SAGE_SPEC}:{line})",)
    assert (found.configured, found.live) == ("db.t4g.micro", "db.t4g.small")
    edit = found.edit
    assert edit.line == line and edit.before == ("  instance_class: db.t4g.micro",)
    edited = text.splitlines()
    edited[line - 1 : line - 1 + len(edit.before)] = edit.after
    again = _rendered(text="\n".join(edited) + "\n")["aws_db_instance.postgres"]
    assert again["instance_class"] == "db.t4g.small"  # the edit, applied, renders the live value
    assert sum(a != b for a, b in zip(text.splitlines(), edited, strict=True)) == 1  # and changes one line


def test_a_key_the_live_phase_overlays_is_edited_in_its_overlay() -> None:
    text = SAGE_SPEC.read_text().replace("\nphase: mvp\n", "\nphase: growth\n")
    growth = load_stack_bytes(text.encode(), "x").spec("growth").database.instance_class
    entry = _database(instance_class="db.r6g.xlarge")
    entry["change"]["before"]["instance_class"] = growth
    (found,) = _report(entry, phase="growth", text=text).drifts
    assert found.edit is not None and found.edit.key == "phases.growth.database.instance_class"
    assert found.edit.before == (text.splitlines()[found.edit.line - 1],)
    assert growth in found.edit.before[0] and "db.r6g.xlarge" in found.edit.after[0]


def test_computed_values_are_named_and_ignored() -> None:
    result = _report(_database(latest_restorable_time="2026-12-07T11:00:00Z", status="modifying"))
    assert {d.attribute for d in result.of(drift.Kind.COMPUTED)} == {"latest_restorable_time", "status"}
    assert not result.found
    assert result.drifts[0] == drift.Drift(
        "aws_db_instance.postgres", "latest_restorable_time", drift.Kind.COMPUTED, None, "2026-12-07T11:00:00Z",
        remedy="AWS computes it",
    )  # fmt: skip


def test_an_attribute_the_render_leaves_out_is_removed_unless_aws_may_set_it() -> None:
    """`domain` (Optional, not Computed: the render's absence of it is the configuration) is removed by the
    next apply; a write-only argument (password_wo) is never stored, so never compared."""
    (found,) = _report(_database(domain="corp.example", password_wo="hunter2")).drifts
    assert found == drift.Drift(
        "aws_db_instance.postgres", "domain", drift.Kind.INEXPRESSIBLE, None, "corp.example",
        remedy="the next apply removes it",
    )  # fmt: skip


def test_a_resource_of_another_phase_is_a_question_for_check() -> None:
    (found,) = _report(_entry("aws_db_instance.replica[0]", {"instance_class": "db.t4g.small"}, {"x": 1})).drifts
    assert found == drift.Drift(
        "aws_db_instance.replica[0]", "", drift.Kind.INEXPRESSIBLE, None, None,
        remedy="not in this phase's render: `sagegen check`",
    )  # fmt: skip


def test_tags_are_compared_one_by_one_through_tags_all() -> None:
    """The provider's tags_all holds every tag AWS has, the default_tags' too: each tag that differs is one
    drift, with the state's value and AWS's; `tags` itself (the configuration's own) is not compared."""
    before = {"tags": {"Name": "a"}, "tags_all": {"Name": "a", "Team": "web", "Gone": "x"}}
    after = {"tags": {"Name": "changed in tags only"}, "tags_all": {"Name": "a", "Team": "data", "New": "y"}}
    assert drift._differences("aws_s3_bucket", before, after) == [
        ("tags.Gone", "x", None),
        ("tags.New", None, "y"),
        ("tags.Team", "web", "data"),
    ]


def test_a_value_the_provider_stores_in_its_own_form_is_noise() -> None:
    entry = _database(engine_version="16.4")  # the render says "16"; AWS upgraded the minor version
    entry["change"]["before"]["engine_version"] = "16.3"
    (found,) = _report(entry).drifts
    assert found.kind is drift.Kind.COMPUTED and not _report(entry).found
    assert found == drift.Drift(
        "aws_db_instance.postgres", "engine_version", drift.Kind.COMPUTED, "16", "16.4",
        remedy="the provider stores its own form of the render's '16'",
    )  # fmt: skip


def test_a_tag_added_by_hand_cannot_be_said_and_the_next_apply_removes_it() -> None:
    db = _database()
    db["change"]["after"]["tags_all"] = {**db["change"]["before"]["tags_all"], "Owner": "bob"}
    (found,) = _report(db).drifts
    assert (found.kind, found.attribute, found.live) == (drift.Kind.INEXPRESSIBLE, "tags.Owner", "bob")
    assert "removes" in found.remedy


def test_a_default_tag_changed_by_hand_is_the_key_that_sets_it() -> None:
    db = _database()
    db["change"]["after"]["tags_all"] = {**db["change"]["before"]["tags_all"], "Environment": "staging"}
    (found,) = _report(db).drifts
    line = _line_of(SAGE_SPEC.read_text(), r"^environment: production")
    assert found.kind is drift.Kind.OWNED and found.keys == (f"environment ({SAGE_SPEC}:{line})",)
    assert found.edit.after == ("environment: staging",)


def test_a_rule_added_by_hand_to_a_group_whose_rules_are_resources_is_kept_by_the_next_apply() -> None:
    group = next(a for a in _rendered() if a.startswith("aws_security_group."))
    rule = {"cidr_blocks": ["203.0.113.0/24"], "from_port": 22, "to_port": 22, "protocol": "tcp"}
    (found,) = _report(_entry(group, {"ingress": []}, {"ingress": [rule]})).drifts
    assert found.kind is drift.Kind.INEXPRESSIBLE and found.attribute == "ingress"
    assert "keeps it" in found.remedy  # ingress is Optional+Computed: the render's rules are resources of their own


def test_a_value_only_the_templates_set_is_owned_without_a_key() -> None:
    (found,) = _report(_database(storage_encrypted=False)).drifts
    assert found.kind is drift.Kind.OWNED and found.keys == () and found.edit is None
    assert "templates" in found.remedy


def test_a_resource_deleted_by_hand_is_created_by_the_next_apply() -> None:
    (found,) = _report(_entry("aws_cloudwatch_log_group.backend", {"name": "/ecs/sage-backend"}, None)).drifts
    assert found.kind is drift.Kind.OWNED and "creates it" in found.remedy


def test_a_value_the_spec_refuses_is_owned_without_an_edit() -> None:
    logs = _rendered()["aws_cloudwatch_log_group.backend"]
    entry = _entry("aws_cloudwatch_log_group.backend", dict(logs), {**logs, "retention_in_days": 4})
    (found,) = _report(entry).drifts  # CloudWatch Logs has no 4-day retention: the spec cannot say it
    assert found.kind is drift.Kind.OWNED and found.edit is None
    assert found.keys and found.keys[0].startswith("service.log_retention_days (")


def _cli(tmp_path: Path, plan: dict | str, *extra: str):
    path = tmp_path / "plan.json"
    path.write_text(plan if isinstance(plan, str) else json.dumps(plan))
    return run_cli("drift", SAGE_SPEC, "--plan", path, *extra)


def test_exit_codes_a_scheduled_job_can_use(tmp_path: Path) -> None:
    quiet = _cli(tmp_path, _plan(_database(status="modifying")))
    assert quiet.returncode == 0 and "no drift" in quiet.stdout, quiet.stderr
    loud = _cli(tmp_path, _plan(_database(instance_class="db.t4g.small")), "--format", "json")
    assert loud.returncode == 4, loud.stderr
    body = json.loads(loud.stdout)
    (entry,) = [d for d in body["drifts"] if d["class"] == "owned"]
    assert entry["keys"][0].startswith("database.instance_class") and entry["edit"]["after"] == [
        "  instance_class: db.t4g.small"
    ]


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        ("{", "plan.json:1: not JSON"),
        (json.dumps({"format_version": "1.0", "values": {}}), "is a state, not a plan"),
        (json.dumps([1]), "is not the JSON of `terraform show -json PLANFILE`"),
        (json.dumps(_plan(region="eu-west-1")), "plans a stack in eu-west-1"),
    ],
)
def test_bad_input_is_named_with_no_traceback(tmp_path: Path, plan: str, message: str) -> None:
    result = _cli(tmp_path, plan)
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr


def test_a_key_left_to_its_default_is_added_where_its_section_is_written() -> None:
    text = SAGE_SPEC.read_text()
    assert "\n  log_retention_days:" not in text.split("\ndatabase:", 1)[1].split("\ncache:", 1)[0]
    group = next(a for a in _rendered() if a.startswith('aws_cloudwatch_log_group.rds["'))
    logs = _rendered()[group]
    (found,) = _report(_entry(group, dict(logs), {**logs, "retention_in_days": 14})).drifts
    assert found.keys == (f"database.log_retention_days ({SAGE_SPEC}:{_line_of(text, r'^database:')})",)
    assert found.edit.before == () and found.edit.after == ("  log_retention_days: 14",)
    others = sorted(a for a in _rendered() if a.startswith('aws_cloudwatch_log_group.rds["') and a != group)
    assert others and found.edit_moves == tuple(others)  # one key sets every log group's retention: said so
    edited = found.edit.apply_to(text)
    assert _rendered(text=edited)[group]["retention_in_days"] == 14
    assert load_stack_bytes(edited.encode(), "x").spec("mvp").database.log_retention_days == 14


def _fake_terraform(tmp_path: Path, name: str, plan: dict) -> tuple[Path, Path]:
    """A stand-in for terraform (or tofu) that logs its arguments and shows `plan`."""
    log, shown = tmp_path / f"{name}.log", tmp_path / "shown.json"
    shown.write_text(json.dumps(plan))
    program = tmp_path / "bin" / name
    program.parent.mkdir(exist_ok=True)
    program.write_text(
        f'#!/bin/sh\nprintf "%s\\n" "$*" >>"{log}"\n'
        'for a in "$@"; do case "$a" in -out=*) : >"${a#-out=}";; esac; done\n'
        f'case "$*" in *" show "*|show*|*-chdir=*" show"*) cat "{shown}";; esac\n'
    )
    program.chmod(0o755)
    return program, log


@pytest.mark.parametrize("name", ["terraform", "tofu"])
def test_terraform_dir_runs_a_refresh_only_plan_in_a_private_directory_it_removes(tmp_path: Path, name: str) -> None:
    module = tmp_path / "module"
    (module / ".terraform").mkdir(parents=True)
    program, log = _fake_terraform(tmp_path, name, _plan(_database(instance_class="db.t4g.small")))
    result = run_cli("drift", SAGE_SPEC, "--terraform", module, "--binary", program)
    assert result.returncode == 4 and "database.instance_class" in result.stdout, result.stderr
    plan_call, show_call = log.read_text().splitlines()
    assert plan_call.split()[:3] == [f"-chdir={module}", "plan", "-refresh-only"]
    plan_file = next(a.removeprefix("-out=") for a in plan_call.split() if a.startswith("-out="))
    assert Path(plan_file).parent.name.startswith("sagegen-drift-") and not Path(plan_file).parent.exists()
    assert show_call.split()[-1] == (f"-plan={plan_file}" if name == "tofu" else plan_file)
    assert sorted(p.name for p in module.iterdir()) == [".terraform"]  # nothing written beside the module


def test_terraform_dir_must_be_initialised(tmp_path: Path) -> None:
    result = run_cli("drift", SAGE_SPEC, "--terraform", tmp_path)
    assert result.returncode == 1 and "not an initialised root module" in result.stderr


def test_a_value_the_plan_marks_sensitive_is_neither_shown_nor_written_into_an_edit() -> None:
    entry = _database(instance_class="db.t4g.small", username="someone_else")
    entry["change"]["after_sensitive"] = {"username": True, "tags_all": {}}
    result = _report(entry)
    by_attribute = {d.attribute: d for d in result.drifts}
    hidden = by_attribute["username"]
    assert hidden.live == hidden.configured == drift.SENSITIVE and hidden.edit is None
    assert "someone_else" not in drift.as_text(result) + json.dumps(drift.as_json(result))
    assert by_attribute["instance_class"].live == "db.t4g.small"  # only what the plan marks is hidden


GOLDEN = Path(__file__).parent / "golden"


def test_the_report_of_every_kind_of_drift_is_the_golden_one() -> None:
    """A refresh-only plan with a drift of each kind (owned with and without an edit, an edit that moves other
    resources and that other phases read, a deleted resource, a value set to null, a tag and a rule added by
    hand, the rule's text one character longer than is shown whole, computed noise): the report a scheduled
    job mails is exactly the reviewed one."""
    plan = GOLDEN / "drift-plan.json"
    result = run_cli("drift", "specs/sage.yaml", "--plan", plan.relative_to(ROOT), cwd=ROOT)
    assert result.returncode == 4, result.stderr
    assert result.stdout == (GOLDEN / "drift-mvp.txt").read_text(), "scripts/update-golden rewrites it: review the diff"
    text = result.stdout
    for heading in drift.HEADINGS.values():
        assert f"\n{heading} (" in text, heading
    assert (
        "live deleted" in text and "...\n" in text and "other resource(s) too" in text and "read the same line" in text
    )


def test_a_sensitive_mark_anywhere_inside_an_attribute_hides_it_whole() -> None:
    """Terraform's JSON plan marks sensitive values with the value's own shape, `true` at each sensitive
    leaf (Terraform docs, JSON output format: before_sensitive/after_sensitive); an attribute with any
    `true` inside is hidden, one whose marks are all empty or false is not."""
    marks = {"a": True, "b": {}, "c": {"x": [False, {"y": True}]}, "d": [False, {}], "e": False, "f": [True]}
    assert drift._sensitive(marks) == {"a", "c", "f"}
    assert drift._sensitive(True) == {"*"} and drift._sensitive(False) == set() and drift._sensitive([True]) == set()


def test_a_quiet_report_of_a_spec_without_phases_says_so_and_lists_the_noise() -> None:
    noise = [drift.Drift(f"aws_vpc.main{n}", "arn", drift.Kind.COMPUTED, None, "x") for n in (1, 2)]
    assert drift.as_text(drift.Report(None, "eu-west-1", noise)) == (
        "drift of the live stack (eu-west-1):\n"
        f"\n{drift.HEADINGS[drift.Kind.COMPUTED]} (2): aws_vpc.main1.arn, aws_vpc.main2.arn\n"
        "\nno drift the spec or the account should hear of\n"
    )


def test_a_value_is_shown_as_stable_json_cut_at_120_characters() -> None:
    assert drift._shown({"b": 1, "a": [2]}) == '{"a": [2], "b": 1}'  # the same text whatever the plan's key order
    assert drift._shown("x" * 120) == "x" * 120
    assert drift._shown("x" * 121) == "x" * 117 + "..."


def test_the_keys_tried_as_owners_are_those_whose_value_shows_in_the_configured_value() -> None:
    """Equal to it, or (text of three characters or more) written inside it; a boolean only for a boolean,
    a null never."""
    data = {"a": {"text": "abc", "short": "ab", "n": 5, "flag": True, "unset": None}}
    assert drift._candidates(data, "x-abc-ab-x") == [("a.text", "abc")]
    assert drift._candidates(data, {"count": 5}) == [("a.n", 5)]
    assert drift._candidates(data, [True, "abcd"]) == [("a.text", "abc")]
    assert drift._candidates(data, True) == [("a.flag", True)]


def test_another_value_of_a_key_is_of_its_own_type_and_never_itself() -> None:
    """What drift tries in a key's place to see whether the key moves the attribute: a different value of the
    same type (the same value would move nothing; another type fails validation)."""
    assert drift._others(True) == [False] and drift._others(False) == [True]
    assert drift._others(3) == [4, 6, 2] and drift._others(1.5) == [3.0]
    assert drift._others("abc") == ["abcx", "abz"] and drift._others("") == ["x", "z"] and drift._others(None) == []


def test_what_else_an_edit_changes_counts_what_it_adds_and_removes() -> None:
    before = SimpleNamespace(resources={"a": 1, "b": 1, "c": 1, "x": 1})
    after = SimpleNamespace(resources={"a": 2, "b": 1, "d": 1, "x": 2})
    assert drift._changed_besides(before, after, "x") == ("a", "c", "d")


def _with_tags(address: str) -> dict:
    """A resource of the MVP's render as the state holds it: its scalars, its own tags and tags_all."""
    body = _rendered()[address]
    state = {k: v for k, v in body.items() if not isinstance(v, (dict, list)) and "${" not in str(v)}
    return state | {"tags": body.get("tags"), "tags_all": {**DEFAULT_TAGS, **(body.get("tags") or {})}}


def test_a_name_tag_changed_by_hand_is_owned_by_the_key_it_is_made_of_only() -> None:
    """aws_vpc.main's own Name tag ("sage-vpc") is made of `project`; other keys whose value shows in it
    (the state's key prefix, the database's name: both "sage") do not move it and are not named."""
    vpc = _with_tags("aws_vpc.main")
    (found,) = _report(
        _entry("aws_vpc.main", vpc, vpc | {"tags_all": vpc["tags_all"] | {"Name": "sage-dev-vpc"}})
    ).drifts
    line = _line_of(SAGE_SPEC.read_text(), r"^project: sage")
    assert (found.kind, found.attribute, found.configured) == (drift.Kind.OWNED, "tags.Name", "sage-vpc")
    assert found.keys == (f"project ({SAGE_SPEC}:{line})",) and found.edit is None  # no project renders it


def test_an_attribute_set_from_another_resource_is_restored_by_the_next_apply() -> None:
    service = {"cluster": "arn:aws:ecs:us-west-2:111111111111:cluster/sage", "desired_count": 2}
    moved = {**service, "cluster": "arn:aws:ecs:us-west-2:111111111111:cluster/other"}
    (found,) = _report(_entry("aws_ecs_service.backend", service, moved)).drifts
    assert found == drift.Drift(
        "aws_ecs_service.backend", "cluster", drift.Kind.OWNED, "${aws_ecs_cluster.sage.id}", moved["cluster"],
        remedy="set from another resource (${aws_ecs_cluster.sage.id}): the next apply restores it",
    )  # fmt: skip


def test_a_list_changed_by_hand_is_restored_with_no_key_and_no_edit() -> None:
    """Keys are tried, and edits written, for scalars: a list is the spec's to write whole."""
    (found,) = _report(_database(enabled_cloudwatch_logs_exports=["postgresql"])).drifts
    assert found.kind is drift.Kind.OWNED and found.configured == ["postgresql", "upgrade"]
    assert (found.keys, found.edit) == ((), None) and "an item of a list the spec gives whole" in found.remedy


def test_trying_a_key_leaves_the_spec_data_as_it_was() -> None:
    """Each key is tried in a copy: a value left behind would be read by the next key's try."""
    stack = load_stack(SAGE_SPEC)
    context = drift.Context(stack, SAGE_SPEC.read_text(), "mvp", "us-west-2")
    data = context.spec.model_dump(mode="json")
    kept = json.loads(json.dumps(data))
    address, value = "aws_db_instance.postgres", "db.t4g.micro"
    drift._moves(context, data, "database.instance_class", value, address, "instance_class", "", value)
    drift._moves(context, data, "database.allocated_storage", 20, address, "allocated_storage", "", 20)
    assert data == kept


def test_the_spec_dumps_as_json_types_in_either_mode() -> None:
    """The keys drift tries are read from the spec dumped in JSON mode, so each value is a string, number or
    boolean it can vary; today every field dumps the same in Python mode (benchmarks/mutants/code.yaml
    relies on it for the mode's mutants: a field of another type makes this fail first)."""
    for spec in load_stack(SAGE_SPEC).phases.values():
        assert spec.model_dump() == spec.model_dump(mode="json")


def test_the_default_tags_are_those_of_the_provider_the_resource_uses() -> None:
    """A resource of an aliased provider (CloudFront's WAF in us-east-1) takes that provider's default_tags;
    a default_tags block is a list in python-hcl2's reading, or one block."""
    configured = SimpleNamespace(
        providers={
            None: {"default_tags": [{"tags": {"Region": "primary"}}]},
            "us_east_1": {"default_tags": {"tags": {"Region": "edge", "Team": "web"}}},
        }
    )
    assert drift._default_tags(configured, {"provider": "${aws.us_east_1}"}) == {"Region": "edge", "Team": "web"}
    assert drift._default_tags(configured, {}) == {"Region": "primary"}


def test_an_attribute_the_state_or_aws_lacks_is_a_difference() -> None:
    assert drift._differences("aws_s3_bucket", {"bucket": "b"}, {"bucket": "b", "acceleration_status": "Enabled"}) == [
        ("acceleration_status", None, "Enabled")
    ]
    # attributes after tags_all are read too
    tagged = {"tags_all": {"Team": "web"}, "timeouts": None}
    assert drift._differences(
        "aws_s3_bucket", tagged, {"tags_all": {"Team": "data"}, "timeouts": {"create": "1m"}}
    ) == [
        ("tags.Team", "web", "data"),
        ("timeouts", None, {"create": "1m"}),
    ]
    assert drift._differences("aws_s3_bucket", {"bucket": "b", "policy": ""}, {"bucket": "b"}) == []  # empty = unset
    assert drift._differences("aws_s3_bucket", {"bucket": "b", "policy": '{"a": 1}'}, {"bucket": "b"}) == [
        ("policy", '{"a": 1}', None)
    ]


def test_an_edit_that_changes_several_other_resources_names_them_all() -> None:
    edit = Edit("specs/sage.yaml", 50, "database.log_retention_days", (), ("  log_retention_days: 60",))
    found = drift.Drift(
        "aws_cloudwatch_log_group.rds[\"a\"]", "retention_in_days", drift.Kind.OWNED, 30, 60,
        edit=edit, edit_moves=("aws_cloudwatch_log_group.rds[\"b\"]", "aws_cloudwatch_log_group.rds[\"c\"]"),
    )  # fmt: skip
    assert drift._lines(found)[-1] == (
        '      the edit changes 2 other resource(s) too: aws_cloudwatch_log_group.rds["b"], '
        'aws_cloudwatch_log_group.rds["c"]'
    )


def test_a_mark_on_the_states_side_or_on_the_whole_resource_hides_as_well() -> None:
    """Marked in before_sensitive only (the state's value was secret), or the whole resource marked: hidden.
    A tag is hidden when tags_all is marked, as the tags are read from it."""
    entry = _database(username="someone_else")
    entry["change"]["before_sensitive"] = {"username": True}
    (found,) = _report(entry).drifts
    assert (found.attribute, found.live, found.configured) == ("username", drift.SENSITIVE, drift.SENSITIVE)
    whole = _database(username="someone_else")
    whole["change"]["after_sensitive"] = True
    assert [(d.attribute, d.live) for d in _report(whole).drifts] == [("username", drift.SENSITIVE)]
    tagged = _database()
    tagged["change"]["after"]["tags_all"] = {**tagged["change"]["before"]["tags_all"], "Owner": "bob"}
    tagged["change"]["after_sensitive"] = {"tags_all": {"Owner": True}}
    assert [(d.attribute, d.live) for d in _report(tagged).drifts] == [("tags.Owner", drift.SENSITIVE)]
    shown = _database(username="someone_else")
    shown["change"]["after_sensitive"] = {"tags_all": {}, "tags": {"Owner": True}}  # tags itself is not read
    assert [(d.attribute, d.live) for d in _report(shown).drifts] == [("username", "someone_else")]


def test_every_entry_is_read_after_a_deleted_resource_or_one_of_another_phase() -> None:
    deleted = _entry("aws_cloudwatch_log_group.backend", {"name": "/ecs/sage-backend"}, None)
    other_phase = _entry("aws_db_instance.replica[0]", {"instance_class": "db.t4g.small"}, {"x": 1})
    service = {"cluster": "arn:aws:ecs:us-west-2:111111111111:cluster/sage"}
    moved = _entry("aws_ecs_service.backend", service, {"cluster": "arn:aws:ecs:us-west-2:111111111111:cluster/x"})
    found = _report(deleted, other_phase, moved).drifts
    assert [d.target for d in found] == [
        "aws_cloudwatch_log_group.backend",
        "aws_db_instance.replica[0]",
        "aws_ecs_service.backend.cluster",
    ]


NOT_A_PLAN = Problem("is not the JSON of `terraform show -json PLANFILE`", file="p.json")
LISTED_BADLY = Problem("resource_drift is not a list of resource changes", file="p.json", key="resource_drift")
CHANGE = {"address": "aws_vpc.main", "type": "aws_vpc", "change": {"before": {}, "after": {}}}


@pytest.mark.parametrize(
    ("plan", "problem", "hint"),
    [
        ([1], NOT_A_PLAN, drift.PLAN_HINT),
        ({"resource_drift": []}, NOT_A_PLAN, drift.PLAN_HINT),
        (
            {"format_version": "1.2", "values": {}},
            Problem("is a state, not a plan: it holds no earlier values to compare with", file="p.json"),
            drift.PLAN_HINT,
        ),
        ({"format_version": "1.2", "resource_drift": {"a": 1}}, LISTED_BADLY, None),
        *(
            ({"format_version": "1.2", "resource_drift": [bad]}, LISTED_BADLY, None)
            for bad in (
                "aws_vpc.main",
                {**CHANGE, "address": 1},
                {k: v for k, v in CHANGE.items() if k != "type"},
                {**CHANGE, "change": []},
                {**CHANGE, "change": {"before": [1], "after": {}}},
                {**CHANGE, "change": {"before": {}, "after": [1]}},
            )
        ),
    ],
)
def test_what_is_no_refresh_only_plan_is_named_whole(plan: object, problem: Problem, hint: str | None) -> None:
    with pytest.raises(UserError) as refused:
        drift.from_plan(plan, "p.json")
    assert (refused.value.problems, refused.value.hint) == ([problem], hint)


def test_a_plan_without_drift_has_none_and_only_the_root_modules_managed_resources_are_read() -> None:
    """A refresh-only plan that found nothing has planned_values and no resource_drift (Terraform leaves the
    key out); data sources and resources of a child module are not the render's root module's."""
    assert drift.from_plan({"format_version": "1.2", "planned_values": {}}, "p.json") == (None, [])
    entries = [CHANGE, {**CHANGE, "mode": "data"}, {**CHANGE, "module_address": "module.x"}]
    plan = {
        "format_version": "1.2",
        "resource_drift": entries,
        "configuration": {"provider_config": {"aws": {"expressions": {"region": {"constant_value": "us-west-2"}}}}},
    }
    assert drift.from_plan(plan, "p.json") == ("us-west-2", [CHANGE])
