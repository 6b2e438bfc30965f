"""Code mutation (issue 25): mutmut over sagegen/spec, sagegen/insight, sagegen/output and sagegen/cost.py,
judged by their unit tests (pyproject.toml's [tool.mutmut] says which, and why).

mutmut writes its mutants beside the code it mutates, so it runs in a scratch copy of the repository's
tracked files, never in this checkout. A mutant is killed when a test fails, survives when every test that
reaches it passes, and has "no tests" when none reaches it (code only the CLI's processes run). Survivors
and untested mutants are printed unless benchmarks/mutants/code.yaml answers them, each with its reason.

Set-up, once: scripts/setup mutation (.venv-mutation: the test lock and mutmut, sagegen installed).
Usage:   .venv-mutation/bin/python benchmarks/mutate_code.py [--jobs N] [--keep DIR]
Takes hours: a surviving mutant runs every test that reaches its function (measured: 1,436 of the
6,247 mutants in about 50 minutes of one core). Stop it at any time and run it again with the same
--keep DIR: mutmut resumes. It is not part of .ci/run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ANSWERED = ROOT / "benchmarks" / "mutants" / "code.yaml"
# mutmut.stats.status_by_exit_code: a test failed, or pytest itself did; or the tests ran past their CPU
# limit (SIGXCPU and mutmut's other timeout codes): the mutant made a test hang, which is how a hang is
# caught (a test that stops a hung `dot` or `terraform` meets a mutant without the timeout). mutmut counts
# timeouts as kills too.
KILLED = {1, 3, 24, -24, 36, 152, 255}
SURVIVED, NO_TESTS = {0}, {5, 33}


def scratch_copy(target: Path) -> None:
    """The tracked files of this checkout (as they are on disk) under `target`, a git repository of its
    own (tests ask git what it ignores)."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    subprocess.run(["git", "init", "-q"], cwd=target, check=True)


def verdicts(copy: Path) -> dict[str, int | None]:
    """{mutant name: exit code} from mutmut's record of each mutated file (mutants/**/*.meta)."""
    found: dict[str, int | None] = {}
    for meta in sorted((copy / "mutants").rglob("*.meta")):
        found.update(json.loads(meta.read_text())["exit_code_by_key"])
    return found


def answered() -> dict[str, str]:
    return {e["id"]: e["why"] for e in yaml.safe_load(ANSWERED.read_text()) or []} if ANSWERED.exists() else {}


def report(found: dict[str, int | None], seconds: float) -> int:
    known = answered()
    killed = [m for m, code in found.items() if code in KILLED]
    open_ = sorted(m for m, code in found.items() if code is not None and code not in KILLED and m not in known)
    listed = [m for m, code in found.items() if code not in KILLED and m in known]
    for name in open_:
        code = found[name]
        status = "SURVIVED" if code in SURVIVED else "NO TESTS" if code in NO_TESTS else f"EXIT {code}"
        print(f"{status:9} {name}")
    for name in sorted(set(known) - set(found)):
        print(f"STALE     benchmarks/mutants/code.yaml names no mutant of today's code: {name}")
    total = len(found)
    judged = total - sum(code is None for code in found.values())
    print(f"\n{total} mutants of sagegen/spec, insight, output and cost.py, {judged} judged, in {seconds:.0f} s")
    if judged < total:
        print(f"{total - judged} not judged yet (the run stopped): the figures below are of the judged ones")
    print(f"killed {len(killed)} ({100 * len(killed) / max(judged, 1):.1f}%), listed as harmless {len(listed)}, "
          f"unanswered {len(open_)} ({sum(found[m] in NO_TESTS for m in open_)} reached by no unit test)")  # fmt: skip
    print(f"score (killed or answered): {100 * (len(killed) + len(listed)) / max(judged, 1):.1f}%")
    return 1 if open_ or set(known) - set(found) else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="run in this directory and keep it (mutmut resumes there)")
    parser.add_argument("--report", type=Path, help="print the figures of the run kept in this directory, and stop")
    args = parser.parse_args()
    if args.report:
        return report(verdicts(args.report), 0.0)
    mutmut = Path(sys.executable).with_name("mutmut")
    if not mutmut.exists():
        raise SystemExit("mutmut is not installed beside this Python: run scripts/setup mutation first")
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        copy = args.keep or Path(tmp)
        if not (copy / "pyproject.toml").exists():
            scratch_copy(copy)
        run = subprocess.run([str(mutmut), "run", "--max-children", str(args.jobs)], cwd=copy)
        if run.returncode:
            raise SystemExit(f"mutmut stopped (exit {run.returncode}): its output above says why")
        return report(verdicts(copy), time.perf_counter() - start)


if __name__ == "__main__":
    sys.exit(main())
