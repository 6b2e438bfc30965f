"""Wall time of whole sagegen processes, as users and CI hooks pay it.

Prints medians over several runs of:
  - `python -c pass` (the interpreter's floor),
  - `sagegen render` of specs/sage.yaml into an empty directory (cold: a new process each run),
    first with Jinja's template cache emptied before each run (a first run ever), then as usual,
  - `sagegen check` of specs/sage.yaml against the committed out/,
  - the same two commands on a synthetic spec about 50 times larger.

Targets (read here, not asserted by unit tests): check of specs/sage.yaml under 0.5 s;
the 50x spec under 50x the time of the 1x spec.

Usage: .venv/bin/python benchmarks/bench_cli.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "sage.yaml"
SAGEGEN = [sys.executable, "-m", "sagegen"]


def large_spec(factor: int) -> dict:
    """specs/sage.yaml grown `factor` times in bytes: many secrets, env vars, tags and alert addresses."""
    data = yaml.safe_load(SPEC.read_text())
    target = len(SPEC.read_bytes()) * factor
    data["tags"] = {f"Tag{i}": f"value-{i}" for i in range(40)}  # AWS allows 50 tags per resource
    i = 0
    while len(yaml.safe_dump(data).encode()) < target:
        data["secrets"][f"secret_{i}"] = {"env": f"SECRET_{i}", "name": f"app/secret-{i}"}
        data["service"]["environment"][f"SETTING_{i}"] = f"value {i} with some text"
        data["alarms"]["email_endpoints"].append(f"oncall-{i}@example.com")
        i += 1
    return data


def timed(cmd: list[str], runs: int, before=None) -> float:
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        result = subprocess.run(cmd, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{result.stdout}{result.stderr}")
    return statistics.median(times)


def bench(spec: Path, golden: Path, scratch: Path, runs: int, cache: Path | None = None) -> tuple[float, float]:
    """Median render and check times; with `cache`, Jinja's bytecode cache is emptied before every run."""
    def fresh() -> None:
        shutil.rmtree(scratch, ignore_errors=True)
        if cache:
            shutil.rmtree(cache, ignore_errors=True)

    render = timed([*SAGEGEN, "render", str(spec), "--out", str(scratch)], runs, before=fresh)
    check = timed([*SAGEGEN, "check", str(spec), "--out", str(golden)], runs, before=fresh if cache else None)
    return render, check


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--factor", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cache = tmp / "cache"
        os.environ["SAGEGEN_CACHE_DIR"] = str(cache)  # children inherit it; the user's cache is untouched
        big = tmp / "large.yaml"
        big.write_text(yaml.safe_dump(large_spec(args.factor), sort_keys=False))
        subprocess.run([*SAGEGEN, "render", str(big), "--out", str(tmp / "large-out")], check=True,
                       capture_output=True)
        floor = timed([sys.executable, "-c", "pass"], args.runs)
        first = bench(SPEC, ROOT / "out", tmp / "scratch", args.runs, cache=cache)
        small = bench(SPEC, ROOT / "out", tmp / "scratch", args.runs)
        large = bench(big, tmp / "large-out", tmp / "scratch", args.runs)
        ratio = big.stat().st_size / SPEC.stat().st_size
    print(f"median of {args.runs} runs, wall seconds, whole processes")
    print(f"{'python -c pass':32} {floor:7.3f}")
    print(f"{'render sage.yaml, first run':32} {first[0]:7.3f}   (empty template cache)")
    print(f"{'check sage.yaml, first run':32} {first[1]:7.3f}   (empty template cache)")
    print(f"{'render sage.yaml (cold)':32} {small[0]:7.3f}")
    print(f"{'check sage.yaml':32} {small[1]:7.3f}   target < 0.500: {'met' if small[1] < 0.5 else 'MISSED'}")
    print(f"{f'render {ratio:.0f}x spec (cold)':32} {large[0]:7.3f}   {large[0] / small[0]:5.1f}x the 1x time")
    print(f"{f'check {ratio:.0f}x spec':32} {large[1]:7.3f}   {large[1] / small[1]:5.1f}x the 1x time, "
          f"target < {ratio:.0f}x: {'met' if large[1] / small[1] < ratio else 'MISSED'}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{'peak RSS of any run':32} {peak:7.0f} MiB")


if __name__ == "__main__":
    main()
