"""The one YAML encoder of what sagegen writes: the deploy workflows and the starter spec of `init`.

PyYAML's safe dumper, with multi-line strings as literal blocks (shell scripts read as written by hand)
and every other string quoted when YAML would read it as something else (`on`, `1.0`, `null`).
"""

from __future__ import annotations

import yaml


class Dumper(yaml.SafeDumper):
    """Multi-line strings as literal blocks, the way workflows are written by hand."""


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


Dumper.add_representer(str, _string)


def dump(data: object) -> str:
    """`data` as a YAML document, keys in their given order."""
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, width=120, allow_unicode=True)


def scalar(value: str | int | float | bool | None) -> str:
    """One value as YAML flow text, for a template: `acme`, `"on"`, `"1.0"`, `10`, `null`."""
    if isinstance(value, str) and "\n" in value:
        raise ValueError("a multi-line string is no flow scalar")
    # A scalar has no flow or block style to choose (only collections do): no default_flow_style here.
    text = yaml.dump(value, Dumper=Dumper, width=1_000_000, allow_unicode=True)
    return text.removesuffix("\n...\n").removesuffix("\n")


def flow(values: list | dict) -> str:
    """A list or mapping as YAML flow text: `[a, b]`, `{count: 1}`."""
    text = yaml.dump(values, Dumper=Dumper, default_flow_style=True, width=1_000_000, allow_unicode=True)
    return text.removesuffix("\n")
