"""A hostile repository never hurts the user (issue 16).

`out/` is committed, so a pull request can plant anything there, and CI runs `sagegen check` on it;
the spec is edited by many hands. Each case below plants one thing (a file, a link, a FIFO, a spec
value) in a scratch repository and runs the commands a user or CI would. For every command: nothing
outside the output directory changes (every file hashed before and after, links and special files
included), the command ends within a time limit, and it exits 0, 1 or 2 with a message, never a
traceback. Each was reproduced on main at 586e137 (see the issue); the ids name what was found.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import SAGEGEN
from support import HANG

from sagegen.output.manifest import MANIFEST_NAME, digest

# A command that blocks on a FIFO or reads /dev/zero never ends on its own; one that works ends in
# seconds, or in minutes beside the e2e lane at nice 19 (ci44: 30 s expired for a working one).
TIME_LIMIT = HANG
MEMORY_LIMIT = 2 << 30  # bytes of address space: reading /dev/zero into memory fails instead of swapping


def fingerprint(root: Path, out: Path) -> dict[str, str]:
    """Every entry under `root` but inside `out`: what it is, and for a file its content's hash."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path == out or out in path.parents:
            continue
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            found[str(path)] = "link -> " + os.readlink(path)
        elif stat.S_ISREG(info.st_mode):
            found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[str(path)] = stat.filemode(info.st_mode)[0]
    return found


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def guarded(root: Path, out: Path, *args: str) -> subprocess.CompletedProcess:
    """Run sagegen in `root`; assert the promises every command keeps, whatever is planted."""
    before = fingerprint(root, out)
    result = subprocess.run(
        [*SAGEGEN, *args], cwd=root, capture_output=True, text=True, timeout=TIME_LIMIT, preexec_fn=_limits
    )
    said = result.stdout + result.stderr
    assert result.returncode in (0, 1, 2), f"sagegen {' '.join(args)}: exit {result.returncode}\n{said}"
    assert "Traceback" not in said and "internal error" not in said, said
    if result.returncode:  # an error, or check's verdict: either way said on stderr
        assert result.stderr.strip(), said
    assert fingerprint(root, out) == before, f"sagegen {' '.join(args)} changed something outside {out}"
    return result


RETIRED_JOURNAL, RETIRED_STAGING = ".sagegen-journal.json", ".sagegen-staging"  # sagegen before issue 23


def _journal(entries: dict, staging: bool = False, link: bool = False) -> Callable[[Path], None]:
    """A journal and staging directory as sagegen wrote them before issue 23 (it rolled them forward)."""

    def plant(out: Path) -> None:
        if link:
            (out / "link").symlink_to(out.parent / "elsewhere")
        if staging:
            (out / RETIRED_STAGING).mkdir()
            (out / RETIRED_STAGING / "victim.txt").write_text("the attacker's file")
        (out / RETIRED_JOURNAL).write_text(json.dumps(entries))

    return plant


def _link(name: str, target: str) -> Callable[[Path], None]:
    def plant(out: Path) -> None:
        link = out / name
        if link.is_dir() and not link.is_symlink():
            for child in sorted(link.rglob("*"), reverse=True):
                child.rmdir() if child.is_dir() else child.unlink()
            link.rmdir()
        else:
            link.unlink(missing_ok=True)
        link.symlink_to(target if target.startswith("/") else out.parent / target)

    return plant


def _fifo(name: str) -> Callable[[Path], None]:
    def plant(out: Path) -> None:
        (out / name).unlink()
        os.mkfifo(out / name)

    return plant


def _manifest_entry(path: str, target: str) -> Callable[[Path], None]:
    """A manifest that claims to own `path` (with the true hash of `target`, so the delete looks safe)."""

    def plant(out: Path) -> None:
        body = json.loads((out / MANIFEST_NAME).read_text())
        body["files"][path] = digest((out.parent / target).read_bytes())
        (out / MANIFEST_NAME).write_text(json.dumps(body))
        (out / "link").symlink_to(out.parent / "elsewhere")

    return plant


def _directory_in_place(name: str) -> Callable[[Path], None]:
    def plant(out: Path) -> None:
        (out / name).unlink()
        (out / name).mkdir()
        (out / name / "inside.txt").write_text("x")

    return plant


