"""`.sagegen-manifest.json` read back (Manifest.loads): a pull request can put anything in it, so each shape that
is not one sagegen writes is refused by name, in the file's place, with the way out; each shape it writes
reads back as it was. (tests/output/test_hostile*.py plant whole directories through the CLI.)"""

from __future__ import annotations

import json

import pytest

from sagegen.errors import UserError
from sagegen.output.manifest import Manifest

DIGEST = "a" * 64
GOOD = {"generator": "sagegen", "format": 3, "spec_sha256": "s", "version": "1", "files": {"terraform/main.tf": DIGEST}}
HINT = "delete out/.sagegen-manifest.json and run `sagegen render --force` to take ownership of the output again"


def _read(**changes: object) -> Manifest:
    body = {**GOOD, **changes}
    return Manifest.loads(json.dumps({k: v for k, v in body.items() if v is not DROP}), "out/.sagegen-manifest.json")


DROP = object()
REFUSED = {
    "another generator": ({"generator": "other"}, "not a sagegen manifest of a known format"),
    "an unknown format": ({"format": 9}, "not a sagegen manifest of a known format"),
    "files not a map": ({"files": ["terraform/main.tf"]}, "'files' must map paths to sha256 digests"),
    "a short digest": ({"files": {"a.tf": "a" * 63}}, "'files' must map paths to sha256 digests"),
    "a digest not a string": ({"files": {"a.tf": 7}}, "'files' must map paths to sha256 digests"),
    "pending not a map": ({"pending": [None]}, "'pending' must map paths to sha256 digests or null"),
    "a pending short digest": ({"pending": {"a.tf": "b"}}, "'pending' must map paths to sha256 digests or null"),
    "a pending number": ({"pending": {"a.tf": 1}}, "'pending' must map paths to sha256 digests or null"),
    "terraform's state": (
        {"files": {"terraform/terraform.tfstate": DIGEST}},
        "'terraform/terraform.tfstate' is Terraform's own file, never sagegen's",
    ),
    "terraform's directory, pending": (
        {"pending": {"terraform/.terraform/x": None}},
        "'terraform/.terraform/x' is Terraform's own file, never sagegen's",
    ),
    "a path out": ({"files": {"../x": DIGEST}}, "path '../x' is not inside the output directory"),
    "an absolute path": ({"pending": {"/etc/x": None}}, "path '/etc/x' is not inside the output directory"),
    "a phase not a name": ({"phase": 3}, "'phase' must be a name and 'preview' true or false"),
    "preview not a boolean": ({"preview": "yes"}, "'phase' must be a name and 'preview' true or false"),
    "no digest of the spec": ({"spec_sha256": DROP}, "'spec_sha256'"),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_a_manifest_sagegen_did_not_write_is_refused_by_name(case: str) -> None:
    changes, said = REFUSED[case]
    with pytest.raises(UserError) as raised:
        _read(**changes)
    (problem,) = raised.value.problems
    assert (problem.message, problem.file) == (f"corrupt manifest: {said}", "out/.sagegen-manifest.json")
    assert raised.value.hint == HINT


def test_what_sagegen_writes_reads_back_as_it_was() -> None:
    plain = _read()
    assert (plain.files, plain.pending, plain.phase, plain.preview) == ({"terraform/main.tf": DIGEST}, {}, None, False)
    pending = {"terraform/main.tf": "b" * 64, "terraform/old.tf": None}
    kept = _read(format=1, pending=pending, phase="growth", preview=True)
    assert (kept.pending, kept.phase, kept.preview, kept.spec_sha256, kept.version) == (
        pending,
        "growth",
        True,
        "s",
        "1",
    )
    again = Manifest.loads(kept.dumps(), "m")
    assert (again.files, again.pending, again.phase, again.preview) == (kept.files, kept.pending, "growth", True)


PATHS_REFUSED = {
    "a control character": ("a/b\x1f.tf", "'a/b\\x1f.tf' is not a path"),
    "DEL": ("a/b\x7f.tf", "'a/b\\x7f.tf' is not a path"),
    "absolute": ("/etc/passwd", "path '/etc/passwd' is not inside the output directory"),
    "an empty part": ("a//b.tf", "path 'a//b.tf' is not inside the output directory"),
    "a dot": ("a/./b.tf", "path 'a/./b.tf' is not inside the output directory"),
    "a dot-dot": ("a/../b.tf", "path 'a/../b.tf' is not inside the output directory"),
    "33 directories deep": (
        "d/" * 32 + "f",
        "path " + repr(("d/" * 32 + "f")[:80]) + "... is deeper or longer than any sagegen writes",
    ),
    "1,025 bytes": ("a" * 200 + "/" + "b" * 200 + "/" + "c" * 200 + "/" + "d" * 200 + "/" + "e" * 221, None),
    "a 256-byte name": (
        "a/" + "n" * 256,
        "path " + repr(("a/" + "n" * 256)[:80]) + "... has a name longer than 255 bytes",
    ),
}
PATHS_KEPT = [
    "a b/c-d.tf",
    "d/" * 31 + "f",
    "a/" + "n" * 255,
    "x" * 200 + "/" + "y" * 200 + "/" + "z" * 200 + "/" + "w" * 200 + "/" + "v" * 220,
]


@pytest.mark.parametrize("case", PATHS_REFUSED, ids=list(PATHS_REFUSED))
def test_a_path_sagegen_would_not_write_is_refused_by_name(case: str) -> None:
    path, said = PATHS_REFUSED[case]
    with pytest.raises(UserError) as raised:
        _read(files={path: DIGEST})
    expected = said or "path " + repr(path[:80]) + "... is deeper or longer than any sagegen writes"
    assert raised.value.problems[0].message == f"corrupt manifest: {expected}"


@pytest.mark.parametrize("path", PATHS_KEPT, ids=["a space", "32 deep", "a 255-byte name", "1,024 bytes"])
def test_a_path_at_each_limit_is_kept(path: str) -> None:
    assert len(path.encode()) <= 1024 and _read(files={path: DIGEST}).files == {path: DIGEST}


def test_json_nested_deeper_than_the_parser_goes_is_refused_by_name() -> None:
    with pytest.raises(UserError) as raised:
        Manifest.loads("[" * 200_000 + "]" * 200_000, "out/.sagegen-manifest.json")
    (problem,) = raised.value.problems
    assert (problem.message, problem.file) == ("corrupt manifest: nested too deeply", "out/.sagegen-manifest.json")
    assert raised.value.hint == HINT


def test_a_render_under_way_is_written_in_its_own_format_and_owns_both_digests() -> None:
    """An interrupted render's manifest (format 3) names the files it was writing with their new digests;
    a reader that predates it must not take it for a finished one (format 2)."""
    done = _read(format=2)
    under_way = Manifest.loads(_read(pending={"terraform/main.tf": "b" * 64}).dumps(), "m")
    assert json.loads(done.dumps())["format"] == 2 and json.loads(under_way.dumps())["format"] == 3
    assert under_way.owned("terraform/main.tf") == {DIGEST, "b" * 64} and under_way.owned("x.tf") == set()
