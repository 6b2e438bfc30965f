"""The real terraform binary judges the output: fmt -check and validate."""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import pytest
import yaml
from cases import CASES_DIR, GOLDEN
from support import ROOT, SAGE_SPEC, Terraform, write_tree

from sagegen.render.module import render
from sagegen.spec.models import Spec

pytestmark = pytest.mark.terraform


# Every root module of the golden output: each phase, each region.
GOLDEN_MODULES = sorted(
    f"{phase}:{p.relative_to(root)}" for phase, root in GOLDEN.items() for p in root.glob("**/terraform")
)


def test_the_golden_output_has_a_module_per_phase_and_region() -> None:
    assert GOLDEN_MODULES == ["growth:terraform", "mvp:terraform", "scale:ap-northeast-1/terraform", "scale:terraform"]


@pytest.mark.parametrize("directory", GOLDEN_MODULES)
def test_every_root_module_of_the_golden_output_is_formatted_and_valid(
    terraform: Terraform, directory: str, tmp_path: Path
) -> None:
    phase, relative = directory.split(":")
    module = tmp_path / "terraform"
    shutil.copytree(GOLDEN[phase] / relative, module)
    terraform.fmt_check(module)
    terraform.validate(module)


def renamed_spec_data() -> dict:
    """specs/sage.yaml as another team would copy it: new name, region and network."""
    data = yaml.safe_load(SAGE_SPEC.read_text())
    data.pop("phases")  # the MVP; phases are renamed alike
    data.pop("phase")
    data.pop("version")

    def rename(value: object) -> object:
        if isinstance(value, dict):
            return {k: rename(v) for k, v in value.items()}
        if isinstance(value, list):
            return [rename(v) for v in value]
        if isinstance(value, str):
            return value.replace("sage", "acme").replace("Sage", "Acme")
        return value

    data = rename(copy.deepcopy(data))
    data["region"] = "eu-central-1"
    data["network"].update(
        vpc_cidr="172.20.0.0/16",
        public_subnets=["172.20.0.0/24", "172.20.1.0/24"],
        private_subnets=["172.20.16.0/24", "172.20.17.0/24"],
    )
    return data


def test_a_renamed_copy_keeps_nothing_of_sage(terraform: Terraform, tmp_path: Path) -> None:
    data = renamed_spec_data()
    assert data["project"] == "acme"
    files = render(Spec.model_validate(data))
    # "sage" as a word of its own: the AWS metric DatabaseMemoryUsagePercentage is fine.
    leftovers = {p: m for p, text in files.items() for m in re.findall(r"(?i)(?<![a-z])sage(?![a-z])", text)}
    assert leftovers == {}
    text = "".join(files.values())
    assert "eu-central-1" in text and "172.20.0.0/16" in text and "us-west-2" not in text
    assert 'resource "aws_ecs_cluster" "acme"' in files["terraform/ecs.tf"]
    write_tree(tmp_path, files)
    terraform.fmt_check(tmp_path / "terraform")
    terraform.validate(tmp_path / "terraform")


@pytest.mark.parametrize("case", sorted(p.name for p in CASES_DIR.iterdir() if (p / "spec.yaml").exists()))
def test_golden_cases_validate(terraform: Terraform, case: str, tmp_path: Path) -> None:
    from sagegen.spec.load import load_spec

    files = render(load_spec(CASES_DIR / case / "spec.yaml"))
    write_tree(tmp_path, files)
    terraform.fmt_check(tmp_path / "terraform")
    terraform.validate(tmp_path / "terraform")


def test_init_without_a_plugin_dir_installs_the_provider_the_usual_way(terraform: Terraform, tmp_path: Path) -> None:
    """The path a laptop with internet takes (no -plugin-dir): Terraform's own provider installation.

    Offline, the mirror stands in for the registry through a CLI config, so the same
    code path (no -plugin-dir flag, version constraints resolved by Terraform) runs here.
    """
    config = "/dev/null"
    if terraform.plugin_dir:
        config_file = tmp_path / "terraform.rc"
        mirror = Path(terraform.plugin_dir).as_posix()
        config_file.write_text(f'provider_installation {{\n  filesystem_mirror {{\n    path = "{mirror}"\n  }}\n}}\n')
        config = str(config_file)
    plain = Terraform(terraform.binary, None, cli_config=config)
    shutil.copytree(ROOT / "out" / "terraform", tmp_path / "terraform")
    plain.init(tmp_path / "terraform")  # no validate: the golden tests validate these very files
    assert (
        tmp_path / "terraform" / ".terraform" / "providers" / "registry.terraform.io" / "hashicorp" / "aws"
    ).is_dir()
    lock = (tmp_path / "terraform" / ".terraform.lock.hcl").read_text()
    assert 'provider "registry.terraform.io/hashicorp/aws"' in lock, lock
