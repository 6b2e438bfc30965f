"""How many planted defects the fast suite catches, before and after the golden files are regenerated.

benchmarks/defects/corpus.yaml holds the defects: one edit of one file each, over templates, models,
encoders, writer, impact, cost, documents and workflows. For each, in a scratch copy of this tree (a
git repository of its own, the defect an uncommitted edit as a contributor's would be):

  1. as is:      compile the templates, run the fast suite (no end-to-end test), stop at the first failure;
  2. regenerated: run scripts/update-golden (as a contributor in a hurry would), then the fast suite again.

A defect is caught when the suite fails. A baseline run with no defect must pass first, or no figure
means anything. Prints one line per defect (the first failing test, or SURVIVED) and the score both
ways. Target (issue 17): every defect caught as is, and at least 90% after regeneration.

Usage: .venv/bin/python benchmarks/bench_defects.py [--jobs N] [--only ID ...]
Takes 15-25 minutes on a 2-core machine; it is not part of .ci/run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from tree import copy_as_cloned  # noqa: E402  (tests/tree.py: the copy the CI-workflow test makes too)

CORPUS = ROOT / "benchmarks" / "defects" / "corpus.yaml"
# The discriminating tests first, the slow scanners last: with -x a caught defect ends early.
FIRST = [
    "test_golden.py",
    "test_invariants.py",
    "test_documents_truth.py",
    "test_writer.py",
    "test_impact.py",
    "test_hostile.py",
    "test_workflows.py",
    "test_bad_specs.py",
    "test_cost.py",
    "test_security.py",
    "test_documents.py",
]
LAST = ["test_properties.py", "test_terraform.py", "test_checkov.py"]
SUITE_TIMEOUT = 1200


def test_files(root: Path) -> list[str]:
    """The fast suite, and the emulator lane's quick tests (its rules and transport); not the long apply."""
    every = {p.name: p.relative_to(root).as_posix() for p in (root / "tests").rglob("test_*.py")}
    middle = sorted(f for f in every if f not in FIRST and f not in LAST)
    lane = sorted(f"e2e/{p.name}" for p in (root / "e2e").glob("test_*.py") if p.name != "test_e2e.py")
    return [every[f] for f in [*FIRST, *middle, *LAST] if f in every] + lane


def scratch_copy(destination: Path) -> Path:
    """This tree's files (tracked, or new and not ignored) as a git repository of their own."""
    copy_as_cloned(ROOT, destination)
    for venv in (".venv", ".venv-checkov"):
        if (ROOT / venv).exists():
            (destination / venv).symlink_to(ROOT / venv)
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=destination, check=True)
    subprocess.run([*git, "add", "-A"], cwd=destination, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "scratch"], cwd=destination, check=True)
    return destination


def environment(root: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(root), PYTHONDONTWRITEBYTECODE="1")
    env.pop("SAGEGEN_REQUIRE_TERRAFORM", None)
    if (ROOT / ".venv-checkov" / "bin" / "checkov").exists():
        env.setdefault("SAGEGEN_CHECKOV", str(ROOT / ".venv-checkov" / "bin" / "checkov"))
    return env


def plant(root: Path, defect: dict) -> None:
    path = root / defect["file"]
    text = path.read_text()
    if text.count(defect["old"]) != 1:
        raise SystemExit(f"{defect['id']}: the text to replace is not in {defect['file']} exactly once")
    path.write_text(text.replace(defect["old"], defect["new"]))


def suite(root: Path) -> tuple[bool, str, float]:
    """(caught, the first failing test or a summary, seconds)."""
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-m", "not e2e", *test_files(root)],
        cwd=root,
        env=environment(root),
        capture_output=True,
        text=True,
        timeout=SUITE_TIMEOUT,
    )
    seconds = time.monotonic() - start
    failed = re.findall(r"^(?:FAILED|ERROR) (\S+)", result.stdout, re.M)
    if result.returncode == 0:
        return False, "SURVIVED", seconds
    return True, failed[0] if failed else f"exit {result.returncode}: {result.stdout[-300:]}", seconds


def run_script(root: Path, name: str) -> str | None:
    """Run scripts/<name> in the scratch copy; its error output when it fails (a defect can make the
    render itself fail, which a contributor sees at once: that counts as caught)."""
    result = subprocess.run(
        [f"scripts/{name}"], cwd=root, env=environment(root), capture_output=True, text=True, timeout=600
    )
    if result.returncode == 0:
        return None
    return f"scripts/{name} failed (exit {result.returncode}): {(result.stderr or result.stdout).strip()[-200:]}"


def one(defect: dict | None, work: Path) -> dict:
    root = scratch_copy(Path(tempfile.mkdtemp(dir=work)))
    try:
        if defect is None:
            caught, by, seconds = suite(root)
            return {"id": "baseline (no defect)", "as_is": (caught, by, seconds)}
        plant(root, defect)
        failed = run_script(root, "compile-templates")
        as_is = (True, failed, 0.0) if failed else suite(root)
        failed = failed or run_script(root, "update-golden")
        regenerated = (True, failed, 0.0) if failed else suite(root)
        result = {"id": defect["id"], "area": defect["area"], "as_is": as_is, "regenerated": regenerated}
        print(f"{defect['id']:<52} as is: {as_is[1]}  |  regenerated: {regenerated[1]}", flush=True)
        return result
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", nargs="*", help="defect ids to run (default: all)")
    args = parser.parse_args()
    defects = yaml.safe_load(CORPUS.read_text())
    if args.only:
        defects = [d for d in defects if d["id"] in args.only]
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="sagegen-defects-") as work:
        baseline = one(None, Path(work))
        if baseline["as_is"][0]:
            print(f"baseline FAILED without any defect: {baseline['as_is'][1]}; no figure is meaningful")
            return 1
        print(f"baseline: the fast suite passes without a defect ({baseline['as_is'][2]:.0f} s)", flush=True)
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(lambda d: one(d, Path(work)), defects))
    total = len(results)
    as_is = sum(r["as_is"][0] for r in results)
    regenerated = sum(r["regenerated"][0] for r in results)
    print(
        f"planted defects caught by the fast suite: as is {as_is}/{total}; "
        f"after regenerating the golden files {regenerated}/{total} ({100 * regenerated / max(total, 1):.0f}%); "
        f"{time.monotonic() - started:.0f} s"
    )
    survivors = [r["id"] for r in results if not r["regenerated"][0]]
    if survivors:
        print("survived regeneration: " + ", ".join(survivors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
