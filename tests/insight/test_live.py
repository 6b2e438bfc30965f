"""`insight.live.refresh_only_plan` (what `sagegen drift --terraform DIR` runs), called directly with a
stand-in for Terraform: the exact commands, each error a located one. Why each argument: `-refresh-only`
proposes no change and `-input=false` never waits for an answer a scheduled job cannot give (Terraform
docs, "Command: plan"); `-no-color` keeps escape codes out of the error sagegen prints; `show -json`
is the machine-readable plan (Terraform docs, "JSON Output Format")."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import stand_in

from sagegen.errors import UserError
from sagegen.insight import live


def _stand_in(tmp_path: Path, name: str, body: str) -> Path:
    """An executable `name` that logs its arguments, one line per call (NUL-separated), then runs `body`."""
    log = tmp_path / "calls.log"
    return stand_in(
        tmp_path / "bin" / name, f"import time\nopen({str(log)!r}, 'a').write('\\0'.join(sys.argv[1:]) + '\\n')\n{body}"
    )


def _calls(tmp_path: Path) -> list[list[str]]:
    return [line.split("\0") for line in (tmp_path / "calls.log").read_text().splitlines()]


def _module(tmp_path: Path) -> Path:
    module = tmp_path / "module"
    (module / ".terraform").mkdir(parents=True)
    return module


@pytest.mark.parametrize("name", ["terraform", "tofu"])
def test_the_plan_and_the_show_are_exactly_these_commands(tmp_path: Path, name: str) -> None:
    body = "if sys.argv[2] == 'show': sys.stdout.write('{\"format_version\": \"1.2\"}')"
    program = _stand_in(tmp_path, name, body)
    module = _module(tmp_path)
    assert live.refresh_only_plan(module, str(program)) == b'{"format_version": "1.2"}'
    (plan, show) = _calls(tmp_path)
    (out,) = [a for a in plan if a.startswith("-out=")]
    plan_file = out.removeprefix("-out=")
    assert plan == [f"-chdir={module}", "plan", "-refresh-only", "-input=false", "-no-color", out]
    assert show == [
        f"-chdir={module}",
        "show",
        "-json",
        "-no-color",
        f"-plan={plan_file}" if name == "tofu" else plan_file,
    ]
    assert Path(plan_file).name == "drift.tfplan" and Path(plan_file).parent.name.startswith("sagegen-drift-")
    assert not Path(plan_file).parent.exists(), "the plan file's directory is removed"


def test_a_failing_command_is_named_with_its_exit_and_the_end_of_what_it_said(tmp_path: Path) -> None:
    said = "".join(f"line {n}\\n" for n in range(1, 21))
    program = _stand_in(tmp_path, "terraform", f"sys.stderr.write('{said}'); sys.exit(3)")
    module = _module(tmp_path)
    with pytest.raises(UserError) as raised:
        live.refresh_only_plan(module, str(program))
    (problem,) = raised.value.problems
    assert problem.file == str(module)
    assert problem.message == "`terraform plan` failed (exit 3):\n  " + "\n  ".join(f"line {n}" for n in range(9, 21))
    assert len(_calls(tmp_path)) == 1, "nothing is shown after a failed plan"


def test_a_command_that_runs_too_long_is_stopped_and_named(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(live, "TIMEOUT", 0.5)
    program = _stand_in(tmp_path, "terraform", "time.sleep(30)")
    module = _module(tmp_path)
    with pytest.raises(UserError) as raised:
        live.refresh_only_plan(module, str(program))
    (problem,) = raised.value.problems
    assert (problem.message, problem.file) == ("`terraform plan` ran longer than 0.5 s", str(module))


def test_without_the_binary_or_an_initialised_module_it_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(UserError) as missing:
        live.refresh_only_plan(_module(tmp_path), str(tmp_path / "no-such-terraform"))
    (problem,) = missing.value.problems
    assert problem.message == f"{tmp_path / 'no-such-terraform'} is not on PATH"
    assert missing.value.hint == "install it, or pass the plan's JSON with --plan FILE"
    program = _stand_in(tmp_path, "tofu", "")
    with pytest.raises(UserError) as bare:
        live.refresh_only_plan(tmp_path, str(program))
    (problem,) = bare.value.problems
    assert (problem.message, problem.file) == ("is not an initialised root module (no .terraform/)", str(tmp_path))
    assert bare.value.hint == f"run `{program} init` there first"
    assert not (tmp_path / "calls.log").exists(), "nothing ran"


def test_terraform_is_found_on_path_by_default_reads_nothing_from_us_and_its_complaint_is_read_whatever_its_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scheduled job has no one to answer a prompt: Terraform's standard input is /dev/null, not whatever
    sagegen's is (here a pipe with an answer waiting in it). Terraform's stderr may hold bytes that are not
    UTF-8 (a provider's message): they are replaced, not a crash."""
    check = "same = os.path.samefile('/proc/self/fd/0', '/dev/null')\n"
    _stand_in(
        tmp_path, "terraform", f"import os\n{check}sys.stderr.buffer.write(b'stdin null: %d \\xff' % same)\nsys.exit(1)"
    )
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    read, write = os.pipe()
    os.write(write, b"yes\n")
    saved = os.dup(0)
    os.dup2(read, 0)
    try:
        with pytest.raises(UserError) as raised:
            live.refresh_only_plan(_module(tmp_path))
    finally:
        os.dup2(saved, 0)
        for fd in (saved, read, write):
            os.close(fd)
    assert raised.value.problems[0].message == "`terraform plan` failed (exit 1):\n  stdin null: 1 \ufffd"