# name: (what is planted in out/, {command: (the exit code it must give, a fragment of its message)})
NEVER_READ = "this version never reads it"  # check names a planted journal or staging directory; render ignores it
SYMLINK = "symbolic link"
REPOSITORIES = {
    "journal-deletes-outside": (
        _journal({"writes": [], "deletes": ["../victim.txt"]}),
        {"render": (0, ""), "check": (1, NEVER_READ), "diff": (0, "")},
    ),
    "journal-deletes-absolute": (
        _journal({"writes": [], "deletes": ["/etc/hostname"]}),
        {"render": (0, ""), "check": (1, NEVER_READ), "diff": (0, "")},
    ),
    "journal-moves-a-staged-file-outside": (
        _journal({"writes": ["../victim.txt"], "deletes": []}, staging=True),
        {"render": (0, ""), "check": (1, NEVER_READ), "diff": (0, "")},
    ),
    "journal-deletes-through-a-link": (
        _journal({"writes": [], "deletes": ["link/victim.txt"]}, link=True),
        {"render": (0, ""), "check": (1, NEVER_READ)},
    ),
    "journal-is-a-link-to-dev-zero": (
        _link(RETIRED_JOURNAL, "/dev/zero"),
        {"render": (0, ""), "check": (1, NEVER_READ)},
    ),
    "module-directory-is-a-link-outside": (
        _link("terraform", "elsewhere"),
        {"render": (1, SYMLINK), "render --force": (1, SYMLINK), "check": (1, SYMLINK), "diff": (1, SYMLINK)},
    ),
    "manifest-owns-a-file-through-a-link": (
        _manifest_entry("link/victim.txt", "elsewhere/victim.txt"),
        {"render": (1, SYMLINK), "render --force": (1, SYMLINK), "check": (1, SYMLINK)},
    ),
    "manifest-path-holds-a-nul": (
        _manifest_entry("terraform/\u0000x.tf", "victim.txt"),
        {"render": (1, "corrupt manifest"), "check": (1, "corrupt manifest")},
    ),
    "generated-file-is-a-link-to-dev-zero": (
        _link("terraform/vpc.tf", "/dev/zero"),
        {"render": (1, SYMLINK), "render --force": (1, SYMLINK), "check": (1, SYMLINK), "diff": (1, SYMLINK)},
    ),
    "manifest-is-a-link-to-dev-zero": (
        _link(MANIFEST_NAME, "/dev/zero"),
        {"render": (1, SYMLINK), "check": (1, SYMLINK)},
    ),
    "generated-file-is-a-fifo": (
        _fifo("terraform/vpc.tf"),
        {c: (1, "not a regular file") for c in ("render", "render --force", "check", "diff")},
    ),
    "generated-file-is-a-directory": (
        _directory_in_place("terraform/vpc.tf"),
        {"render": (1, "directory"), "check": (1, "directory")},
    ),
    "staging-is-a-link-outside": (
        _link(RETIRED_STAGING, "elsewhere"),
        {"check": (1, NEVER_READ), "render": (0, "")},
    ),
    "temporary-name-is-a-link-to-a-user-file": (
        _link("terraform/.rds.tf.sagegen-tmp", "victim.txt"),
        {"render": (0, ""), "check": (0, "")},
    ),
}


@pytest.mark.parametrize("case", REPOSITORIES, ids=list(REPOSITORIES))
def test_a_planted_output_directory_hurts_nothing(repo: Path, case: str) -> None:
    plant, commands = REPOSITORIES[case]
    out = repo / "out"
    if case == "temporary-name-is-a-link-to-a-user-file":  # a render that writes rds.tf, through its temporary name
        spec = repo / "specs" / "sage.yaml"
        spec.write_text(spec.read_text().replace("allocated_storage: 20", "allocated_storage: 21"))
    plant(out)
    for command, (code, message) in commands.items():
        result = guarded(repo, out, *command.split())
        assert result.returncode == code, f"{case}: sagegen {command}: {result.stdout}{result.stderr}"
        assert message in result.stdout + result.stderr, f"{case}: sagegen {command}: {result.stderr}"


def test_a_spec_that_is_a_device_or_a_fifo_is_refused_at_once(repo: Path) -> None:
    """`validate /dev/zero` read for ever at 586e137 (the size limit was checked after reading)."""
    os.mkfifo(repo / "specs" / "fifo.yaml")
    for spec in ("/dev/zero", "specs/fifo.yaml"):
        for command in ("validate", "render", "check"):
            result = guarded(repo, repo / "out", command, spec)
            assert result.returncode == 1 and "not a regular file" in result.stderr, result.stderr


