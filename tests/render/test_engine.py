"""The shipped compiled templates: current, used while they match, never used once they do not."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest
from support import SAGE_SPEC

from sagegen.render import engine
from sagegen.render.assemble import render_stack
from sagegen.spec.load import load_spec


def test_the_compiled_templates_are_current(tmp_path: Path) -> None:
    engine.compile_templates(tmp_path)
    fresh = {p.name: p.read_bytes() for p in sorted(tmp_path.glob("*.py"))}
    shipped = {p.name: p.read_bytes() for p in sorted(engine.COMPILED_DIR.glob("*.py"))}
    assert fresh.keys() == shipped.keys(), "run scripts/compile-templates"
    stale = [name for name in fresh if fresh[name] != shipped[name]]
    assert stale == [], "run scripts/compile-templates"


def test_this_checkout_renders_from_the_compiled_templates() -> None:
    engine.environment.cache_clear()
    assert isinstance(engine.environment().loader, jinja2.ModuleLoader)


@pytest.fixture
def edited_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    templates = tmp_path / "templates"
    shutil.copytree(engine.templates_dir(), templates)
    vpc = templates / "vpc.tf.j2"
    vpc.write_text("# an edit the compiled copy does not have\n" + vpc.read_text())
    monkeypatch.setattr(engine, "templates_dir", lambda: templates)
    engine.environment.cache_clear()
    yield templates
    engine.environment.cache_clear()


def test_an_edited_template_is_compiled_from_source(edited_templates: Path) -> None:
    assert isinstance(engine.environment().loader, jinja2.FileSystemLoader)
    files = render_stack(load_spec(SAGE_SPEC, phase="scale"), "scale")
    assert "# an edit the compiled copy does not have" in files["ap-northeast-1/terraform/vpc.tf"]


def test_compiled_and_source_templates_render_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = load_spec(SAGE_SPEC, phase="scale")
    engine.environment.cache_clear()
    compiled = render_stack(spec, "scale")
    monkeypatch.setattr(engine, "_compiled_loader", lambda directory: None)
    engine.environment.cache_clear()
    try:
        assert isinstance(engine.environment().loader, jinja2.FileSystemLoader)
        assert render_stack(spec, "scale") == compiled
    finally:
        engine.environment.cache_clear()
