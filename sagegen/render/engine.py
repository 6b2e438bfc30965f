"""The Jinja environment every template renders in.

StrictUndefined turns a missing value into an error; the only filters and
globals are those of `filters.py`. Templates are compiled in memory on each
run: a compiled-template cache on disk would be code that whoever can write
the cache directory gets to run in every sagegen process.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import jinja2

from ..errors import TemplateError
from . import filters


def templates_dir() -> Path:
    """Templates ship inside the wheel as sagegen/templates; a source checkout has them at the top."""
    packaged = Path(str(resources.files("sagegen"))) / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "templates"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    filters.register(env)
    return env


def render_template(name: str, values: dict) -> str:
    """The text of template `name` with `values`; a template's failure is sagegen's bug, said as such."""
    try:
        return environment().get_template(name).render(values)
    except jinja2.TemplateError as exc:
        raise TemplateError(f"template {name}: {exc}") from exc
