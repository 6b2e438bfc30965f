"""Each AWS rule with an example it accepts and one it refuses (the refusals also live in tests/spec/bad_specs)."""

from __future__ import annotations

import copy

import pytest
import yaml
from pydantic import ValidationError
from support import SAGE_SPEC

from sagegen.spec.load import load_stack
from sagegen.spec.models import Spec
from sagegen.spec.models import aws_limits as rules

BASE = {
    k: v for k, v in yaml.safe_load(SAGE_SPEC.read_text()).items() if k not in ("phases", "phase", "version")
}  # the MVP, as the models see it


def test_adjacent_windows_do_not_overlap_but_crossing_ones_do() -> None:
    assert not rules.windows_overlap("03:00-04:00", "mon:04:00-mon:05:00")  # the document's values
    assert rules.windows_overlap("03:00-04:30", "mon:04:00-mon:05:00")
    assert rules.windows_overlap("23:30-00:30", "tue:00:00-tue:01:00")  # across midnight
    assert rules.windows_overlap("23:30-00:30", "sun:23:45-mon:00:45")  # across the week's end


@pytest.mark.parametrize(("window", "ok"), [("03:00-04:00", True), ("23:45-00:15", True), ("03:00-03:29", False)])
def test_daily_windows_last_30_minutes(window: str, ok: bool) -> None:
    if ok:
        rules.daily_window(window)
    else:
        with pytest.raises(ValueError, match="30 minutes"):
            rules.daily_window(window)


@pytest.mark.parametrize(
    ("window", "ok"), [("sun:23:30-mon:00:30", True), ("mon:00:00-mon:00:20", False), ("mon:00:00-tue:01:00", False)]
)
def test_weekly_windows(window: str, ok: bool) -> None:
    if ok:
        rules.weekly_window(window)
    else:
        with pytest.raises(ValueError):
            rules.weekly_window(window)


@pytest.mark.parametrize("name", ["sage-frontend-prod", "a.b-c", "abc"])
def test_valid_bucket_names(name: str) -> None:
    assert rules.s3_bucket_name(name) == name


@pytest.mark.parametrize(
    "name", ["ab", "A-bucket", "a..b", "a.-b", "10.0.0.1", "xn--abc", "abc-s3alias", "-abc", "a" * 64]
)
def test_invalid_bucket_names(name: str) -> None:
    with pytest.raises(ValueError):
        rules.s3_bucket_name(name)


def test_tags() -> None:
    assert rules.tags({"Team": "platform", "CostCenter": "x" * 256})
    # Tagging AWS Resources, "Tag naming limits and requirements": letters, digits and spaces of any script,
    # and _ . : / = + - @
    everything = {"CostCenter2": "cc-1234", "Région": "Île-de-France ٣", "Team": "a_b.c:d/e=f+g-h@i j"}
    assert rules.tags(everything) == everything
    unicode_marks = ({"Team": "e\u0301"}, {"Team": "a\u200bb"}, {"Team": "a\u202eb"}, {"Team!": "a"})
    for bad in (
        {"aws:x": "y"},
        {"": "y"},
        {"k" * 129: "y"},
        {"Name": "x"},
        {f"T{i}": "v" for i in range(41)},
        *unicode_marks,
    ):
        with pytest.raises(ValueError):
            rules.tags(bad)


def spec_with(**changes: object) -> Spec:
    data = copy.deepcopy(BASE)
    for dotted, value in changes.items():
        *parents, leaf = dotted.split("__")
        target = data
        for key in parents:
            target = target[key]
        target[leaf] = value
    return Spec.model_validate(data)


