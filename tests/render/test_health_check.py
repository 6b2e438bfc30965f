"""The container health check works without curl: the rendered command, run with Node.js, against a server."""

from __future__ import annotations

import http.server
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from support import HANG, ROOT

from sagegen.render import hcl_reader


def rendered_command() -> list[str]:
    body = hcl_reader.resources(hcl_reader.parse((ROOT / "out" / "terraform" / "ecs.tf").read_text()))
    (container,) = hcl_reader.decode_jsonencode(body["aws_ecs_task_definition.backend"]["container_definitions"])
    return container["healthCheck"]["command"]


def serve(status: int) -> tuple[http.server.HTTPServer, int]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self.send_response(status if self.path == "/health" else 404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


@pytest.mark.parametrize("status, healthy", [(200, True), (204, True), (500, False), (None, False)])
def test_the_health_check_runs_with_node_alone(status: int | None, healthy: bool, tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (the backend image has it; this machine need not)")
    kind, program, flag, script = rendered_command()
    assert (kind, program, flag) == ("CMD", "node", "-e") and "curl" not in script
    server, port = serve(status) if status else (None, 1)  # port 1: nothing listens
    try:
        result = subprocess.run(
            [node, flag, script.replace("port:3000", f"port:{port}")], capture_output=True, timeout=HANG, cwd=tmp_path
        )
    finally:
        if server:
            server.shutdown()
    assert (result.returncode == 0) is healthy, result.stderr
