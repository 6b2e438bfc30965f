"""Parse rendered HCL back in helper processes that start before we need them.

python-hcl2 costs about 0.1 s to import and load its parser, and parsing
the Sage render costs as much again; that is as long as everything else
`check` does. Forked first thing, the helpers pay the start-up cost while
the main process validates and renders, then parses the files and returns
the flattened leaves (plain data). One helper starts at once: with the main
process that fills two cores. A second one joins only for a large render,
where parsing outweighs its start-up cost. Where fork is unavailable, the
same work runs in-process.

Only python-hcl2 work happens in a helper: it never returns into the CLI
and always ends with os._exit.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
from dataclasses import dataclass

from .errors import TemplateError

Leaves = dict[str, object]
MAX_HELPERS = 2
SECOND_HELPER_BYTES = 256 * 1024  # about 0.5 s of parsing: worth a second helper's 0.1 s start


def _index(files: dict[str, str]) -> dict[str, Leaves]:
    """Each file's leaves on their own: phases render the same addresses in different directories."""
    from . import hclread  # imported late: in a helper, only python-hcl2 is loaded

    return {path: hclread.index({path: text}) for path, text in files.items()}


@dataclass
class _Helper:
    pid: int
    job_w: int
    result_r: int


class ParsePool:
    def __init__(self, helpers: int = 1) -> None:
        self._helpers: list[_Helper] = []
        self._forks = hasattr(os, "fork") and os.environ.get("SAGEGEN_NO_FORK") != "1"
        for _ in range(helpers if self._forks else 0):
            self._add_helper()

    def _add_helper(self) -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        self._helpers.append(_fork_helper([fd for h in self._helpers for fd in (h.job_w, h.result_r)]))

    def index(self, files: dict[str, str]) -> Leaves:
        """The flattened leaves of `files` (one root module), parsed by the helpers."""
        merged: Leaves = {}
        for leaves in self.index_files(files).values():
            merged.update(leaves)
        return merged

    def index_files(self, files: dict[str, str]) -> dict[str, Leaves]:
        """The flattened leaves of each file: from the cache, else parsed by the helpers (or here)."""
        from .cache import ParsedFiles

        cached = ParsedFiles()
        leaves = {path: cached.get(text) for path, text in files.items()}
        missing = {path: files[path] for path, found in leaves.items() if found is None}
        if missing:
            for path, parsed in self._parse(missing).items():
                leaves[path] = parsed
                cached.put(missing[path], parsed)
        self.close()
        return leaves

    def _parse(self, files: dict[str, str]) -> dict[str, Leaves]:
        if not self._helpers:
            return _index(files)
        wanted = min(MAX_HELPERS, os.cpu_count() or 1) if sum(map(len, files.values())) > SECOND_HELPER_BYTES else 1
        while len(self._helpers) < wanted:
            self._add_helper()
        shares = _shares(files, len(self._helpers))
        for helper, share in zip(self._helpers, shares):
            with os.fdopen(helper.job_w, "wb") as job:
                pickle.dump(share, job, protocol=pickle.HIGHEST_PROTOCOL)
        leaves: dict[str, Leaves] = {}
        errors = []
        for helper in self._helpers:
            with os.fdopen(helper.result_r, "rb") as result:
                payload = result.read()
            os.waitpid(helper.pid, 0)
            status, value = pickle.loads(payload) if payload else ("error", "a parse helper died")
            if status == "error":
                errors.append(value)
            else:
                leaves.update(value)
        self._helpers = []
        if errors:
            raise TemplateError("; ".join(errors))
        return leaves

    def close(self) -> None:
        """Stop unused helpers (the spec was invalid, or the cache held every file) without
        waiting for them to finish loading the parser."""
        for helper in self._helpers:
            for fd in (helper.job_w, helper.result_r):
                try:
                    os.close(fd)
                except OSError:
                    pass
            try:
                os.kill(helper.pid, signal.SIGKILL)
            except OSError:
                pass
            os.waitpid(helper.pid, 0)
        self._helpers = []

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _shares(files: dict[str, str], count: int) -> list[dict[str, str]]:
    """Split files into `count` shares of about equal size (largest first, to the lightest share)."""
    shares: list[dict[str, str]] = [{} for _ in range(count)]
    sizes = [0] * count
    for path, text in sorted(files.items(), key=lambda item: (-len(item[1]), item[0])):
        lightest = sizes.index(min(sizes))
        shares[lightest][path] = text
        sizes[lightest] += len(text)
    return shares


def _fork_helper(inherited: list[int]) -> _Helper:
    job_r, job_w = os.pipe()
    result_r, result_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        for fd in [job_w, result_r, *inherited]:  # keep only this helper's own ends
            os.close(fd)
        _serve(job_r, result_w)  # never returns
    os.close(job_r)
    os.close(result_w)
    return _Helper(pid, job_w, result_r)


def _serve(job_r: int, result_w: int) -> None:
    code = 0
    try:
        from . import hclread

        hclread.warm_up()
        with os.fdopen(job_r, "rb") as job:
            payload = job.read()
        if payload:  # empty: the parent closed without a job
            try:
                result: tuple[str, object] = ("ok", _index(pickle.loads(payload)))
            except TemplateError as exc:
                result = ("error", str(exc))
            with os.fdopen(result_w, "wb") as out:
                out.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    except BaseException:  # noqa: BLE001 - the parent reports a dead helper
        code = 1
    finally:
        os._exit(code)


def start() -> ParsePool:
    return ParsePool()
