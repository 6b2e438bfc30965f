"""Code mutation (issue 25): mutmut over sagegen/spec, sagegen/insight, sagegen/output and sagegen/cost.py,
judged by their unit tests (pyproject.toml's [tool.mutmut] says which, and why).

mutmut writes its mutants beside the code it mutates, so it runs in a scratch copy of the repository's
tracked files, never in this checkout. A mutant is killed when a test fails (or runs past its CPU limit),
survives when every test that reaches it passes, and has "no tests" when none reaches it (code only the
CLI's processes run). Survivors and untested mutants are printed unless benchmarks/mutants/code.yaml
answers them, each with its reason.

A whole run takes longer than a working session (a surviving mutant runs every test that reaches its
function; the loader's and the writer's reach most of the suite), so the verdicts are kept by module in
benchmarks/mutants/code-runs.json: each module whose mutants were all judged, with the digest of its
source and the commit whose tests judged it. A record is current while the module's source is unchanged;
tests added later can only kill more, so a record's figures are a floor. `--report` adds up the current
records and names the modules without one: the score over all generated mutants is the report's once
every module has a current record.

Set-up, once: scripts/setup mutation (.venv-mutation: the test lock and mutmut, sagegen installed).
Usage:
  .venv-mutation/bin/python benchmarks/mutate_code.py [--jobs N] [--keep DIR] [--modules PATH ...]
  .venv-mutation/bin/python benchmarks/mutate_code.py --report
Stop a run at any time and run it again with the same --keep DIR: mutmut resumes. Records are written
for the modules finished so far, and only from a scratch copy of a clean commit. Not part of .ci/run.

`--recheck DIR` runs only the open mutants (survived, no tests) of the current records, with the tests
of today's commit, and moves those now killed to `killed` (the record keeps `judged_with`, and says
`rechecked_with`): re-running a module's killed mutants would only confirm them, at hours of CPU.
"""

from __future__ import annotations

