"""What each emulator patch relies on inside moto, and the moto versions it was checked against.

The patches e2e/moto_extended.py applies (e2e/moto_fixes*.py, e2e/moto_rules.py, e2e/moto_retries.py)
reach into moto's private code, which a patch release may change (moto 5.2.6 did, and turned main red
through a strange RDS error). Each patch
names, with `relies_on`, the moto functions it replaces or whose behaviour it assumes. moto_checked.json
(beside this file) holds, for each patch and each moto version it was checked against, a digest of each
of those functions' source. The emulator compares the installed moto with that record before it applies
any patch, and refuses to start, naming the patch, the moto version and the functions that changed, when
a patch meets moto code it was not checked against.

After moving the moto pin (scripts/lock --upgrade-package moto, then scripts/setup):

    .venv/bin/python e2e/moto_checked.py            # which patches meet changed moto code, and where
    .venv/bin/python e2e/moto_checked.py --record   # after reading those changes and fixing the patches

`--record` adds the installed moto version to every patch's record: it says "I read what changed and
each patch is right for this version", so run it only after that and the end-to-end lanes pass.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
import inspect
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

RECORD = Path(__file__).with_name("moto_checked.json")
ABSENT = "absent"


class MotoChanged(RuntimeError):
    """A patch meets moto code it was not checked against."""


def relies_on(*targets: str) -> Callable:
    """Mark a patch with the moto objects it relies on, each `module:Qualified.name`."""

    def mark(patch: Callable) -> Callable:
        patch.relies_on = targets
        # Its key in the record: the same whether the module runs as a script or is imported.
        patch.checked_name = f"{Path(inspect.getfile(patch)).stem}.{patch.__name__}"
        return patch

    return mark


def digest(target: str) -> str:
    """A digest of the source of `module:Qualified.name` as installed, or "absent" if moto has no such object."""
    module_name, _, qualified = target.partition(":")
    found: object = importlib.import_module(module_name)
    for part in qualified.split("."):
        found = getattr(found, part, None)
        if found is None:
            return ABSENT
    if isinstance(found, property):
        found = found.fget
    return hashlib.sha256(inspect.getsource(found).encode()).hexdigest()[:16]


def moto_version() -> str:
    return importlib.metadata.version("moto")


def _versions(checked: dict[str, dict[str, str]]) -> list[str]:
    from packaging.version import Version

    return sorted(checked, key=Version)


def problems(patches: Iterable[Callable], record: dict) -> list[str]:
    """One message per patch whose moto code matches none of the versions it was checked against."""
    found = []
    installed = moto_version()
    for patch in patches:
        targets = getattr(patch, "relies_on", ())
        if not targets:
            found.append(f"{patch.__name__} names nothing it relies on in moto (e2e/moto_checked.py: relies_on)")
            continue
        name = patch.checked_name
        checked = record.get(name, {})
        if not checked:
            found.append(f"{name} was never checked against any moto version")
            continue
        now = {target: digest(target) for target in targets}
        if any(now == recorded for recorded in checked.values()):
            continue
        versions = _versions(checked)
        newest = checked[versions[-1]]
        changed = sorted(t for t in targets if newest.get(t) != now[t])
        found.append(
            f"{name} (checked against moto {', '.join(versions)}) meets moto {installed}, "
            f"where {', '.join(changed)} changed since {versions[-1]}"
        )
    return found


def check(patches: Iterable[Callable], record: dict | None = None) -> None:
    """Raise MotoChanged naming every patch that meets moto code it was not checked against."""
    record = json.loads(RECORD.read_text()) if record is None else record
    found = problems(patches, record)
    if found:
        raise MotoChanged(
            "the emulator's patches into moto were not checked against this moto: read what changed in moto "
            "and fix each patch, then record it (python e2e/moto_checked.py --record):\n  " + "\n  ".join(found)
        )


# Set by the harness in the environment of each server it starts, once it has run `check` itself over the
# same installation: the servers skip the check (digesting moto's sources costs each server seconds).
CHECKED_ENV = "SAGEGEN_MOTO_CHECKED"


def checked_token() -> str:
    """What a check vouches for: this moto version and this record, byte for byte."""
    return f"{moto_version()}:{hashlib.sha256(RECORD.read_bytes()).hexdigest()[:16]}"


def record_installed(patches: Iterable[Callable], record: dict) -> dict:
    """`record` with the installed moto version added to every patch."""
    installed = moto_version()
    updated = {}
    for patch in patches:
        versions = dict(record.get(patch.checked_name, {}))
        versions[installed] = {target: digest(target) for target in patch.relies_on}
        updated[patch.checked_name] = {v: versions[v] for v in _versions(versions)}
    return dict(sorted(updated.items()))


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(Path(__file__).parent))
    from moto_extended import PATCHES

    record = json.loads(RECORD.read_text()) if RECORD.exists() else {}
    if argv == ["--record"]:
        RECORD.write_text(json.dumps(record_installed(PATCHES, record), indent=2) + "\n")
        print(f"recorded moto {moto_version()} for {len(PATCHES)} patches in {RECORD.name}")
        return 0
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    found = problems(PATCHES, record)
    print("\n".join(found) or f"every patch was checked against moto {moto_version()}'s code")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
