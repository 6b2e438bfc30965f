"""The wheel is self-contained: templates ship inside it and it runs from anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from helpers import snapshot
from support import ROOT, SAGE_SPEC


def test_the_wheel_renders_from_any_directory(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("sagegen-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "sagegen/templates/vpc.tf.j2" in names and "sagegen/cli.py" in names
    assert "sagegen/render/compiled/__init__.py" in names
    assert "sagegen/data/provider_schema.json" in names and "sagegen/data/prices.yaml" in names

    site = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = dict(os.environ, PYTHONPATH=str(site))
    probe = "import sagegen.render.engine as r; print(r.templates_dir(), type(r.environment().loader).__name__)"
    where = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    directory, loader = where.stdout.split()
    assert directory.startswith(str(site)), where  # templates from the wheel, not the checkout
    assert loader == "ModuleLoader", where  # and the wheel's compiled copy of them
    result = subprocess.run(
        [sys.executable, "-m", "sagegen", "render", str(SAGE_SPEC), "--out", "o"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert snapshot(elsewhere / "o") == snapshot(ROOT / "out")
