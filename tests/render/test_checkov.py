"""checkov on every render: each finding is fixed or waived with a reason, and each waiver answers a finding.

checkov runs twice over the renders of specs/sage.yaml and every tests/cases
spec: once as emitted, where nothing may fail, and once with the
`#checkov:skip` comments taken out, where exactly the waived checks must fail.
So a waiver that no longer answers a finding (the fix landed, the resource
moved) fails the suite as surely as an unexplained finding does.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from cases import EXAMPLES, sage_modules
from support import FIGURES, SAGE_SPEC, write_tree

from sagegen.render.module import render
from sagegen.render.waivers import waivers
from sagegen.spec.load import load_spec

# Every root module of specs/sage.yaml (each phase, each region), and every test case.
SPECS = {
    **{
        "-".join(filter(None, ["sage", phase, module.prefix.strip("/")])): module.spec
        for phase, module in sage_modules()
    },
    **{p.stem: load_spec(p) for p in EXAMPLES},
}
SKIP_COMMENT = re.compile(r"^ *#checkov:skip=.*\n", re.M)


def checkov_binary() -> str:
    found = os.environ.get("SAGEGEN_CHECKOV") or shutil.which("checkov")
    if found:
        return found
    if os.environ.get("SAGEGEN_REQUIRE_CHECKOV") == "1":
        pytest.fail("SAGEGEN_CHECKOV is required but names no checkov; scripts/test installs it into .venv-checkov")
    pytest.skip("checkov is not installed (scripts/test installs it)")


def start_checkov(binary: str, root: Path) -> subprocess.Popen:
    # Offline: no Bridgecrew mapping download, no policy download.
    env = dict(os.environ, BC_SKIP_MAPPING="TRUE", CHECKOV_RUN_SCA_PACKAGE_SCAN_V2="false")
    return subprocess.Popen(
        [binary, "-d", str(root), "--framework", "terraform", "--skip-download", "--compact", "-o", "json"],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen) -> dict:
    stdout, stderr = process.communicate(timeout=600)
    assert process.returncode in (0, 1), stderr[-3000:]  # 1: some check failed
    report = json.loads(stdout)
    assert report["summary"]["parsing_errors"] == 0, report["summary"]
    return report


def findings(report: dict, kind: str) -> dict[str, set[tuple[str, str]]]:
    """{case: {(check id, address without count index)}} of one result kind."""
    found: dict[str, set[tuple[str, str]]] = {case: set() for case in SPECS}
    for result in report["results"].get(kind, []):
        case = result["file_path"].strip("/").split("/")[0]
        found[case].add((result["check_id"], re.sub(r"\[[^\]]+\]$", "", result["resource"])))
    return found


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> dict:
    binary = checkov_binary()
    emitted, stripped = tmp_path_factory.mktemp("emitted"), tmp_path_factory.mktemp("stripped")
    for case, spec in SPECS.items():
        files = render(spec)
        write_tree(emitted / case, files)
        write_tree(stripped / case, {path: SKIP_COMMENT.sub("", text) for path, text in files.items()})
    runs = [start_checkov(binary, emitted), start_checkov(binary, stripped)]
    as_emitted, without_waivers = (finish(run) for run in runs)
    counts = {case: {kind: 0 for kind in ("passed", "failed", "skipped")} for case in SPECS}
    for kind in ("passed", "failed", "skipped"):
        for result in as_emitted["results"].get(f"{kind}_checks", []):
            counts[result["file_path"].strip("/").split("/")[0]][kind] += 1
    for case, n in counts.items():
        FIGURES.append(
            f"checkov {as_emitted['summary']['checkov_version']} on {case}: "
            f"{n['passed']} passed, {n['failed']} failed, {n['skipped']} skipped (waived with a reason)"
        )
    return {
        "failed": findings(as_emitted, "failed_checks"),
        "skipped": findings(as_emitted, "skipped_checks"),
        "unwaived": findings(without_waivers, "failed_checks"),
        "counts": counts,
    }


@pytest.mark.parametrize("case", SPECS)
def test_no_unexplained_finding(scans: dict, case: str) -> None:
    assert sorted(scans["failed"][case]) == [], "fix these in the templates or waive them in sagegen/render/waivers.py"


@pytest.mark.parametrize("case", SPECS)
def test_every_waiver_answers_a_finding(scans: dict, case: str) -> None:
    assert scans["counts"][case]["passed"] > 100  # checkov really scanned this render
    stale = scans["skipped"][case] - scans["unwaived"][case]
    assert sorted(stale) == [], "these waivers skip checks that pass without them: remove them"
    assert scans["skipped"][case] == scans["unwaived"][case]


def test_sage_waives_what_its_spec_chose() -> None:
    """The MVP's recorded choices show up as waivers, and the protections it keeps do not."""
    checks = {(w.check, a) for w in waivers(load_spec(SAGE_SPEC)) for a in w.addresses}
    assert ("CKV_AWS_157", "aws_db_instance.postgres") in checks  # Multi-AZ off for the MVP
    assert not any(
        check
        in {
            "CKV_AWS_31",
            "CKV2_AWS_28",
            "CKV_AWS_68",
            "CKV_AWS_91",
            "CKV_AWS_86",
            "CKV2_AWS_11",
            "CKV2_AWS_12",
            "CKV_AWS_51",
        }
        for check, _ in checks
    )


def test_waiver_reasons_are_written_into_the_resource(sage_files: dict[str, str]) -> None:
    rds = sage_files["terraform/rds.tf"]
    block = rds[rds.index('resource "aws_db_instance" "postgres" {') :]
    first_line = block.splitlines()[1].strip()
    assert first_line.startswith("#checkov:skip=CKV_AWS_157:Multi-AZ is off in this spec")
    for waiver in waivers(load_spec(SAGE_SPEC)):
        assert len(waiver.reason) > 40 or waiver.reason.startswith("turned off in the spec (")


def test_docs_list_the_waivers_of_the_sage_spec() -> None:
    """docs/security.md shows a reviewer the same waivers the render carries."""
    doc = (SAGE_SPEC.parent.parent / "docs" / "security.md").read_text()
    table = doc[doc.index("## Waived for specs/sage.yaml") :]
    rows = [line for line in table.splitlines() if line.startswith("| CKV")]
    expected = [
        f"| {w.check} | {' '.join(f'`{a}`' for a in w.addresses)} | {w.reason} |" for w in waivers(load_spec(SAGE_SPEC))
    ]
    assert rows == expected, "regenerate the table in docs/security.md from sagegen/render/waivers.py"
