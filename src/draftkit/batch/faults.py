"""Test-only hooks at the batch's step boundaries, for the fault-injection suite.

`DRAFTKIT_FAULT=die:POINT` kills the process with SIGKILL when the batch reaches POINT;
`DRAFTKIT_FAULT=pause:POINT` writes POINT and a newline to the file descriptor in
`DRAFTKIT_FAULT_REACHED_FD` and waits for a byte on `DRAFTKIT_FAULT_GO_FD`. Unset (always,
outside the tests) each hook is one dictionary look-up.
"""

from __future__ import annotations

import os
import signal

ENV = "DRAFTKIT_FAULT"
ENV_REACHED_FD = "DRAFTKIT_FAULT_REACHED_FD"
ENV_GO_FD = "DRAFTKIT_FAULT_GO_FD"

#: Every step boundary of a batch, in order.
POINTS = (
    "rendered",  # every file's bytes in memory; nothing on disk or in the register
    "locked",  # the reference's lock held, earlier runs recovered
    "pending",  # the journal entry committed: the batch is pending
    "staged",  # every file written and flushed in the hidden staging folder
    "installed",  # the staging folder renamed into place, the old set set aside
    "complete",  # the batch's rows committed and its journal entry complete
)


def point(name: str) -> None:
    """The batch has reached step boundary `name`: die or pause here if the test asked."""
    spec = os.environ.get(ENV)
    if not spec:
        return
    action, _, where = spec.partition(":")
    if where != name:
        return
    if action == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    elif action == "pause":
        os.write(int(os.environ[ENV_REACHED_FD]), f"{name}\n".encode())
        os.read(int(os.environ[ENV_GO_FD]), 1)
