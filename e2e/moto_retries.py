"""The emulator answers each call once, however often the client sends it.

The AWS SDKs retry a call whose response they did not get (a reset or dropped connection, a timeout),
under the same `amz-sdk-invocation-id` header, with `amz-sdk-request: attempt=N`. Five emulators and
their Terraform runs on two cores now and then lose a response the emulator did send, after it had
done the work: the retry of a create then meets what the first attempt made (`WAFDuplicateItem` for
a web ACL the apply never heard about) and the e2e fails for a reason that is not the render's.

So a retry of a call the emulator finished with a 2xx is answered with that response, not run again:
what the client would have read had the first response arrived. Every other retry runs as sent (an
error may be gone by then, as the SDK expects). Each retry is logged to the emulator's log with the
marker below, so the e2e can count them and show them when it fails. GET and HEAD are idempotent
and large (S3 objects): they always run.
"""

from __future__ import annotations

import functools
import io
import re
import sys
import threading
import time
from collections import OrderedDict
from urllib.parse import parse_qs

from moto_checked import relies_on

MARKER = "sagegen-emulator: retry"
KEPT_FOR = 600.0  # seconds a call is remembered: an SDK retries within a minute (backoff at most 20 s)
LARGEST = 1 << 20  # bytes of a response kept for a retry; a larger one is run again
BUDGET = 64 << 20  # bytes of responses kept at once; the oldest calls are forgotten first
WAIT = 300.0  # seconds a retry waits for its first attempt still being served


class Call:
    """One invocation's first attempt: done once its response is known."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.done = threading.Event()
        self.response: tuple[str, list, bytes] | None = None  # kept only for a 2xx small enough

    @property
    def size(self) -> int:
        return len(self.response[2]) if self.response else 0


def attempt(environ: dict) -> int:
    found = re.search(r"attempt=(\d+)", environ.get("HTTP_AMZ_SDK_REQUEST", ""))
    return int(found.group(1)) if found else 1


def operation(environ: dict) -> str:
    """`<service> <operation>` for the log: the signing scope's service, the JSON target or the query Action."""
    scope = re.search(r"Credential=[^/]*/[^/]*/[^/]*/([^/]*)/", environ.get("HTTP_AUTHORIZATION", ""))
    service = scope.group(1) if scope else "?"
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        return f"{service} {target.rpartition('.')[2]}"
    if environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        environ["wsgi.input"] = io.BytesIO(body)  # read once here, again by the application
        action = parse_qs(body.decode(errors="replace")).get("Action")
        if action:
            return f"{service} {action[0]}"
    return f"{service} {environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')}"


def log(n: int, environ: dict, invocation: str, outcome: str) -> None:
    print(f"{MARKER} {n} of {operation(environ)} ({invocation}): {outcome}", file=sys.stderr, flush=True)


class Calls:
    """The calls served lately, by invocation id, oldest first; at most KEPT_FOR seconds and BUDGET bytes."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.calls: OrderedDict[str, Call] = OrderedDict()
        self.size = 0

    def first(self, invocation: str) -> Call:
        with self.lock:
            earlier = self.calls.pop(invocation, None)  # a later attempt's response is the one to give
            self.size -= earlier.size if earlier else 0
            call = self.calls[invocation] = Call()
            while self.calls:
                oldest = next(iter(self.calls.values()))
                if oldest.started > call.started - KEPT_FOR and self.size <= BUDGET:
                    break
                self.size -= self.calls.popitem(last=False)[1].size
            return call

    def keep(self, invocation: str, call: Call, response: tuple[str, list, bytes]) -> None:
        with self.lock:
            call.response = response  # a retry already waiting on it gets it even when it is forgotten
            if self.calls.get(invocation) is call:
                self.size += call.size

    def earlier(self, invocation: str) -> Call | None:
        with self.lock:
            return self.calls.get(invocation)


def serve(app, environ: dict, start_response, calls: Calls, invocation: str) -> list[bytes]:
    """Run the call; keep its response for a retry when it is a 2xx no larger than LARGEST."""
    call = calls.first(invocation)
    said: list = []

    def keep(status, headers, exc_info=None):
        said[:] = [status, headers]
        return start_response(status, headers, exc_info)

    try:
        body = b"".join(app(environ, keep))
        if said and said[0].startswith("2") and len(body) <= LARGEST:
            calls.keep(invocation, call, (said[0], list(said[1]), body))
        return [body]
    finally:
        call.done.set()


@relies_on("moto.moto_server.werkzeug_app:DomainDispatcherApplication.__call__")
def install() -> None:
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication

    dispatch = DomainDispatcherApplication.__call__
    calls = Calls()

    def call(self, environ, start_response):
        invocation = environ.get("HTTP_AMZ_SDK_INVOCATION_ID")
        app = functools.partial(dispatch, self)
        if not invocation or environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            return app(environ, start_response)
        n = attempt(environ)
        earlier = calls.earlier(invocation) if n > 1 else None
        if earlier is not None and earlier.done.wait(WAIT) and earlier.response is not None:
            status, headers, body = earlier.response
            # Not run again; the unread body is drained by the server (werkzeug reads what is left).
            log(n, environ, invocation, f"answered {status} as the first time")
            start_response(status, headers)
            return [body]
        if n > 1:
            log(n, environ, invocation, "run again")
        return serve(app, environ, start_response, calls, invocation)

    DomainDispatcherApplication.__call__ = call
