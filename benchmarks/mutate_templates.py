"""Template mutation (issue 25): how many one-line mistakes in templates/ the checks that judge a render catch.

Mutants are derived from the templates themselves, one change each:

  literal  an HCL attribute set to a literal gets another one (a boolean flipped, a number raised by one,
           a string replaced);
  value    a value a template encodes (`{{ X | hcl }}`, `| hcl_inline`, `| sh`) is changed on its way in:
           a boolean flipped, a number raised, a string lengthened, a list or a mapping shortened;
  delete   an attribute line (Terraform) or a command line (the documents' `sh` blocks) deleted;
  negate   an `{% if %}` or `{% elif %}` condition inverted;
  shorten  a `{% for %}` loop run without its last item.

Each mutant is rendered in memory (the engine's template loader sees the mutated source; nothing on disk is
written) and judged, in one pytest session, by the fast suite's tests that render for themselves and run
in-process: the invariants, the bindings, the documents' truths, the workflows' rules. Tests that read a
committed golden file (test_golden: the byte comparison a regeneration accepts), spawn a process (which
would load the templates from disk) or take over a second are left out, found by a baseline run. A mutant
is killed when a judge fails (a template error counts); one whose render is byte-identical for every spec
and phase the suite renders is reported as such (nothing can see it). Survivors are printed unless
benchmarks/mutants/answered.yaml lists them as equivalent or harmless, each with its reason.

Usage: .venv/bin/python benchmarks/mutate_templates.py [--jobs N] [--only TEMPLATE ...] [--list]
Takes about half an hour on two cores (1,909 s for 1,626 mutants: a survivor runs every judge); it
is not part of .ci/run.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
ANSWERED = ROOT / "benchmarks" / "mutants" / "answered.yaml"
JUDGES = [
    "tests/render/test_invariants.py",
    "tests/render/test_bindings.py",
    "tests/render/test_documents_truth.py",
    "tests/render/test_documents.py",
    "tests/render/test_procedures.py",
    "tests/render/test_first_apply.py",
    "tests/render/test_runbook_rules.py",
    "tests/render/test_stack_rules.py",
    "tests/render/test_network_rules.py",
    "tests/render/test_workflows.py",
    "tests/render/test_security.py",
    "tests/render/test_regions.py",
    "tests/render/test_hcl.py",
    "tests/render/test_seed.py",
    "tests/render/test_health_check.py",
    "tests/spec/test_phases.py",
    "tests/insight/test_impact.py",
    "tests/insight/test_drift.py",
    "tests/insight/test_cost_change.py",
    "tests/cost/test_cost.py",
]
SLOWEST = 3.0  # seconds: a judge slower than this in the baseline is left out
# Programs a judge may start: they read what the test hands them, never the templates from disk.
READERS = {"bash", "sh", "node"}

ATTRIBUTE = re.compile(r'^(\s*)("?[\w:.-]+"?)(\s*=\s*)(.+?)\s*$')
LITERAL = re.compile(r'^(true|false|-?\d+(\.\d+)?|"[^"${}%]*")$')
ENCODED = re.compile(r"\{\{\s*(.+?)\s*\|\s*(hcl|hcl_inline|sh)\s*\}\}")
IF = re.compile(r"(\{%-?\s*(?:if|elif)\s+)(.+?)(\s*-?%\})")
FOR = re.compile(r"(\{%-?\s*for\s+[\w, ]+\s+in\s+)(.+?)(\s*-?%\})")


@dataclass(frozen=True)
class Mutant:
    template: str
    line: int  # 1-based
    kind: str
    before: str
    after: str

    @property
    def id(self) -> str:
        """Stable while the line's text is: the answered list is keyed by it."""
        return f"{self.template}:{self.kind}:{self.before.strip()}" + (
            f" => {self.after.strip()}" if self.kind in ("value", "negate", "shorten") else ""
        )


def _literal(value: str) -> str:
    if value in ("true", "false"):
        return "false" if value == "true" else "true"
    if value.startswith('"'):
        return '"sagegen-mutant"' if value != '"sagegen-mutant"' else '"x"'
    return str(int(float(value)) + 1)


