"""Moderation: the modes, and which decisions may follow which (nothing is ever deleted).

    held --approve--> approved --remove--> removed
    held --remove---> removed          (never shown)
"""

from __future__ import annotations

MODES = ("auto", "hold")  # auto: every accepted journey goes to the wall; hold: staff approve each
ACTIONS = {"approve": "approved", "remove": "removed"}
_ALLOWED = {("held", "approve"), ("held", "remove"), ("approved", "remove")}


class ModerationError(Exception):
    """A decision that cannot be made: HTTP status and a message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def next_status(current: str, action: str) -> str:
    """The status after an action, or a ModerationError (404 unknown action, 409 not from this status)."""
    if action not in ACTIONS:
        raise ModerationError(422, "expected an action: " + " or ".join(ACTIONS))
    if (current, action) not in _ALLOWED:
        raise ModerationError(409, f"a {current} journey cannot be {ACTIONS[action]}")
    return ACTIONS[action]
