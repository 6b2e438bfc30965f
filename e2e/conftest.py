"""The emulator lane: the rendered stack applied to moto on 127.0.0.1 (docs/e2e.md). A lane of its own:
the fast suite (tests/) never imports it, nor boto3 or moto. It uses what both lanes share
(tests/support.py: paths, a real Terraform, figures) and the fast suite's readers of the generated
documents (tests/cases.py, tests/runbook.py), through tests/ on the path.

Run it alone with `scripts/test e2e` (or .venv/bin/python -m pytest e2e).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(1, str(Path(__file__).resolve().parent.parent / "tests"))

from support import (  # noqa: E402, F401 - fixtures and hooks pytest finds here
    FIGURES,
    ROOT,
    SAGE_SPEC,
    Terraform,
    pytest_collection_modifyitems,
    pytest_runtest_logreport,
    pytest_sessionfinish,
    pytest_terminal_summary,
    sage_files,
    sage_spec,
    terraform,
    write_tree,
)
