"""A mistyped key is named with the key it was probably meant to be, or every key allowed there, wherever it
sits: at the top, in a section, in an optional section, in an item of a list, in a value of a map. The
suggestion is read from the models (spec/load.py walks Optional, Annotated, list and dict to the model)."""

from __future__ import annotations

import copy

import pytest
import yaml
from helpers import sage_data

from sagegen.errors import UserError
from sagegen.spec.load import _allowed_keys, _model_at, _unwrap, load_stack_bytes
from sagegen.spec.models import Spec


def _edited(edit) -> bytes:
    data = copy.deepcopy(sage_data())
    edit(data)
    return yaml.safe_dump(data, sort_keys=False).encode()


def _budget(d):
    d["budget"] = {"monthy": 500}


def _secret(d):
    name = next(iter(d["secrets"]))
    d["secrets"][name]["nmae"] = d["secrets"][name].pop("name")


def _region(d):
    d["secondary_regions"] = [{"region": "ap-northeast-1", "availabilty_zones": ["ap-northeast-1a"]}]


def _database(d):
    d["database"]["instance_clas"] = d["database"].pop("instance_class")


def _top(d):
    d["regoin"] = d.pop("region")


def _nothing_close(d):
    d["budget"] = {"zzz": 1}


CASES = {
    "top level": (_top, "regoin", "did you mean `region`?"),
    "a section": (_database, "database.instance_clas", "did you mean `instance_class`?"),
    "an optional section": (_budget, "budget.monthy", "did you mean `monthly`?"),
    "a value of a map": (_secret, ".nmae", "did you mean `name`?"),
    "an item of a list": (_region, "secondary_regions[0].availabilty_zones", "did you mean `availability_zones`?"),
    "nothing close": (_nothing_close, "budget.zzz", "expected one of: monthly"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_mistyped_key_is_named_with_what_it_should_be(case: str) -> None:
    edit, key, said = CASES[case]
    with pytest.raises(UserError) as raised:
        load_stack_bytes(_edited(edit), "spec.yaml")
    text = str(raised.value)
    (line,) = [line for line in text.splitlines() if key in line and "spec.yaml:" in line]
    assert said in line, text


def test_the_model_at_a_key_is_found_through_optionals_lists_and_maps() -> None:
    """What the key suggestions read: the model a location of the spec holds, or None where it holds a value."""
    database = _model_at(Spec, ("database",))
    assert database is not None and "instance_class" in database.model_fields
    region = _model_at(Spec, ("secondary_regions", 0))  # list[SecondaryRegion] -> its item's model
    assert region is not None and "network" in region.model_fields
    assert _model_at(Spec, ("database", "instance_class")) is None and _allowed_keys(("database", "db_name")) == []
    assert _model_at(Spec, ("accepted_risks", "x")) is None  # a map of text: no model
    assert _model_at(Spec, ("no_such_key",)) is None and _allowed_keys(()) == sorted(Spec.model_fields)
    assert _unwrap(int | None) is int and _unwrap(int | str) == int | str  # a union of several stays whole
