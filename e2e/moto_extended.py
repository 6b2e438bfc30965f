"""moto's server, with narrow fixes for the calls the rendered stack makes, and strict rules.

Run as `python e2e/moto_extended.py -H 127.0.0.1 -p PORT`. The fixes (`fix_*`, e2e/moto_fixes.py) make
moto behave as AWS does for one call each; none changes what sagegen renders (docs/e2e.md lists them
with the evidence; e2e/UPSTREAM.md holds each as an issue for moto, with the release that should carry
it). The rules (`rule_*`, e2e/moto_rules.py) teach moto what AWS refuses or answers differently and moto
accepts: each guards a production failure an earlier render had (docs/aws-rules.md). The drills
(`drill_*`, beside the rules) are off unless a lane turns them on.

e2e/moto_checked.py refuses to start the server when a moto release changed code a patch relies on.
"""

from __future__ import annotations

import logging
import os
import sys

import moto_retries  # beside this file, which runs as a script
from moto_checked import CHECKED_ENV, MotoChanged, check, checked_token
from moto_fixes import FIXES as OTHER_FIXES
from moto_fixes_data import FIXES as DATA_FIXES
from moto_rules import AUTOMATIC_SNAPSHOT, DRILLS, FAIL_FIRST_DB_CREATE, RULES

__all__ = ["AUTOMATIC_SNAPSHOT", "FAIL_FIRST_DB_CREATE", "PATCHES"]

# Every patch into moto, in the order applied: the retry replay last, outermost, so a retried call is
# answered before any rule sees it again.
PATCHES = (*DATA_FIXES, *OTHER_FIXES, *RULES, *DRILLS, moto_retries.install)


def main() -> None:
    try:
        # Before any patch: each must meet the moto code it was checked against (unless the harness that
        # started this server checked this very installation and record).
        if os.environ.get(CHECKED_ENV) != checked_token():
            check(PATCHES)
    except MotoChanged as refused:
        sys.exit(f"moto_extended: {refused}")
    for patch in PATCHES:
        patch()
    # No line per request in the server's log: writing them cost the emulators more CPU than RDS; errors
    # ("Error on request") and the retry notes (moto_retries) are what the harness reads there.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    from moto.server import main as server_main

    server_main(sys.argv[1:])


if __name__ == "__main__":
    main()