# name: (line of the MVP spec, its replacement, a fragment of the error) - each a spec as a hand could write it
SPECS = {
    "aws-secret-key-in-environment": (
        "    NODE_ENV: production",
        "    NODE_ENV: production\n    AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "service.environment.AWS_SECRET_ACCESS_KEY: AWS_SECRET_ACCESS_KEY is named like a credential",
    ),
    "stripe-key-as-a-value": (
        "    NODE_ENV: production",
        "    NODE_ENV: production\n    BILLING: sk_live_4eC39HqLyjWDarjtT1zdp7dc",
        "service.environment.BILLING: holds what looks like a Stripe key",
    ),
    "access-key-in-a-description": (
        "  description: Sage.ai Redis cluster",
        "  description: Sage.ai Redis AKIAIOSFODNN7EXAMPLE",
        "cache.description: holds what looks like an AWS access key ID",
    ),
    "two-secrets-one-name": (
        "    name: sentry-dsn",
        "    name: anthropic-api-key",
        "anthropic-api-key given to more than one secret",
    ),
    "a-secret-named-like-the-redis-token": (
        "    name: sentry-dsn",
        "    name: redis-auth-token",
        "is taken by the secret sagegen generates",
    ),
    "yaml-1.1-octal-port": ("  port: 5432", "  port: 05432", "database.port: 05432 is read as 2842 by YAML 1.1"),
    "yaml-1.1-octal-count": ("  desired_count: 2", "  desired_count: 010", "service.desired_count: 010 is read as 8"),
    "yaml-1.1-boolean-word": (
        "  multi_az: false",
        "  multi_az: off",
        "database.multi_az: off is read as False by YAML 1.1",
    ),
    "trailing-newline-in-a-bucket-name": (
        "  bucket_name: sage-frontend-prod",
        '  bucket_name: "sage-frontend-prod\\n"',
        "frontend.bucket_name: holds U+000A",
    ),
    "trailing-newline-in-a-phase-name": (
        "version: 1",
        'version: 1\nphase: "mvp\\n"\nphases:\n  mvp: {}',
        "phase: holds U+000A",
    ),
    "region-typo": (
        "region: us-west-2",
        "region: us-wset-2",
        "'us-wset-2' is not an AWS region; did you mean us-west-2?",
    ),
    "tag-key-with-a-template-sequence": (
        "region: us-west-2",
        "region: us-west-2\ntags:\n  team${x}: a",
        "tag key 'team${x}' holds '$'",
    ),
    "tag-key-with-a-combining-mark": (
        "region: us-west-2",
        "region: us-west-2\ntags:\n  te\u0301am: a",
        "holds '\u0301'",
    ),
    "tag-key-with-a-zero-width-joiner": (
        "region: us-west-2",
        "region: us-west-2\ntags:\n  te\u200dam: a",
        "holds U+200D (zero width joiner)",
    ),
    "tag-value-with-a-bidi-control": (
        "region: us-west-2",
        "region: us-west-2\ntags:\n  team: a\u202eb",
        "holds U+202E (right-to-left override)",
    ),
    "ttl-of-400-digits": ("    max: 86400", "    max: " + "9" * 400, "frontend.ttl.max: 400-digit number"),
    "integer-of-5000-digits": ("  desired_count: 2", "  desired_count: " + "7" * 5000, "5000-digit number"),
    "ttl-of-a-thousand-years": (
        "    max: 86400",
        "    max: 31536000000",
        "frontend.ttl.max: Input should be less than",
    ),
    "nesting-10000-deep": (
        "  desired_count: 2",
        "  desired_count: " + "[" * 10000 + "]" * 10000,
        "23:49: service.desired_count[0]",
    ),
    "infinite-number": ("    cpu_target: 70", "    cpu_target: .inf", "is not a finite number"),
    # Issue 23 (7): each reached elasticache.tf and RUNBOOK.md raw on 995cbe1.
    **{
        f"invisible-u+{ord(char):04x}": (
            "  description: Sage.ai Redis cluster",
            f"  description: Sage.ai Redis{char}cluster",
            f"cache.description: holds U+{ord(char):04X}",
        )
        for char in ("\u034f", "\u115f", "\u3164", "\u2800", "\uffa0")
    },
    "lone-combining-mark": (
        "  description: Sage.ai Redis cluster",
        "  description: \u0301Sage.ai Redis cluster",
        "cache.description: holds U+0301",
    ),
    "secret-takes-the-containers-database-url": (
        "    env: SENTRY_DSN",
        "    env: DATABASE_URL",
        "DATABASE_URL is set by sagegen",
    ),
}


