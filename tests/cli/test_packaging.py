"""The wheel is self-contained: templates ship inside it and it runs from anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from helpers import snapshot
from support import HANG, ROOT, SAGE_SPEC


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
    assert "sagegen/templates/vpc.tf.j2" in names and "sagegen/cli/main.py" in names
    assert "sagegen/render/compiled/__init__.py" in names
    assert "sagegen/data/provider_schema.json" in names and "sagegen/data/prices.yaml" in names
    assert "sagegen/data/instance_classes.yaml" in names and "sagegen/data/starter.yaml.j2" in names
    # The tool alone needs only its runtime dependencies (the README's "Install the tool alone").
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    required = [line.split(":", 1)[1].strip() for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    runtime = sorted(r.split(">")[0].split("<")[0].split("=")[0].strip() for r in required if "extra ==" not in r)
    assert runtime == ["botocore", "click", "jinja2", "pydantic", "python-hcl2", "pyyaml"], runtime
    readme = (ROOT / "README.md").read_text()
    alone = readme.split("### Install the tool alone", 1)[1].split("###", 1)[0]
    assert "pip install ./sagegen" in alone and ".[test]" not in alone.split("```")[1]

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
        timeout=HANG,
    )
    assert result.returncode == 0, result.stderr
    assert snapshot(elsewhere / "o") == snapshot(ROOT / "out")
    flags = ["--project", "acme", "--region", "eu-west-1", "--domain", "acme.example"]
    command = [sys.executable, "-m", "sagegen", "init", "team", *flags]
    started = subprocess.run(command, cwd=elsewhere, env=env, capture_output=True, text=True)
    assert started.returncode == 0 and (elsewhere / "team" / "specs" / "acme.yaml").is_file(), started.stderr