def line_mutants(template: str, number: int, line: str, in_shell: bool) -> list[Mutant]:
    """The mutants of one template line."""
    found = []
    code = line.split("{#")[0]
    stripped = code.strip()
    if not stripped or stripped.startswith(("#", "//")):
        return found
    attribute = ATTRIBUTE.match(code) if template.endswith(".tf.j2") and "{%" not in code else None
    if attribute and not attribute.group(4).endswith(("{", "[", "(")):
        value = attribute.group(4)
        if LITERAL.match(value):
            head = "".join(attribute.group(1, 2, 3))
            found.append(Mutant(template, number, "literal", line, f"{head}{_literal(value)}\n"))
        found.append(Mutant(template, number, "delete", line, ""))
    elif in_shell and "{%" not in code and stripped != "```sh":
        found.append(Mutant(template, number, "delete", line, ""))
    for m in ENCODED.finditer(line):
        mutated = line[: m.start()] + "{{ (" + m.group(1) + ") | mutant | " + m.group(2) + " }}" + line[m.end() :]
        found.append(Mutant(template, number, "value", line, mutated))
    for pattern, kind, change in ((IF, "negate", "not ({})"), (FOR, "shorten", "({} | list)[:-1]")):
        for m in pattern.finditer(line):
            found.append(
                Mutant(template, number, kind, line, line[: m.start(2)] + change.format(m.group(2)) + line[m.end(2) :])
            )
    return found


def mutants(only: list[str] | None = None) -> list[Mutant]:
    found = []
    for path in sorted(TEMPLATES.glob("*.j2")):
        if only and path.name not in only:
            continue
        in_shell = False
        for number, line in enumerate(shipped(path.name).splitlines(keepends=True), 1):
            if line.strip().startswith("```"):
                in_shell = line.strip() == "```sh"
                continue
            found += line_mutants(path.name, number, line, in_shell)
    return found


@functools.cache
def shipped(template: str) -> str:
    """A template's text as the run found it: an edit on disk during a run changes no mutant."""
    return (TEMPLATES / template).read_text()


def source_of(mutant: Mutant) -> str:
    lines = shipped(mutant.template).splitlines(keepends=True)
    assert lines[mutant.line - 1] == mutant.before
    lines[mutant.line - 1] = mutant.after
    return "".join(lines)