import argparse
import hashlib
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
RUNS = ROOT / "benchmarks" / "mutants" / "code-runs.json"
MUTATED = ("sagegen/spec", "sagegen/insight", "sagegen/output", "sagegen/cost.py")
# mutmut.stats.status_by_exit_code: a test failed, or pytest itself did; or the tests ran past their CPU
# limit (SIGXCPU and mutmut's other timeout codes): the mutant made a test hang, which is how a hang is
# caught (a test that stops a hung `dot` or `terraform` meets a mutant without the timeout). mutmut counts
# timeouts as kills too.
KILLED = {1, 3, 24, -24, 36, 152, 255}
SURVIVED, NO_TESTS = {0}, {5, 33}
COMMIT_FILE = ".sagegen-judged-with"  # in the scratch copy: the commit it was copied from


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def scratch_copy(target: Path) -> None:
    """The tracked files of this checkout (as they are on disk) under `target`, a git repository of its
    own (tests ask git what it ignores), with the commit they are, or "" when the checkout has changes."""
    for name in filter(None, _git("ls-files", "-z").split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    clean = _git("status", "--porcelain", "--untracked-files=no") == ""
    (target / COMMIT_FILE).write_text(_git("rev-parse", "HEAD").strip() if clean else "")
    subprocess.run(["git", "init", "-q"], cwd=target, check=True)


def modules_of_today() -> list[str]:
    """The source files mutmut mutates, as paths from the repository's root."""
    found = [p for root in MUTATED for p in ([ROOT / root] if root.endswith(".py") else (ROOT / root).rglob("*.py"))]
    return sorted(str(p.relative_to(ROOT)) for p in found)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def verdicts(copy: Path) -> dict[str, dict[str, int | None]]:
    """{module path: {mutant name: exit code}} from mutmut's record of each mutated file (*.meta)."""
    return {
        str(meta.relative_to(copy / "mutants")).removesuffix(".meta"): json.loads(meta.read_text())["exit_code_by_key"]
        for meta in sorted((copy / "mutants").rglob("*.meta"))
    }


def record(copy: Path) -> list[str]:
    """Write the finished modules of the run in `copy` into code-runs.json; the modules recorded."""
    commit = (copy / COMMIT_FILE).read_text().strip() if (copy / COMMIT_FILE).exists() else ""
    if not commit:
        print("not recorded: the scratch copy was made from a checkout with changes (commit first)")
        return []
    runs = json.loads(RUNS.read_text()) if RUNS.exists() else {}
    done = []
    for module, found in verdicts(copy).items():
        if any(code is None for code in found.values()):  # a module without functions has none: recorded
            continue
        if not (ROOT / module).exists() or sha256(copy / module) != sha256(ROOT / module):
            print(f"not recorded: {module} has changed since the run's commit (run it again)")
            continue
        runs[module] = {
            "source_sha256": sha256(copy / module),
            "judged_with": commit,
            "mutants": len(found),
            "killed": sum(code in KILLED for code in found.values()),
            "survived": sorted(m for m, code in found.items() if code in SURVIVED),
            "no_tests": sorted(m for m, code in found.items() if code in NO_TESTS),
            "other": sorted(f"{m} (exit {c})" for m, c in found.items() if c not in KILLED | SURVIVED | NO_TESTS),
        }
        done.append(module)
    RUNS.write_text(json.dumps(dict(sorted(runs.items())), indent=1) + "\n")
    return done


def current_records() -> dict[str, dict]:
    runs = json.loads(RUNS.read_text()) if RUNS.exists() else {}
    today = modules_of_today()
    return {m: r for m, r in runs.items() if m in today and r["source_sha256"] == sha256(ROOT / m)}


def _open(record: dict) -> list[str]:
    return record["survived"] + record["no_tests"] + [o.split(" (exit")[0] for o in record["other"]]


def recheck(args: argparse.Namespace) -> int:
    """Run the open mutants of the current records again, with today's tests; record what they kill."""
    copy = args.recheck
    if not (copy / "pyproject.toml").exists():
        scratch_copy(copy)
    commit = (copy / COMMIT_FILE).read_text().strip()
    if not commit:
        raise SystemExit("not rechecked: the scratch copy was made from a checkout with changes (commit first)")
    records, harmless = current_records(), answered()
    names = sorted(n for r in records.values() for n in _open(r) if n not in harmless)
    mutmut = Path(sys.executable).with_name("mutmut")
    done = subprocess.run([str(mutmut), "run", "--max-children", str(args.jobs), *names], cwd=copy)
    if done.returncode:
        raise SystemExit(f"mutmut stopped (exit {done.returncode}): its output above says why")
    found = {name: code for codes in verdicts(copy).values() for name, code in codes.items()}
    runs = json.loads(RUNS.read_text())
    for module, record in records.items():
        judged = {n: found.get(n) for n in _open(record) if n not in harmless}
        if not judged or any(code is None for code in judged.values()):
            continue
        killed = {n for n, code in judged.items() if code in KILLED}
        runs[module] = {
            **record,
            "killed": record["killed"] + len(killed),
            "survived": [n for n in record["survived"] if n not in killed],
            "no_tests": [n for n in record["no_tests"] if n not in killed],
            "other": [o for o in record["other"] if o.split(" (exit")[0] not in killed],
            "rechecked_with": commit,
        }
        print(f"{module}: {len(killed)} of {len(judged)} open mutants now killed")
    RUNS.write_text(json.dumps(dict(sorted(runs.items())), indent=1) + "\n")
    return report()


def answered() -> dict[str, str]:
    return {e["id"]: e["why"] for e in yaml.safe_load(ANSWERED.read_text()) or []} if ANSWERED.exists() else {}


def report() -> int:
    """The figures of the current records, and what is not judged or not answered; exit 1 unless whole."""
    runs = json.loads(RUNS.read_text()) if RUNS.exists() else {}
    known, today, current = answered(), modules_of_today(), current_records()
    open_ = [name for r in current.values() for name in r["survived"] + r["no_tests"] + r["other"] if name not in known]
    for name in sorted(open_):
        print(f"UNANSWERED {name}")
    stale = sorted(set(runs) - set(current))
    missing = sorted(set(today) - set(runs))
    for module in stale:
        print(f"STALE      {module}: changed since {runs[module]['judged_with'][:10]} (or gone)")
    for module in missing:
        print(f"NOT JUDGED {module}")
    every = {n for r in current.values() for n in r["survived"] + r["no_tests"] + r["other"]}
    for name in sorted(set(known) - every):
        print(f"LISTED     benchmarks/mutants/code.yaml names no open mutant of a current record: {name}")
    total = sum(r["mutants"] for r in current.values())
    killed = sum(r["killed"] for r in current.values())
    listed = len(every & set(known))
    commits = sorted({r["judged_with"][:10] for r in current.values()})
    rechecks = sorted({r["rechecked_with"][:10] for r in current.values() if "rechecked_with" in r})
    print(f"\n{len(current)} of {len(today)} modules have a current record (judged with {', '.join(commits) or '-'}"
          f"{'; open mutants rechecked with ' + ', '.join(rechecks) if rechecks else ''})")  # fmt: skip
    print(f"{total} mutants: killed {killed} ({100 * killed / max(total, 1):.1f}%), listed as harmless {listed}, "
          f"unanswered {len(open_)}")  # fmt: skip
    print(f"score (killed or answered): {100 * (killed + listed) / max(total, 1):.1f}% of the recorded modules")
    return 1 if open_ or stale or missing else 0


def run(args: argparse.Namespace) -> int:
    mutmut = Path(sys.executable).with_name("mutmut")
    if not mutmut.exists():
        raise SystemExit("mutmut is not installed beside this Python: run scripts/setup mutation first")
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        copy = args.keep or Path(tmp)
        if not (copy / "pyproject.toml").exists():
            scratch_copy(copy)
        names = [m.removesuffix(".py").replace("/", ".") + ".*" for m in args.modules]
        done = subprocess.run([str(mutmut), "run", "--max-children", str(args.jobs), *names], cwd=copy)
        if done.returncode:
            raise SystemExit(f"mutmut stopped (exit {done.returncode}): its output above says why")
        recorded = record(copy)
        print(f"\nrun: {time.perf_counter() - start:.0f} s; recorded {len(recorded)} finished module(s)")
        return report()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="run in this directory and keep it (mutmut resumes there)")
    parser.add_argument("--modules", nargs="*", default=[], help="only these source files (default: every one)")
    parser.add_argument("--record", type=Path, help="record the finished modules of the run kept in DIR, and stop")
    parser.add_argument("--report", action="store_true", help="print the figures of code-runs.json, and stop")
    parser.add_argument(
        "--recheck", type=Path, metavar="DIR", help="run the current records' open mutants again in DIR, and record"
    )
    args = parser.parse_args()
    if args.recheck:
        return recheck(args)
    if args.record:
        print(f"recorded: {', '.join(record(args.record)) or 'nothing'}")
        return report()
    return report() if args.report else run(args)


if __name__ == "__main__":
    sys.exit(main())
