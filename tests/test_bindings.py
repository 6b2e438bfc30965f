"""check parses the render back: every spec value must land where the table says."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, SAGE_SPEC
from sagegen import api, bindings, parseworker, render as render_module
from sagegen.errors import TemplateError
from sagegen.validation import load_spec

SPECS = [SAGE_SPEC, *sorted((Path(__file__).parent / "cases").glob("*/spec.yaml"))]


@pytest.mark.parametrize("spec_path", SPECS, ids=lambda p: p.parent.name)
def test_every_spec_value_is_bound_and_found(spec_path: Path) -> None:
    spec = load_spec(spec_path)
    assert bindings.unbound(spec) == []
    assert bindings.verify(spec, render_module.render(spec)) == []


@pytest.fixture
def broken_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the templates in which rds.tf drops the backup window: a typical template typo."""
    templates = tmp_path / "templates"
    shutil.copytree(render_module.templates_dir(), templates)
    rds = templates / "rds.tf.j2"
    rds.write_text(rds.read_text().replace("{{ spec.database.backup_window | hcl }}", '"03:00-03:30"'))
    monkeypatch.setattr(render_module, "templates_dir", lambda: templates)
    render_module.environment.cache_clear()
    yield templates
    render_module.environment.cache_clear()


def test_a_template_typo_is_caught_by_check(broken_templates: Path) -> None:
    with pytest.raises(TemplateError, match=r"database.backup_window: resource.aws_db_instance.postgres.backup_window"):
        api.check(SAGE_SPEC, ROOT / "out")


def test_the_parse_helpers_give_the_same_leaves(sage_spec, sage_files) -> None:
    from sagegen import hclread

    with parseworker.ParsePool(helpers=2) as pool:
        assert pool.index(sage_files) == hclread.index(sage_files)


def test_a_parse_failure_in_a_helper_is_reported(sage_files) -> None:
    with parseworker.ParsePool(helpers=1) as pool, pytest.raises(TemplateError, match="python-hcl2 cannot parse"):
        pool.index({"terraform/bad.tf": 'resource "x" {\n'})


def test_unused_helpers_stop(tmp_path: Path) -> None:
    pool = parseworker.ParsePool(helpers=2)
    pids = [h.pid for h in pool._helpers]
    pool.close()
    for pid in pids:
        with pytest.raises(ChildProcessError):
            import os

            os.waitpid(pid, 0)  # already reaped: nothing left running
