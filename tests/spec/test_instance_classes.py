"""Instance classes and node types are checked against what AWS offers (sagegen/data/instance_classes.yaml),
not only their shape: `db.t4g.huge` used to pass `validate` and fail at `terraform apply`."""

from __future__ import annotations

import gzip
import json
import re
from importlib.util import find_spec
from pathlib import Path

import pytest
import yaml
from helpers import sage_data, spec_text
from support import SAGE_SPEC

from sagegen.cost import price_table
from sagegen.errors import UserError
from sagegen.spec.load import load_stack_bytes
from sagegen.spec.models import catalogue


def refusal(text: str) -> str:
    with pytest.raises(UserError) as refused:
        load_stack_bytes(text.encode(), "spec.yaml")
    return str(refused.value)


def edited(old: str, new: str, *, count: int = 1) -> str:
    text = SAGE_SPEC.read_text()
    assert text.count(old) >= count
    return text.replace(old, new, count)


@pytest.mark.parametrize(
    ("old", "new", "where", "said"),
    [
        (
            "  instance_class: db.t4g.micro\n",
            "  instance_class: db.t4g.huge\n",
            "database.instance_class:",
            "db.t4g.huge is not a class RDS for PostgreSQL offers; did you mean db.t4g.large?",
        ),
        (  # in a phase's overlay
            "      instance_class: db.r6g.large\n",
            "      instance_class: db.m5.nano\n",
            "phases.scale.database.instance_class:",
            "db.m5.nano is not a class RDS for PostgreSQL offers; did you mean db.m5.large?",
        ),
        (
            "      node_type: cache.r6g.large\n",
            "      node_type: cache.t4g.mega\n",
            "phases.scale.cache.node_type:",
            "cache.t4g.mega is not a class ElastiCache offers; did you mean cache.t4g.small?",
        ),
        (
            "  instance_class: db.t4g.micro\n",
            "  instance_class: db.t2.micro\n",
            "database.instance_class:",
            "db.t2.micro: RDS runs PostgreSQL on it only below version 13",
        ),
        (
            "  node_type: cache.t4g.micro\n",
            "  node_type: cache.t2.micro\n",
            "cache.node_type:",
            "cache.t2.micro: previous generation",
        ),
        (
            "  instance_class: db.t4g.micro\n",
            "  instance_class: db.m6gd.large\n",
            "database.instance_class:",
            "only to Multi-AZ DB clusters",
        ),
    ],
)
def test_a_class_aws_does_not_offer_is_refused_at_its_line(old: str, new: str, where: str, said: str) -> None:
    text = edited(old, new)
    line = text[: text.index(new)].count("\n") + 1
    column = len(new) - len(new.lstrip()) + 1
    message = refusal(text)
    assert f"spec.yaml:{line}:{column}: {where}" in message and said in message, message


def test_a_family_that_needs_a_later_minor_is_refused_for_an_earlier_one() -> None:
    """db.r7g runs PostgreSQL 15 from 15.2 (RDS User Guide); a major alone lets RDS pick its newest minor."""
    data = sage_data()
    data["database"].update(engine_version="15.1", auto_minor_version_upgrade=False, instance_class="db.r7g.large")
    message = refusal(spec_text(data))
    assert "database.instance_class: db.r7g.large runs PostgreSQL 15 from 15.2 on, not 15.1" in message, message
    data["database"].update(instance_class="db.t4g.micro", read_replicas={"count": 1, "instance_class": "db.r7g.large"})
    assert "database.read_replicas: db.r7g.large runs PostgreSQL 15 from 15.2 on" in refusal(spec_text(data))
    data["database"].update(engine_version="15.2")
    load_stack_bytes(spec_text(data).encode(), "spec.yaml")
    data["database"].update(engine_version="15", auto_minor_version_upgrade=True)
    load_stack_bytes(spec_text(data).encode(), "spec.yaml")


def test_every_class_of_the_price_table_is_one_aws_offers() -> None:
    prices = price_table()["prices"]
    for name in prices["rds_postgres_instance_hour"]:
        assert catalogue.db_instance_class(name) == name
    for name in prices["elasticache_node_hour"]:
        assert catalogue.cache_node_type(name) == name


def cache_node_documentation() -> str:
    """The CacheNode text of the ElastiCache API Reference, as the installed botocore ships it."""
    spec = find_spec("botocore")
    assert spec is not None and spec.origin is not None
    model = Path(spec.origin).parent / "data" / "elasticache" / "2015-02-02" / "service-2.json.gz"
    shapes = json.loads(gzip.decompress(model.read_bytes()))["shapes"]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", shapes["CacheNode"]["documentation"]))


def test_the_cache_catalogue_is_the_current_generation_of_the_api_reference() -> None:
    """The API Reference's current-generation node types, less T2 (the User Guide retires it for new
    clusters), are the catalogue's; its previous generations are refused. A botocore that lists a new
    family fails here until the catalogue has it."""
    text = cache_node_documentation()
    current: set[str] = set()
    previous: set[str] = set()
    for part in re.split(r"(?=Current generation:|Previous generation:)", text):
        names = set(re.findall(r"cache\.[a-z0-9]+\.[a-z0-9]+", part))
        (previous if part.startswith("Previous generation:") else current).update(names)
    t2 = {name for name in current if name.startswith("cache.t2.")}
    assert t2 and set(catalogue.elasticache().classes()) == current - t2
    refused = catalogue.elasticache().refused
    assert {n.rpartition(".")[0] for n in previous | {"cache.t2.micro"}} == set(refused)


def test_the_catalogue_names_its_sources_and_date() -> None:
    data = yaml.safe_load((Path(catalogue.__file__).parents[2] / "data" / "instance_classes.yaml").read_text())
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["read"])
    for service in ("rds_postgres", "elasticache"):
        assert "https://docs.aws.amazon.com/" in data[service]["source"]