@pytest.mark.parametrize("case", SPECS, ids=list(SPECS))
def test_a_hostile_spec_is_refused_with_its_place_and_writes_nothing(repo: Path, case: str) -> None:
    line, replacement, message = SPECS[case]
    spec = repo / "specs" / "sage.yaml"
    text = spec.read_text()
    assert text.count(line + "\n") == 1, f"{case}: the MVP spec no longer has {line!r}"
    spec.write_text(text.replace(line + "\n", replacement + "\n"))
    before = {str(p): p.read_bytes() for p in sorted((repo / "out").rglob("*")) if p.is_file()}
    for command in ("validate", "render"):
        result = guarded(repo, repo / "out", command)
        assert result.returncode == 1, f"{case}: sagegen {command} exited {result.returncode}\n{result.stdout}"
        assert "specs/sage.yaml:" in result.stderr and message in result.stderr, f"{case}: {result.stderr}"
    assert {str(p): p.read_bytes() for p in sorted((repo / "out").rglob("*")) if p.is_file()} == before


STUBBED = ["aws", "terraform", "docker", "git", "gh", "jq", "curl", "psql", "redis-cli", "pnpm", "npm", "sleep"]


def _hostile_spec(tmp_path: Path) -> tuple[Path, list[str]]:
    """The MVP spec with every text field the models accept it in set to shell code that would create
    a file `pwned-N...` in the current directory if it ever ran; returns the spec and the keys that took it."""
    import copy

    import yaml
    from helpers import key_paths, sage_data, write_spec

    from sagegen.errors import UserError
    from sagegen.spec.load import load_stack

    base = sage_data()
    accepted, data = [], copy.deepcopy(base)
    for n, path in enumerate(key_paths(base, leaves_only=True)):
        parent = base
        for key in path[:-1]:
            parent = parent[key]
        if not isinstance(parent[path[-1]], str):
            continue
        payload = f"{parent[path[-1]]} $(touch pwned-{n}a) `touch pwned-{n}b`"
        trial = copy.deepcopy(data)
        target = trial
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = payload
        try:
            load_stack(write_spec(tmp_path / "trial.yaml", trial))
        except UserError:
            continue
        data, accepted = trial, [*accepted, ".".join(map(str, path))]
    yaml.safe_dump(data)  # still data
    return write_spec(tmp_path / "hostile.yaml", data), accepted


def test_no_spec_text_runs_when_a_generated_command_block_is_pasted(tmp_path: Path) -> None:
    """Issue 16 (6, 3): at 586e137 `cache.description: '$(touch /tmp/x)'` ran when the RUNBOOK's restore
    block was pasted. Every ```sh block of the README and RUNBOOK, of a spec whose every free-text field
    is shell code, runs in bash with the CLIs stubbed (they print nothing and succeed): nothing runs."""
    from runbook import PLACEHOLDER, sections

    from sagegen.render.assemble import render_stack
    from sagegen.spec.load import load_stack

    spec, accepted = _hostile_spec(tmp_path)
    assert "cache.description" in accepted, accepted  # the field of the report, at least
    stack = load_stack(spec)
    files = render_stack(stack.live_spec, stack.live)
    stubs = tmp_path / "bin"
    stubs.mkdir()
    for name in STUBBED:
        (stubs / name).write_text("#!/bin/sh\nexit 0\n")
        (stubs / name).chmod(0o755)
    work = tmp_path / "work"
    work.mkdir()
    env = {"PATH": f"{stubs}:/usr/bin:/bin", "HOME": str(tmp_path), "LC_ALL": "C.UTF-8"}
    ran = 0
    for document in ("README.md", "RUNBOOK.md"):
        for heading, blocks in sections(files[document]).items():
            for block in blocks:
                script = PLACEHOLDER.sub("FILLED", block)
                # A quote of the payload that broke the block's syntax would hide code that runs: none may.
                parsed = subprocess.run(["bash", "-n", "-c", script], capture_output=True, text=True)
                assert parsed.returncode == 0, f"{document} / {heading}: spec text broke the shell syntax\n{script}"
                subprocess.run(
                    ["bash", "-c", script], cwd=work, env=env, capture_output=True, text=True, timeout=TIME_LIMIT
                )
                ran += 1
                created = sorted(p.name for p in work.glob("pwned*"))
                assert created == [], f"{document} / {heading}: running the block ran spec text: {created}"
    assert ran >= 15, ran


