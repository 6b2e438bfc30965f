"""The HCL encoder and formatter: values survive, layout is terraform fmt's."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import SAGE_SPEC

from sagegen.errors import TemplateError
from sagegen.render import hcl_reader
from sagegen.render.hcl import Expr, Interp, encode, encode_number
from sagegen.render.hclfmt import format_hcl
from sagegen.render.module import render
from sagegen.spec.load import load_stack


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('a"b', r'"a\"b"'),
        ("back\\slash", r'"back\\slash"'),
        ("line\nbreak\r\ttab", r'"line\nbreak\r\ttab"'),
        ("${var.x}", '"$${var.x}"'),
        ("%{if true}", '"%%{if true}"'),
        ("$${already}", '"$$${already}"'),
        ("bell\x07", '"bell\\u0007"'),
        ("nel\x85 ls\u2028", '"nel\\u0085 ls\\u2028"'),
        ("emoji 🚀 and 한국어", '"emoji 🚀 and 한국어"'),
    ],
)
def test_strings_are_escaped_by_the_hcl_rules(value: str, expected: str) -> None:
    assert encode(value) == expected


@pytest.mark.parametrize("value", ['a"b', "x\\y", "${var.x}", "%{ for }", "tab\tnl\n", "🚀", "$${x}", "a$", "%"])
def test_strings_read_back_equal(value: str) -> None:
    assert hcl_reader.literal(hcl_reader.parse(f"x = {encode(value)}\n")["x"]) == value


def test_lone_surrogates_are_refused() -> None:
    with pytest.raises(TemplateError):
        encode("\ud800")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (10**20, "100000000000000000000"),
        (70.0, "70.0"),
        (1e-7, "0.0000001"),
        (1e22, "10000000000000000000000.0"),
        (0.1, "0.1"),
        (-3, "-3"),
    ],
)
def test_numbers_never_use_exponents(value: float, expected: str) -> None:
    assert encode_number(value) == expected


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_non_finite_numbers_are_refused(value: float) -> None:
    with pytest.raises(TemplateError):
        encode(value)


def test_scalars_lists_and_maps() -> None:
    assert encode(None) == "null"
    assert encode(True) == "true"
    assert encode([1, "a"]) == '[1, "a"]'
    assert encode({"Name": "x", "awslogs-group": "g"}) == '{\nName = "x"\n"awslogs-group" = "g"\n}'
    assert encode([]) == "[]" and encode({}) == "{}"


def test_expressions_and_interpolations() -> None:
    assert encode(Expr("aws_vpc.main.id")) == "aws_vpc.main.id"
    assert encode(Interp(Expr("a.b"), ':"${x}"')) == '"${a.b}:\\"$${x}\\""'


def test_unknown_types_are_refused() -> None:
    with pytest.raises(TemplateError):
        encode(object())


def test_formatter_aligns_and_indents_like_terraform_fmt() -> None:
    raw = (
        'resource "x" "y" {\ncount = 2\ncidr_block = "a"\ntags = {\nName = "x"\nLongerName = "y"\n}\n\n\n'
        'nested {\na = "}"\n}\nd = "{"\n}\n'
    )
    assert format_hcl(raw) == (
        'resource "x" "y" {\n'
        "  count      = 2\n"
        '  cidr_block = "a"\n'
        "  tags = {\n"
        '    Name       = "x"\n'
        '    LongerName = "y"\n'
        "  }\n"
        "\n"
        "  nested {\n"
        '    a = "}"\n'
        "  }\n"
        '  d = "{"\n'
        "}\n"
    )


def test_formatter_refuses_an_open_string() -> None:
    with pytest.raises(TemplateError):
        format_hcl('x = "open\n')


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet='{}[]()"\\#/$% ax=', max_size=30))
def test_the_fast_bracket_count_agrees_with_the_full_scan(line: str) -> None:
    from sagegen.errors import TemplateError
    from sagegen.render.hclfmt import _bracket_change, _bracket_change_scanning

    try:
        expected = _bracket_change_scanning(line, 1)
    except TemplateError:
        with pytest.raises(TemplateError):
            _bracket_change(line, 1)
        return
    assert _bracket_change(line, 1) == expected


def test_parsing_from_threads_gives_each_its_own_files_data() -> None:
    """python-hcl2 parses wrongly from two threads at once; sagegen's reader takes one parse at a time. An
    e2e lane's impact, run beside another lane's, once saw a Tokyo module whose for_each did not expand."""
    files = [t for p, t in sorted(render(load_stack(SAGE_SPEC).spec("scale")).items()) if p.endswith(".tf")]
    hcl_reader._parsed.cache_clear()
    expected = [hcl_reader.parse(t) for t in files]
    wrong: list[int] = []

    def parse_all() -> None:
        for _ in range(2):
            hcl_reader._parsed.cache_clear()
            wrong.extend(i for i, t in enumerate(files) if hcl_reader.parse(t) != expected[i])

    threads = [threading.Thread(target=parse_all) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []
