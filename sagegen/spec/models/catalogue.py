"""The instance classes AWS offers the database and the cache: sagegen/data/instance_classes.yaml.

The spec's shape check (`db.<family>.<size>`) let `db.t4g.huge` through to `terraform apply`; here a
class is accepted only when the catalogue lists its family and size, and refused with the reason AWS
gives or the nearest class it offers.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from importlib import resources

import yaml


@dataclass(frozen=True)
class Offer:
    """One service's catalogue: sizes per family, the first minor per major, the families it refuses."""

    service: str  # as users read it: "RDS for PostgreSQL", "ElastiCache"
    sizes: dict[str, tuple[str, ...]]
    first_minor: dict[str, dict[str, str]]
    refused: dict[str, str]

    def classes(self) -> list[str]:
        return sorted(f"{family}.{size}" for family, sizes in self.sizes.items() for size in sizes)

    def check(self, value: str) -> str:
        """`value` if the service offers it, else a ValueError saying why not and what is close."""
        family, _, size = value.rpartition(".")
        if family in self.refused:
            raise ValueError(f"{value}: {self.refused[family]}")
        if size in self.sizes.get(family, ()):
            return value
        close = difflib.get_close_matches(value, self.classes())  # best first
        known = f"{family} comes in {', '.join(self.sizes[family])}" if family in self.sizes else ""
        hint = f"; did you mean {close[0]}?" if close else ""
        raise ValueError(
            f"{value} is not a class {self.service} offers{hint}"
            + (f" ({known})" if known else "")
            + " (sagegen/data/instance_classes.yaml lists them, with their source)"
        )

    def check_version(self, value: str, engine_version: str) -> None:
        """A ValueError when the family runs the engine's major only from a later minor than `engine_version`."""
        if "." not in engine_version:
            return  # a major alone: the service creates its newest minor
        family = value.rpartition(".")[0]
        major = engine_version.split(".")[0]
        first = self.first_minor.get(family, {}).get(major)
        if first and _version(engine_version) < _version(first):
            raise ValueError(
                f"{value} runs PostgreSQL {major} from {first} on, not {engine_version} "
                f"(RDS User Guide, 'Supported DB engines for DB instance classes')"
            )


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


@functools.cache
def _catalogue() -> dict:
    text = (resources.files("sagegen") / "data" / "instance_classes.yaml").read_bytes().decode()
    return yaml.safe_load(text)


def _offer(key: str, service: str) -> Offer:
    data = _catalogue()[key]
    return Offer(
        service=service,
        sizes={family: tuple(entry["sizes"]) for family, entry in data["families"].items()},
        first_minor={family: dict(entry.get("from", {})) for family, entry in data["families"].items()},
        refused=dict(data["refused"]),
    )


@functools.cache
def rds_postgres() -> Offer:
    return _offer("rds_postgres", "RDS for PostgreSQL")


@functools.cache
def elasticache() -> Offer:
    return _offer("elasticache", "ElastiCache")


def db_instance_class(value: str) -> str:
    return rds_postgres().check(value)


def cache_node_type(value: str) -> str:
    return elasticache().check(value)