def mutated(value: object) -> object:
    """The `mutant` filter: the value a careless edit might have put there instead."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, float):
        return value * 2
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, (list, tuple)):
        return list(value)[:-1] if value else ["x"]
    if isinstance(value, dict):
        return dict(list(value.items())[:-1]) if value else {"x": "x"}
    from sagegen.render.hcl import Interp  # here: the parent process never imports sagegen

    if isinstance(value, Interp):  # a string with expressions in it: its last literal part gains a letter
        parts = list(value.parts)
        last = max((i for i, part in enumerate(parts) if isinstance(part, str)), default=None)
        if last is None:
            return Interp(*parts, "x")
        parts[last] += "x"
        return Interp(*parts)
    return value


class Judges:
    """A pytest plugin that takes over the run loop: a baseline run picks the judges, then each mutant
    is installed in the engine and judged by them, stopping at the first that fails."""

    def __init__(self, batch: list[Mutant], results: Path) -> None:
        self.batch, self.results, self.name = batch, results, results.stem

    def pytest_runtestloop(self, session) -> bool:
        judges = self.baseline(session.items)
        from sagegen.render.assemble import render_stack

        renders = {key: (spec, render_stack(spec, key[1])) for key, spec in self.specs().items()}
        verdicts = []
        for count, mutant in enumerate(self.batch, 1):
            start = time.perf_counter()
            verdict = self.judge(mutant, judges, renders, render_stack)
            verdicts.append({**asdict(mutant), "id": mutant.id, **verdict, "seconds": time.perf_counter() - start})
            # Progress on the terminal's stderr (pytest captures the rest): a run takes minutes.
            print(f"[{self.name}] {count}/{len(self.batch)} {verdict['status']:8} {mutant.template}:{mutant.line} "
                  f"{mutant.kind} ({verdicts[-1]['seconds']:.1f} s)", file=sys.__stderr__, flush=True)  # fmt: skip
        self.results.write_text(json.dumps({"judges": [i.nodeid for i in judges], "verdicts": verdicts}))
        return True

    def baseline(self, items: list) -> list:
        """The judges: tests that pass unmutated, in-process (no subprocess) and in under SLOWEST seconds."""
        import subprocess as sp

        install({})
        chosen = []
        real = sp.Popen.__init__
        spawned: list = []

        def spy(self, *args, **kwargs):
            spawned.append(args)
            return real(self, *args, **kwargs)

        for item in items:
            spawned.clear()
            sp.Popen.__init__ = spy
            try:
                start = time.perf_counter()
                failed = run(item)
                took = time.perf_counter() - start
            finally:
                sp.Popen.__init__ = real
            drawn = getattr(getattr(item, "obj", None), "is_hypothesis_test", False)  # draws specs: minutes
            spawned = [a for a in spawned if Path(str(a[0][0] if isinstance(a[0], list) else a[0])).name not in READERS]
            if not failed and not spawned and not drawn and took <= SLOWEST:
                chosen.append(item)
            elif self.name.endswith("0"):  # one worker says which tests judge no mutant, and why
                why = (
                    "fails unmutated" if failed else "starts a process" if spawned else "draws specs" if drawn
                    else f"takes {took:.1f} s"
                )  # fmt: skip
                print(f"not a judge: {item.nodeid} ({why})", file=sys.__stderr__, flush=True)
        reset_caches()  # a judge must pass again after the reset each mutant makes, or it kills them all
        return [item for item in chosen if not run(item)]

    @staticmethod
    def specs() -> dict:
        """{(spec path, phase): spec} of every render the judges make: each phase of specs/sage.yaml and
        each golden case."""
        sys.path.insert(0, str(ROOT / "tests"))
        from cases import cases
        from procedures import VARIANTS, variant_spec

        from sagegen.spec.load import load_stack

        # The render-only variants the rules judge too (tests/procedures.py): their branches are seen.
        paths = {ROOT / "specs" / "sage.yaml", *(c.spec for c in cases()), *map(variant_spec, VARIANTS)}
        return {(str(path), phase): spec for path in sorted(paths) for phase, spec in load_stack(path).phases.items()}

    def judge(self, mutant: Mutant, judges: list, renders: dict, render_stack) -> dict:
        """{status: killed, survived or unseen, by: what killed it}. `renders` holds each spec and phase
        the judges render, with its render by the unmutated templates."""
        install({mutant.template: source_of(mutant)})
        try:
            unseen = all(render_stack(spec, key[1]) == before for key, (spec, before) in renders.items())
        except Exception as exc:  # noqa: BLE001 - a mutant that does not render is caught at render time
            return {"status": "killed", "by": f"render: {type(exc).__name__}: {str(exc)[:200]}"}
        if unseen:
            return {"status": "unseen", "by": None}
        reset_caches()
        for position, item in enumerate(judges):
            if run(item):
                judges.insert(0, judges.pop(position))  # a judge that kills often goes first
                return {"status": "killed", "by": item.nodeid}
        return {"status": "survived", "by": None}


def run(item) -> bool:
    """Whether the test fails (setup, call or teardown)."""
    from _pytest.runner import runtestprotocol

    return any(report.failed for report in runtestprotocol(item, nextitem=None, log=False))


def install(sources: dict[str, str]) -> None:
    """Make the engine render `sources` (template name -> mutated text) and the shipped templates otherwise."""
    import jinja2

    from sagegen.render import engine

    env = engine.new_environment(jinja2.ChoiceLoader([jinja2.DictLoader(sources), engine._loader()]))
    env.filters["mutant"] = mutated
    engine.environment = lambda: env
    parse_once()


def parse_once() -> None:
    """hcl_reader.parse remembered by text: a mutant changes one file of a render, and python-hcl2 took
    70% of the judges' time parsing the same texts again (each caller gets its own copy)."""
    import copy
    import functools

    from sagegen.render import hcl_reader

    if hasattr(hcl_reader.parse, "cache_info"):
        return
    remembered = functools.lru_cache(maxsize=4096)(hcl_reader.parse)
    hcl_reader.parse = functools.wraps(remembered)(lambda text: copy.deepcopy(remembered(text)))
    hcl_reader.parse.cache_info = remembered.cache_info