@pytest.fixture
def read_only_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every call that would change the disk fails as on a read-only mount (EROFS). (The suite runs as
    root in CI, where a chmod does not stop a write, so the calls themselves are refused.)"""
    import builtins
    import errno
    import io
    import shutil as shutil_module

    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    real_open, real_os_open = builtins.open, os.open

    def guarded_open(file, mode="r", *args, **kwargs):
        if any(flag in mode for flag in "wax+"):
            refuse()
        return real_open(file, mode, *args, **kwargs)

    def guarded_os_open(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC):
            refuse()
        return real_os_open(path, flags, *args, **kwargs)

    for module, name, replacement in [
        (builtins, "open", guarded_open),
        (io, "open", guarded_open),
        (os, "open", guarded_os_open),
        *[(os, n, refuse) for n in ("replace", "rename", "unlink", "remove", "rmdir", "mkdir", "makedirs", "mkfifo")],
        (shutil_module, "rmtree", refuse),
    ]:
        monkeypatch.setattr(module, name, replacement)


def test_check_diff_and_a_no_op_render_work_on_a_read_only_output(
    repo: Path, read_only_disk: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """Issue 16 (3): at 586e137 `check`, `diff` and a render with nothing to do exited 3 on a read-only out/."""
    from sagegen.cli import main

    monkeypatch.chdir(repo)
    for args in (["check"], ["diff"], ["render"]):
        assert main(args) == 0, capsys.readouterr()
    assert "24 unchanged" in capsys.readouterr().out


@pytest.fixture
def edited_spec(repo: Path) -> Path:
    spec = repo / "specs" / "edited.yaml"
    spec.write_bytes(
        (repo / "specs" / "sage.yaml").read_bytes().replace(b"allocated_storage: 20", b"allocated_storage: 21")
    )
    return spec


def test_a_render_that_must_write_to_a_read_only_output_says_so(
    repo: Path, edited_spec: Path, read_only_disk: None, capsys: pytest.CaptureFixture
) -> None:
    """The fixture above does refuse writes; a render that needs them ends in a clear error, not exit 3."""
    from sagegen.cli import main

    assert main(["render", str(edited_spec), "--out", str(repo / "out")]) == 1
    err = capsys.readouterr().err
    assert "Read-only file system" in err and "Traceback" not in err, err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["render", "--wait", "nan"], "'nan' is not a number of seconds"),
        (["render", "--wait", "inf"], "'inf' is not a number of seconds"),
        (["render", "--out", ""], "an empty path"),
        (["check", "--out", ""], "an empty path"),
        (["docs", "--svg", ""], "an empty path"),
        (["validate", ""], "an empty path"),
    ],
    ids=["wait-nan", "wait-inf", "render-out-empty", "check-out-empty", "svg-empty", "spec-empty"],
)
def test_a_command_line_that_names_nothing_or_never_ends_is_a_usage_error(
    repo: Path, args: list[str], message: str
) -> None:
    """Issue 16 (7): at 586e137 `--wait nan` waited for ever, `--out ''` rendered into the current
    directory, `docs --svg ''` exited 3."""
    result = guarded(repo, repo / "out", *args)
    assert result.returncode == 2 and message in result.stderr, result.stderr


def test_docs_svg_never_writes_through_a_planted_temporary_file(repo: Path) -> None:
    """Issue 16 (7): at 586e137 `docs --svg F` wrote to `.F.sagegen-tmp` first, following a link planted there."""
    import sys

    bin_dir = repo.parent / "bin"
    bin_dir.mkdir()
    (bin_dir / "dot").write_text(f"#!{sys.executable}\nimport sys\nprint('<svg>' + sys.stdin.read() + '</svg>')\n")
    (bin_dir / "dot").chmod(0o755)
    (repo / "docs").mkdir()
    (repo / "docs" / ".architecture.svg.sagegen-tmp").symlink_to(repo / "victim.txt")
    before = fingerprint(repo, repo / "nothing")
    env = dict(os.environ, PATH=f"{bin_dir}:{Path(sys.executable).parent}")
    result = subprocess.run(
        [*SAGEGEN, "docs", "--svg", "docs/architecture.svg"], cwd=repo, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    after = fingerprint(repo, repo / "nothing")
    assert after.pop(str(repo / "docs" / "architecture.svg"))  # the one file it was asked to write
    assert after == before and (repo / "victim.txt").read_text() == "the user's file"
