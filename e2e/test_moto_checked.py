"""The emulator's patches into moto meet only moto code they were checked against (e2e/moto_checked.py)."""

from __future__ import annotations

import copy
import json

import pytest
from moto_checked import RECORD, MotoChanged, check, digest, moto_version, problems
from moto_extended import PATCHES


@pytest.fixture(scope="module")
def record() -> dict:
    return json.loads(RECORD.read_text())


def test_every_patch_was_checked_against_the_installed_moto(record: dict) -> None:
    assert len(PATCHES) == 28 and all(patch.relies_on for patch in PATCHES)
    check(PATCHES, record)  # raises MotoChanged, naming each patch, if moto's code is not what was checked


def test_a_changed_moto_function_stops_the_emulator_naming_the_patch(record: dict) -> None:
    """As moto 5.2.6 did: DBInstance.__init__ changed under the Performance Insights patches."""
    target = "moto.rds.models:DBInstance.__init__"
    planted = copy.deepcopy(record)
    for versions in planted.values():
        for digests in versions.values():
            if target in digests:
                digests[target] = "0" * 16
    with pytest.raises(MotoChanged) as raised:
        check(PATCHES, planted)
    message = str(raised.value)
    for name in ("fix_rds_performance_insights_and_parameters", "fix_rds_restores_and_modifications"):
        assert f"moto_fixes_data.{name} (checked against moto " in message
    assert f"meets moto {moto_version()}, where {target} changed since" in message
    assert "fix_s3_policy_secure_transport" not in message  # only the patches that rely on it


def test_a_patch_that_names_nothing_or_was_never_checked_is_refused(record: dict) -> None:
    def fix_unnamed() -> None: ...

    assert problems([fix_unnamed], record) == [
        "fix_unnamed names nothing it relies on in moto (e2e/moto_checked.py: relies_on)"
    ]
    unrecorded = {k: v for k, v in record.items() if k != "moto_retries.install"}
    assert problems(PATCHES, unrecorded) == ["moto_retries.install was never checked against any moto version"]


def test_a_function_moto_removed_or_added_is_a_change() -> None:
    assert digest("moto.rds.models:RDSBackend.no_such_call") == "absent"
    assert digest("moto.rds.models:RDSBackend.restore_db_instance_to_point_in_time") != "absent"
