"""The seed document's HCL, and how the rendered output differs from it."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from pathlib import Path

from sagegen.render import hcl_reader

ROOT = Path(__file__).resolve().parent.parent
# The document lives in ../shared (read-only, beside every checkout here); the
# repository keeps a byte-identical copy so that the tests also run where
# ../shared does not exist (a GitHub runner). test_seed_copy_is_current pins it.
SHARED_SEED = ROOT.parent / "shared" / "seed" / "000_f1cd20900c837489.txt"
SEED = ROOT / "docs" / "seed" / "sage-infrastructure-spec-v1.0.md"
DEVIATIONS = ROOT / "docs" / "deviations.md"

_HCL_BLOCK = re.compile(r"```hcl\n(.*?)```", re.S)


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def seed_resources() -> dict[str, dict]:
    out: dict[str, dict] = {}
    for block in _HCL_BLOCK.findall(seed_text()):
        out.update(hcl_reader.resources(hcl_reader.parse(block)))
    return out


def rendered_resources(files: dict[str, str]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for path, text in files.items():
        if path.endswith(".tf"):
            out.update(hcl_reader.resources(hcl_reader.parse(text)))
    return out


@dataclass(frozen=True)
class Difference:
    address: str
    path: str
    kind: str  # "changed", "removed" (only in the document), "added" (only in sagegen)
    document: object = None
    sagegen: object = None

    @property
    def where(self) -> str:
        return f"{self.address}.{self.path}"


def differences(document: dict[str, dict], rendered: dict[str, dict]) -> list[Difference]:
    """Attribute-level differences of the resources the document declares."""
    out = []
    for address, doc_body in sorted(document.items()):
        ours = rendered.get(address)
        if ours is None:
            out.append(Difference(address, "", "missing"))
            continue
        doc_leaves = dict(hcl_reader.flatten(doc_body))
        our_leaves = dict(hcl_reader.flatten(ours))
        for path in sorted(set(doc_leaves) | set(our_leaves)):
            if path not in our_leaves:
                out.append(Difference(address, path, "removed", doc_leaves[path]))
            elif path not in doc_leaves:
                out.append(Difference(address, path, "added", None, our_leaves[path]))
            elif doc_leaves[path] != our_leaves[path]:
                out.append(Difference(address, path, "changed", doc_leaves[path], our_leaves[path]))
    return out


@dataclass(frozen=True)
class Deviation:
    number: str
    patterns: tuple[str, ...]  # glob patterns over "address.attribute.path"

    def covers(self, where: str) -> bool:
        return any(fnmatch.fnmatchcase(where, p) or fnmatch.fnmatchcase(where, p + ".*") for p in self.patterns)


def listed_deviations(section: str) -> list[Deviation]:
    """Rows of a table in docs/deviations.md: `| D1 | `pattern` `pattern` | ... |`.

    `section` is the heading text of the table ("Differences" or "Additions").
    """
    text = DEVIATIONS.read_text(encoding="utf-8")
    body = text.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    out = []
    for line in body.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 2 or not re.match(r"^[A-Z]\d+$", cells[0]):
            continue
        out.append(Deviation(cells[0], tuple(re.findall(r"`([^`]+)`", cells[1]))))
    return out