def reset_caches() -> None:
    """Forget what the test modules cached of an earlier render (renders by phase, parsed phases)."""
    for module in list(sys.modules.values()):
        if not str(getattr(module, "__file__", "") or "").startswith(str(ROOT / "tests")):
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()
            elif type(value).__name__ == "_Rendered":
                value.clear()


def worker(batch_file: Path, results: Path) -> int:
    import pytest

    batch = [Mutant(**m) for m in json.loads(batch_file.read_text())]
    os.environ["SAGEGEN_TESTS_IN_PROCESS"] = "1"  # tests/helpers.run_cli: the CLI tests judge too
    return pytest.main(
        [*JUDGES, "-q", "-p", "no:cacheprovider", "--rootdir", str(ROOT)], plugins=[Judges(batch, results)]
    )


def answered() -> dict[str, str]:
    return {e["id"]: e["why"] for e in yaml.safe_load(ANSWERED.read_text()) or []} if ANSWERED.exists() else {}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", nargs="*", help="template file names (default: all)")
    parser.add_argument("--list", action="store_true", help="print the mutants and stop")
    parser.add_argument("--worker", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(*args.worker)
    every = mutants(args.only)
    if args.list:
        for m in every:
            print(f"{m.template}:{m.line} {m.kind}: {m.after.strip() or '(deleted) ' + m.before.strip()}")
        print(f"{len(every)} mutants")
        return 0
    start = time.perf_counter()
    verdicts, judges = [], set()
    with tempfile.TemporaryDirectory() as tmp:
        procs = []
        for shard in range(args.jobs):
            batch, results = Path(tmp, f"batch{shard}.json"), Path(tmp, f"results{shard}.json")
            batch.write_text(json.dumps([asdict(m) for m in every[shard :: args.jobs]]))
            command = [sys.executable, __file__, "--worker", str(batch), str(results)]
            log = Path(tmp, f"worker{shard}.log")
            with log.open("w") as out:
                procs.append((subprocess.Popen(command, cwd=ROOT, stdout=out), results, log))
        for proc, results, log in procs:
            proc.wait()
            if not results.exists():
                tail = "".join(log.read_text().splitlines(keepends=True)[-40:])
                raise SystemExit(f"{tail}\na worker failed (exit {proc.returncode}): the end of its output is above")
            data = json.loads(results.read_text())
            verdicts += data["verdicts"]
            judges |= set(data["judges"])
    return report(verdicts, len(judges), time.perf_counter() - start)


def report(verdicts: list[dict], judges: int, seconds: float) -> int:
    known = answered()
    verdicts.sort(key=lambda v: (v["template"], v["line"], v["kind"]))
    killed = [v for v in verdicts if v["status"] == "killed"]
    open_ = [v for v in verdicts if v["status"] != "killed" and v["id"] not in known]
    listed = [v for v in verdicts if v["status"] != "killed" and v["id"] in known]
    if os.environ.get("MUTATE_VERBOSE"):
        for v in killed:
            print(f"killed    {v['template']}:{v['line']} {v['kind']} in {v['seconds']:.2f} s by {v['by']}")
    for v in open_:
        print(f"{v['status'].upper():9} {v['template']}:{v['line']} {v['kind']}: {v['id']}")
    stale = sorted(set(known) - {v["id"] for v in verdicts})
    for entry in stale:
        print(f"STALE     benchmarks/mutants/answered.yaml names no mutant of today's templates: {entry}")
    total = len(verdicts)
    print(f"\n{total} mutants of {len({v['template'] for v in verdicts})} templates, judged by {judges} tests "
          f"in {seconds:.0f} s")  # fmt: skip
    print(f"killed {len(killed)} ({100 * len(killed) / max(total, 1):.1f}%), listed as harmless {len(listed)}, "
          f"unanswered {len(open_)} ({sum(v['status'] == 'unseen' for v in open_)} change no render)")  # fmt: skip
    print(f"score (killed or answered): {100 * (len(killed) + len(listed)) / max(total, 1):.1f}%")
    return 1 if open_ or stale else 0


if __name__ == "__main__":
    sys.exit(main())
