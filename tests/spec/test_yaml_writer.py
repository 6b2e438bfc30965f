"""The one YAML encoder (sagegen/spec/yaml_writer.py): each value reads back as itself, on one line where
a template puts it on one line, as written by hand (issue 25: mutants of it survived the suite)."""

from __future__ import annotations

import pytest
import yaml

from sagegen.spec import yaml_writer

VALUES = ["acme", "on", "no", "1.0", "16", "null", "", "a: b", "- x", "#tag", "Café Zürich", "東京", "x" * 300, 7, 2.5,
          "a long description " * 20,  # PyYAML folds text with spaces at its width (80) unless told otherwise
          True, None]  # fmt: skip


@pytest.mark.parametrize("value", VALUES)
def test_a_scalar_is_one_line_that_reads_back_as_itself(value: object) -> None:
    text = yaml_writer.scalar(value)
    assert "\n" not in text and text == text.strip()
    assert yaml.safe_load(f"key: {text}\n") == {"key": value}


def test_text_stays_as_written_not_escaped_nor_quoted_without_need() -> None:
    """PyYAML escapes non-ASCII as \\uXXXX and quotes words YAML 1.1 reads as booleans unless told."""
    assert yaml_writer.scalar("Café Zürich") == "Café Zürich"
    assert yaml_writer.scalar("acme") == "acme"
    assert yaml_writer.scalar("on") == "'on'"
    assert yaml_writer.flow(["東京", "a b"]) == "[東京, a b]"
    assert yaml_writer.flow({"count": 1, "name": "x"}) == "{count: 1, name: x}"
    assert yaml_writer.flow({"zones": ["a", "b"]}) == "{zones: [a, b]}"  # flow all the way down
    assert yaml_writer.flow(["a\nb", "x"]) == '["a\\nb", x]'  # a line break escaped: still one line


def test_a_long_flow_list_stays_on_one_line() -> None:
    values = [f"value-{i:03d}" for i in range(60)]
    text = yaml_writer.flow(values)
    assert "\n" not in text and yaml.safe_load(text) == values


def test_a_multi_line_string_is_refused_as_a_scalar_and_dumped_as_a_literal_block() -> None:
    with pytest.raises(ValueError, match="^a multi-line string is no flow scalar$"):
        yaml_writer.scalar("a\nb")
    assert yaml_writer.dump({"run": "echo a\necho b\n"}) == "run: |\n  echo a\n  echo b\n"
    assert yaml_writer.dump({"b": 1, "a": 2}) == "b: 1\na: 2\n"  # keys in their given order
