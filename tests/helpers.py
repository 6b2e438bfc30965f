"""Small helpers shared by the CLI and writer tests."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import yaml
from support import HANG, SAGE_SPEC

SAGEGEN = [sys.executable, "-m", "sagegen"]


def sage_data(*, phases: bool = False) -> dict:
    """specs/sage.yaml as data; by default its base alone (the MVP), a spec without phases."""
    data = yaml.safe_load(SAGE_SPEC.read_text())
    if not phases:
        data.pop("phases")
        data.pop("phase")
    return data


def spec_text(data: dict, *, allow_unicode: bool = False) -> str:
    """`data` as YAML, by libyaml's emitter where PyYAML has it (the suite writes thousands of specs)."""
    dumper = yaml.CSafeDumper if yaml.__with_libyaml__ else yaml.SafeDumper
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=allow_unicode)


def write_spec(path: Path, data: dict) -> Path:
    path.write_text(spec_text(data))
    return path


def run_cli(
    *args: str | Path, cwd: Path | None = None, timeout: float = HANG, process: bool = False
) -> subprocess.CompletedProcess:
    """The CLI's entry point (`sagegen.cli.main`) with `args`, its output and exit code as a process's.
    In this process by default: a `python -m sagegen` costs half a CPU-second of imports and template
    loading, and the suite runs the CLI a hundred times on a CPU budget. `process=True` runs it as a user
    does, a separate process: the CLI's own tests (tests/cli/), which hold the process boundary (exit codes,
    no traceback, standard streams), and the hostile ones run it so. Under the mutation benchmarks
    (mutmut's mutants, and mutate_templates.py's, live in this process only) every call runs here."""
    if process and not ("MUTANT_UNDER_TEST" in os.environ or os.environ.get("SAGEGEN_TESTS_IN_PROCESS")):
        return subprocess.run([*SAGEGEN, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=timeout)
    return _in_this_process([str(a) for a in args], cwd)


def _in_this_process(args: list[str], cwd: Path | None) -> subprocess.CompletedProcess:
    from sagegen.cli import main

    out, err, before = io.StringIO(), io.StringIO(), Path.cwd()
    try:
        os.chdir(cwd or before)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    finally:
        os.chdir(before)
    return subprocess.CompletedProcess([*SAGEGEN, *args], code, out.getvalue(), err.getvalue())


def stand_in(path: Path, body: str) -> Path:
    """An executable Python script at `path` (its directory made) that imports sys and runs `body`: a
    stand-in for a program the code under test runs (dot, terraform)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!{sys.executable}\nimport sys\n{body}\n")
    path.chmod(0o755)
    return path


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def key_paths(value: object, *, leaves_only: bool = False, path: tuple = ()) -> list[tuple]:
    """Every key path into nested dicts and lists (the root's empty path excluded), or only the scalar leaves."""
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else None
    if children is None:
        return [path] if path else []
    here = [path] if path and not leaves_only else []
    return here + [p for key, item in children for p in key_paths(item, leaves_only=leaves_only, path=path + (key,))]