@pytest.mark.parametrize(
    ("changes", "ok"),
    [
        ({"service__cpu": 1024, "service__memory": 8192}, True),
        ({"service__cpu": 1024, "service__memory": 1024}, False),
        ({"service__desired_count": 10}, True),
        ({"service__desired_count": 11}, False),
        (
            {
                "network__public_subnets": ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"],
                "network__private_subnets": ["10.0.10.0/24", "10.0.11.0/24", "10.0.12.0/24"],
            },
            True,
        ),  # us-west-2 has 4 AZs
        (
            {
                "region": "us-west-1",
                "network__public_subnets": ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"],
                "network__private_subnets": ["10.0.10.0/24", "10.0.11.0/24", "10.0.12.0/24"],
            },
            False,
        ),
        ({"cache__engine_version": "6.2", "cache__parameter_group_name": "default.redis6.x"}, True),
        ({"cache__engine_version": "6.2"}, False),
        ({"cache__num_cache_clusters": 1, "cache__automatic_failover": False, "cache__multi_az": False}, True),
        ({"cache__num_cache_clusters": 1, "cache__automatic_failover": False}, False),  # Multi-AZ needs failover
        ({"dns": {"zone": "sage.ai"}}, True),
        ({"dns": {"zone": "example.com"}}, False),  # api.sage.ai is not in it
        ({"secrets_recovery_window_days": 0}, True),
        ({"secrets_recovery_window_days": 3}, False),  # Secrets Manager: 0 or 7-30
        ({"database__log_retention_days": 31}, False),  # not a CloudWatch retention
        ({"cache__num_cache_clusters": 1}, False),
        ({"database__engine_version": "17"}, True),
        ({"database__engine_version": "12.4"}, False),
        ({"alarms__ecs_cpu_high": {"period": 30}}, True),
        ({"alarms__ecs_cpu_high": {"period": 45}}, False),
        ({"edge__health_check": {"interval": 10, "timeout": 5}}, True),
        ({"edge__health_check": {"interval": 10, "timeout": 10}}, False),
        ({"service__name": "api"}, True),
        ({"project": "platform-service", "service__name": "backend-services"}, False),  # target group name > 32
    ],
)
def test_cross_field_rules(changes: dict, ok: bool) -> None:
    if ok:
        spec_with(**changes)
    else:
        with pytest.raises(ValidationError):
            spec_with(**changes)


def test_every_pattern_of_the_spec_is_said_in_words() -> None:
    """A regex is no message for a user: each pattern the schema holds has words in load.PATTERN_WORDS."""
    import json

    from sagegen import api
    from sagegen.spec.load import PATTERN_WORDS

    patterns: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                patterns.add(node["pattern"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(api.json_schema()))
    assert patterns and sorted(patterns - set(PATTERN_WORDS)) == []


def test_the_writer_may_be_named_as_the_primary_and_each_region_keeps_its_state_in_itself() -> None:
    """`writer_region: us-west-2` on a stack whose region is us-west-2 says the default: the same stacks. A
    secondary region's copy has no writer of its own (the stack's is kept apart) and its state bucket is in
    its own region (an outage of the primary never blocks Terraform there, docs/regions.md)."""
    scale = load_stack(SAGE_SPEC).spec("scale")
    named = Spec.model_validate({**scale.model_dump(), "writer_region": scale.region})
    (tokyo,) = named.secondary_regions
    assert named.in_region(tokyo).model_dump() == scale.in_region(tokyo).model_dump()
    assert named.in_region(tokyo).writer == scale.region
    assert (named.in_region(tokyo).state.region, named.state.region) == ("ap-northeast-1", None)  # None: its own


def test_the_state_object_of_each_root_module() -> None:
    """One object per root module, under the key prefix (the project's name by default), a secondary
    region's under its region; no phase in it (moving on never moves the state)."""
    state = spec_with(state__key_prefix="platform-sage").state
    assert state.key("sage") == "platform-sage/terraform.tfstate"
    assert state.key("sage", "ap-northeast-1") == "platform-sage/ap-northeast-1/terraform.tfstate"
    unprefixed = spec_with(state__key_prefix=None).state
    assert unprefixed.key("sage") == "sage/terraform.tfstate"
