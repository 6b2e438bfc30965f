"""Run the command blocks of a generated RUNBOOK.md (or README.md) as an operator would.

A document is read as sections (`## ` headings) holding ```sh blocks. A block runs in bash with
`set -euo pipefail`, in the output directory, against the emulator: `aws` is the AWS CLI with
AWS_ENDPOINT_URL set, `terraform` the suite's binary with the lane's variables, and an answer of
"yes" to apply and destroy. Every `<placeholder>` must be filled by the caller, or the block is refused.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

from support import GO_RUNTIME, run_measured

FENCE = re.compile(r"^( *)```sh\n(.*?)^\1```$", re.S | re.M)
PLACEHOLDER = re.compile(r"<[A-Za-z][\w:. -]*>")


def sections(markdown: str) -> dict[str, list[str]]:
    """{heading: [block, ...]} of the `## ` sections, blocks dedented, in document order."""
    found: dict[str, list[str]] = {}
    for part in re.split(r"^## ", markdown, flags=re.M)[1:]:
        heading, _, body = part.partition("\n")
        found[heading.strip()] = [textwrap.dedent(m.group(2)) for m in FENCE.finditer(body)]
    return found


@dataclass
class Operator:
    """Runs blocks in `out` (the directory the document's relative paths start from)."""

    out: Path
    url: str
    region: str
    terraform: str
    env: dict[str, str]
    ran: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    # More arguments of every `terraform apply`, e.g. -json to read what the apply planned from its output.
    apply_args: str = ""

    def shell_env(self) -> dict[str, str]:
        shims = self.out / ".operator-bin"
        shims.mkdir(exist_ok=True)
        wrapper = shims / "terraform"
        wrapper.write_text(f'#!/bin/sh\nexec {self.terraform} "$@"\n')
        wrapper.chmod(0o755)
        aws = Path(sys.executable).with_name("aws")
        path = f"{shims}:{aws.parent}:{os.environ.get('PATH', '')}"
        env = {**GO_RUNTIME, **os.environ, "TF_CLI_CONFIG_FILE": "/dev/null"}  # terraform's GC as the suite's
        env.update(self.env)  # the lane's: variables, and the Terraform CLI configuration it runs with
        env.update(
            PATH=path,
            AWS_ENDPOINT_URL=self.url,
            AWS_ACCESS_KEY_ID="test",
            AWS_SECRET_ACCESS_KEY="test",
            AWS_DEFAULT_REGION=self.region,
            AWS_PAGER="",
            TF_IN_AUTOMATION="1",
            CHECKPOINT_DISABLE="1",
            TF_CLI_ARGS_apply=f"-auto-approve -input=false {self.apply_args}".strip(),  # the operator answers "yes"
            TF_CLI_ARGS_destroy="-auto-approve -input=false",
        )
        return env

    def run(self, name: str, block: str, fills: dict[str, str] | None = None) -> str:
        """Run one block; `fills` replaces its placeholders. Returns its output; fails the test on error."""
        for placeholder, value in (fills or {}).items():
            block = block.replace(placeholder, value)
        assert not PLACEHOLDER.search(block), f"{name}: unfilled {PLACEHOLDER.findall(block)}"
        assert shutil.which("bash")
        start = time.monotonic()
        # A temporary directory of the block's own: what its mktemp calls leave there, an operator's keeps.
        # In the system's, not under `out`: Terraform's provider listens on a Unix socket made there, and a
        # socket's path may not pass 107 bytes (unix(7): sun_path), which a pytest directory soon does.
        scratch = Path(tempfile.mkdtemp(prefix="op-"))
        try:
            result = run_measured(["bash", "-euo", "pipefail", "-c", block], f"runbook: {name}", cwd=self.out,
                                  env={**self.shell_env(), "TMPDIR": str(scratch)}, timeout=900)  # fmt: skip
            left = sorted(p.name for p in scratch.glob("tmp.*"))  # mktemp's names
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        self.timings[name] = self.timings.get(name, 0) + time.monotonic() - start
        output = result.stdout + result.stderr
        assert result.returncode == 0, f"{name}: exit {result.returncode}\n{block}\n---\n{output[-6000:]}"
        assert not left, f"{name}: the block leaves {left} in the operator's temporary directory"
        self.ran.append(name)
        return output + f"\nexit code {result.returncode}"
