"""Asking Terraform (or OpenTofu) what the live stack is: a refresh-only plan, shown as JSON.

`terraform plan -refresh-only` reads every resource from AWS and records what changed outside Terraform
without proposing to change anything; it does not write the state (Terraform docs, "Command: plan",
-refresh-only). The plan file goes to a private temporary directory (mode 0700, removed at once): it
holds the state's values, so it is neither left beside the configuration nor anywhere another user reads.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import Problem, UserError

TIMEOUT = 1800  # seconds: refreshing a large stack reads every resource once


def refresh_only_plan(directory: Path, binary: str = "terraform") -> bytes:
    """The JSON of a refresh-only plan of the initialised root module in `directory`."""
    found = shutil.which(binary)
    if found is None:
        raise UserError(
            [Problem(f"{binary} is not on PATH")], hint="install it, or pass the plan's JSON with --plan FILE"
        )
    if not (directory / ".terraform").is_dir():
        raise UserError(
            [Problem("is not an initialised root module (no .terraform/)", file=str(directory))],
            hint=f"run `{binary} init` there first",
        )
    with tempfile.TemporaryDirectory(prefix="sagegen-drift-") as scratch:
        plan_file = str(Path(scratch) / "drift.tfplan")
        _run(found, directory, "plan", "-refresh-only", "-input=false", "-no-color", f"-out={plan_file}")
        # OpenTofu's `show` names what it shows with an option (its docs, v1.12, "Command: show":
        # -plan=FILENAME); Terraform's takes the plan file's path ("Command: show").
        shown = f"-plan={plan_file}" if Path(binary).name.startswith("tofu") else plan_file
        return _run(found, directory, "show", "-json", "-no-color", shown)


def _run(binary: str, directory: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(
            [binary, f"-chdir={directory}", *args], capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired:
        raise UserError(
            [Problem(f"`{Path(binary).name} {args[0]}` ran longer than {TIMEOUT} s", file=str(directory))]
        ) from None
    if done.returncode != 0:
        said = done.stderr.decode(errors="replace").strip().splitlines()[-12:]
        raise UserError(
            [
                Problem(
                    f"`{Path(binary).name} {args[0]}` failed (exit {done.returncode}):\n  " + "\n  ".join(said),
                    file=str(directory),
                )
            ]
        )
    return done.stdout
