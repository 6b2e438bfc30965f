"""The fast suite's fixtures: the Sage spec, its render, a scratch repository; and what both lanes share
(tests/support.py), imported here so pytest sees its fixtures and hooks."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from support import (  # noqa: F401 - fixtures and hooks pytest finds here
    FIGURES,
    HANG,
    MVP_SPEC,
    PLUGIN_DIR_ENV,
    ROOT,
    SAGE_SPEC,
    Terraform,
    pytest_collection_modifyitems,
    pytest_runtest_logreport,
    pytest_sessionfinish,
    pytest_terminal_summary,
    sage_files,
    sage_spec,
    terraform,
    write_tree,
)


@pytest.fixture(scope="session")
def hostile_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch repository as a user has it: the MVP spec, its render in out/, files of the user's beside."""
    import sys

    root = tmp_path_factory.mktemp("hostile") / "repo"
    (root / "specs").mkdir(parents=True)
    (root / "specs" / "sage.yaml").write_text(MVP_SPEC.read_text())
    (root / "victim.txt").write_text("the user's file")
    (root / "elsewhere").mkdir()
    (root / "elsewhere" / "victim.txt").write_text("another file of the user")
    (root / "elsewhere" / "vpc.tf").write_text("# the user's own Terraform\n")
    result = subprocess.run(
        [sys.executable, "-m", "sagegen", "render"], cwd=root, capture_output=True, text=True, timeout=HANG
    )
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def repo(hostile_base: Path, tmp_path: Path) -> Path:
    """A copy of `hostile_base` of this test's own, for a pull request to plant things in."""
    return Path(shutil.copytree(hostile_base, tmp_path / "repo", symlinks=True))


@pytest.fixture(autouse=True, scope="session")
def _no_sagegen_process_under_mutmut():
    """mutmut (benchmarks/mutate_code.py, issue 25) switches its mutants on inside this process only: a
    `python -m sagegen` child would run other code than the one judged, so a test (or a fixture) that
    starts one is skipped there, being no judge of a code mutant, and runs as always everywhere else."""
    import os
    import sys

    if "MUTANT_UNDER_TEST" not in os.environ:
        yield
        return
    real = subprocess.Popen.__init__

    def guarded(self, args, *rest, **kwargs):
        words = list(args) if isinstance(args, (list, tuple)) else []
        if words[:3] == [sys.executable, "-m", "sagegen"]:
            pytest.skip("starts sagegen in a process of its own, which mutmut's mutants do not reach")
        return real(self, args, *rest, **kwargs)

    subprocess.Popen.__init__ = guarded
    yield
    subprocess.Popen.__init__ = real


MUTATED = ("sagegen.spec", "sagegen.insight", "sagegen.output", "sagegen.cost")


@pytest.fixture(autouse=True)
def _fresh_caches_under_mutmut():
    """Under mutmut, a function cached by an earlier test of the same process would answer from its
    cache and never run the mutant under test: the caches of the mutated packages are emptied before
    each test there (the render engine's compiled templates are kept: nothing mutates them)."""
    import os
    import sys

    if "MUTANT_UNDER_TEST" in os.environ:
        for name, module in list(sys.modules.items()):
            if name.startswith(MUTATED):
                for value in list(vars(module).values()):
                    if callable(getattr(value, "cache_clear", None)):
                        value.cache_clear()
    yield
