"""Every spec value lands where it should: a property of the templates, held here rather than at run time.

`sagegen check` only compares bytes. Whether the templates put each spec value
in the right argument is sagegen's own correctness, verified on every golden
case, every phase and region of specs/sage.yaml, and hypothesis-generated
specs (tests/spec/test_properties.py), by parsing the render back (tests/bindings.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import bindings
import pytest
from cases import EXAMPLES
from support import HANG, ROOT, SAGE_SPEC

from sagegen.render import engine
from sagegen.render.module import render
from sagegen.spec.layout import root_modules
from sagegen.spec.load import load_phases

CASES = sorted(EXAMPLES)
MODULES = [
    (spec_path, phase, module)
    for spec_path in [SAGE_SPEC, *CASES]
    for phase, spec in load_phases(spec_path).items()
    for module in root_modules(spec)
]


def _module_id(item: tuple) -> str:
    spec_path, phase, module = item
    name = "sage" if spec_path == SAGE_SPEC else spec_path.parent.name
    return "/".join(filter(None, [name, phase, module.prefix.rstrip("/")]))


@pytest.mark.parametrize("item", MODULES, ids=[_module_id(m) for m in MODULES])
def test_every_spec_value_is_bound_and_found(item: tuple) -> None:
    _, _, module = item
    assert bindings.unbound(module.spec) == []
    assert bindings.verify(module.spec, render(module.spec)) == []


def test_every_phase_and_region_of_the_sage_spec_is_covered() -> None:
    """The parametrisation above reaches each root module: MVP, Growth, Scale and Scale's Tokyo."""
    assert [(phase, m.prefix) for path, phase, m in MODULES if path == SAGE_SPEC] == [
        ("mvp", ""),
        ("growth", ""),
        ("scale", ""),
        ("scale", "ap-northeast-1/"),
    ]


@pytest.fixture
def misplacing_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the templates in which rds.tf puts the maintenance window where the backup window goes."""
    templates = tmp_path / "templates"
    shutil.copytree(engine.templates_dir(), templates)
    rds = templates / "rds.tf.j2"
    text = rds.read_text()
    assert "{{ spec.database.backup_window | hcl }}" in text
    rds.write_text(
        text.replace("{{ spec.database.backup_window | hcl }}", "{{ spec.database.maintenance_window | hcl }}")
    )
    monkeypatch.setattr(engine, "templates_dir", lambda: templates)
    engine.environment.cache_clear()
    yield templates
    engine.environment.cache_clear()


def test_a_template_that_misplaces_a_value_is_caught(misplacing_templates: Path) -> None:
    (module,) = [m for path, phase, m in MODULES if path == SAGE_SPEC and phase == "mvp"]
    problems = bindings.verify(module.spec, render(module.spec))
    assert any(
        p.startswith("database.backup_window: resource.aws_db_instance.postgres.backup_window is") for p in problems
    ), problems


def test_check_parses_no_hcl_and_keeps_no_cache(tmp_path: Path) -> None:
    """`sagegen check` renders and compares bytes: python-hcl2 is never loaded, nothing lands in a cache."""
    home = tmp_path / "home"
    home.mkdir()
    probe = (
        "import sys\n"
        "from sagegen.cli import main\n"
        "code = main(['check'])\n"
        "loaded = sorted(m for m in ('hcl2', 'lark') if m in sys.modules)\n"
        "print(code, ','.join(loaded) or '-')\n"
    )
    env = dict(os.environ, HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"))
    env.pop("SAGEGEN_CACHE_DIR", None)
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=HANG
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["0", "-"], result.stdout + result.stderr
    assert list(home.rglob("*")) == []
