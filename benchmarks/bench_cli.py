"""Wall time and memory of whole sagegen processes, as users and CI hooks pay them.

Each round runs, one after the other (so a busy machine slows all alike):
  - the import floor: `python -c "import pydantic, jinja2, click, yaml"`,
  - `sagegen check` of specs/sage.yaml against the committed out/,
  - the same check with the shipped compiled templates turned off (compiled in memory instead),
  - `sagegen render` of specs/sage.yaml into an empty directory,
and prints the medians and each command's ratio to the floor. Then the same two
commands on a synthetic spec about 50 times larger, with each one's peak RSS.

Processes run as an installed sagegen runs: with Python's bytecode (.pyc) written
and reused (PYTHONDONTWRITEBYTECODE is dropped for them), after one warm-up round.

Target (read here, not asserted by a unit test): `check` of specs/sage.yaml at
most 2.0x the import floor; the 50x spec under 50x the time of the 1x spec.

Usage: .venv/bin/python benchmarks/bench_cli.py [--runs N] [--factor F]
"""

from __future__ import annotations

import argparse
import os
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
FLOOR = [sys.executable, "-c", "import pydantic, jinja2, click, yaml"]
# sagegen as it runs without the compiled templates it ships (render/compiled/): each process compiles
# them in memory, as it does when they are stale. What shipping them saves is the difference.
UNCOMPILED = [
    sys.executable,
    "-c",
    "import sys; from sagegen.render import engine; engine._compiled_loader = lambda directory: None; "
    "from sagegen.cli import main; sys.exit(main(sys.argv[1:]))",
]
CHECK_TARGET = 2.0  # x the import floor
# pip compiles an installed package's modules to .pyc; a source checkout gets them on first import.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def large_spec(factor: int) -> dict:
    """specs/sage.yaml grown `factor` times in bytes: many secrets, env vars, tags and alert addresses."""
    data = yaml.safe_load(SPEC.read_text())
    target = len(SPEC.read_bytes()) * factor
    data["tags"] = {f"Tag{i}": f"value-{i}" for i in range(40)}  # AWS allows 50 tags per resource
    start = 0
    while len(yaml.safe_dump(data).encode()) < target:  # measured every 100 entries: dumping is the slow part
        for i in range(start, start + 100):
            data["secrets"][f"secret_{i}"] = {"env": f"SECRET_{i}", "name": f"app/secret-{i}"}
            data["service"]["environment"][f"SETTING_{i}"] = f"value {i} with some text"
            data["alarms"]["email_endpoints"].append(f"oncall-{i}@example.com")
        start += 100
    return data


def run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one process."""
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=output, stderr=subprocess.STDOUT, env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)  # reaped here, so its rusage is this process's alone
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            output.seek(0)
            raise SystemExit(f"{' '.join(cmd)} failed:\n{output.read().decode(errors='replace')}")
    return elapsed, usage.ru_maxrss / 1024


def rounds(commands: dict[str, list[str]], runs: int, before=None) -> dict[str, list[tuple[float, float]]]:
    """Each command once per round, alternated, `runs` rounds."""
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            if before:
                before(name)
            results[name].append(run(cmd))
    return results


def median(samples: list[tuple[float, float]]) -> float:
    return statistics.median(s[0] for s in samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--factor", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        scratch = tmp / "scratch"
        big = tmp / "large.yaml"
        big.write_text(yaml.safe_dump(large_spec(args.factor), sort_keys=False))
        subprocess.run([*SAGEGEN, "render", str(big), "--out", str(tmp / "large-out")], check=True, capture_output=True)

        def fresh(name: str) -> None:
            if name.startswith("render"):
                shutil.rmtree(scratch, ignore_errors=True)

        rounds({"warm-up": [*SAGEGEN, "check", str(SPEC), "--out", str(ROOT / "out")]}, 1)
        small = rounds(
            {
                "floor": FLOOR,
                "check": [*SAGEGEN, "check", str(SPEC), "--out", str(ROOT / "out")],
                "check-uncompiled": [*UNCOMPILED, "check", str(SPEC), "--out", str(ROOT / "out")],
                "render": [*SAGEGEN, "render", str(SPEC), "--out", str(scratch)],
            },
            args.runs,
            fresh,
        )
        large = rounds(
            {
                "check-large": [*SAGEGEN, "check", str(big), "--out", str(tmp / "large-out")],
                "render-large": [*SAGEGEN, "render", str(big), "--out", str(scratch)],
            },
            max(3, args.runs // 3),
            fresh,
        )
        ratio = big.stat().st_size / SPEC.stat().st_size
    floor = median(small["floor"])
    print(f"median of {args.runs} alternated rounds, wall seconds, whole processes")
    print(f"{'import floor':30} {floor:7.3f}   python -c 'import pydantic, jinja2, click, yaml'")
    for name in ("check", "render"):
        t = median(small[name])
        line = f"{name + ' sage.yaml':30} {t:7.3f}   {t / floor:4.2f}x the floor"
        if name == "check":
            line += f", target <= {CHECK_TARGET:.1f}x: {'met' if t / floor <= CHECK_TARGET else 'MISSED'}"
        print(line)
    compiled, uncompiled = median(small["check"]), median(small["check-uncompiled"])
    print(
        f"{'check, templates compiled':30} {uncompiled:7.3f}   {uncompiled / floor:4.2f}x the floor: the shipped "
        f"compiled templates save {1000 * (uncompiled - compiled):.0f} ms ({1 - compiled / uncompiled:.0%}) of a check"
    )
    for name in ("check", "render"):
        samples = large[name + "-large"]
        t, peak = median(samples), max(s[1] for s in samples)
        print(
            f"{f'{name} {ratio:.0f}x spec':30} {t:7.3f}   {t / median(small[name]):5.1f}x the 1x time "
            f"(target < {ratio:.0f}x: {'met' if t / median(small[name]) < ratio else 'MISSED'}), "
            f"peak RSS {peak:.0f} MiB"
        )


if __name__ == "__main__":
    main()
