"""The rendered Sage stack against the document's own HCL, attribute by attribute."""

from __future__ import annotations

import seed

# sha256 of the Sage.ai Infrastructure Specification v1.0 (../shared/seed/000_f1cd20900c837489.txt).
SEED_SHA256 = "f98a2ca0da7e9ee54a20b14bee8dec67bab83844a879fdc20992ff2637a470ea"


def test_seed_copy_is_current() -> None:
    """The repository's copy is the document, byte for byte: by its hash in any clone, and against
    ../shared wherever that is beside the checkout (no skip: every comparison runs from the copy)."""
    import hashlib

    assert hashlib.sha256(seed.SEED.read_bytes()).hexdigest() == SEED_SHA256
    if seed.SHARED_SEED.exists():
        assert seed.SEED.read_bytes() == seed.SHARED_SEED.read_bytes()


def test_the_document_declares_the_stack() -> None:
    # Guards the extraction itself: the seed's ```hcl blocks hold 36 resources.
    resources = seed.seed_resources()
    assert len(resources) == 36
    assert "aws_db_instance.postgres" in resources and "aws_lb_listener.https" in resources


def test_every_document_resource_is_rendered_under_its_address(sage_files: dict[str, str]) -> None:
    rendered = seed.rendered_resources(sage_files)
    missing = sorted(set(seed.seed_resources()) - set(rendered))
    assert missing == []


def test_every_difference_is_a_listed_deviation(sage_files: dict[str, str]) -> None:
    deviations = seed.listed_deviations("Differences")
    diffs = seed.differences(seed.seed_resources(), seed.rendered_resources(sage_files))
    unlisted = [
        f"{d.kind} {d.where}: {d.document!r} -> {d.sagegen!r}"
        for d in diffs
        if not any(dev.covers(d.where) for dev in deviations)
    ]
    assert unlisted == [], "differences from the document not in docs/deviations.md:\n" + "\n".join(unlisted)


def test_every_listed_deviation_still_happens(sage_files: dict[str, str]) -> None:
    diffs = seed.differences(seed.seed_resources(), seed.rendered_resources(sage_files))
    stale = [d.number for d in seed.listed_deviations("Differences") if not any(d.covers(diff.where) for diff in diffs)]
    assert stale == []


def test_every_added_resource_is_listed(sage_files: dict[str, str]) -> None:
    rendered = seed.rendered_resources(sage_files)
    added = set(rendered) - set(seed.seed_resources())
    listed = {p for a in seed.listed_deviations("Additions") for p in a.patterns}
    assert sorted(added - listed) == []
    assert sorted(listed - added) == []


def test_document_values_are_kept(sage_files: dict[str, str]) -> None:
    """Spot checks that the comparison itself sees values, not just keys."""
    rendered = seed.rendered_resources(sage_files)
    db = rendered["aws_db_instance.postgres"]
    assert (db["instance_class"], db["allocated_storage"], db["backup_retention_period"]) == ("db.t4g.micro", 20, 7)
    redis = rendered["aws_elasticache_replication_group.redis"]
    assert redis["description"] == "Sage.ai Redis cluster" and "replication_group_description" not in redis
    assert "timestamp()" not in db["final_snapshot_identifier"]
    assert db["final_snapshot_identifier"].startswith("sage-postgres-final-${lower(substr(aws_secretsmanager_secret")
