"""Rate limits (the `limits` library, in memory): per client and for everyone together.

A client is known by a keyed hash of its address, under a key made at start and never written, so
neither the address nor anything that maps back to it is stored, logged or kept past a restart."""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import time

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from lumen.errors import UserError


def limit_arg(text: str, option: str) -> RateLimitItem:
    """'10/minute' -> a limit; a malformed one is a user error naming the option."""
    try:
        return parse(text)
    except ValueError:
        raise UserError(f"{option} {text!r}: expected a rate such as 10/minute or 2/second") from None


class Throttle:
    """Moving-window limits: hit() says whether a request may go on, and if not, after how long."""

    def __init__(self, client_limit: str, total_limit: str, login_limit: str):
        self.client = limit_arg(client_limit, "--client-limit")
        self.total = limit_arg(total_limit, "--total-limit")
        self.login = limit_arg(login_limit, "--login-limit")
        self.limiter = MovingWindowRateLimiter(MemoryStorage())
        self.salt = secrets.token_bytes(32)

    def client_key(self, address: str) -> str:
        """A per-process pseudonym of a client address (memory only)."""
        return hmac.new(self.salt, address.encode(), hashlib.sha256).hexdigest()[:24]

    def _retry_after(self, item: RateLimitItem, *ids: str) -> int:
        reset = self.limiter.get_window_stats(item, *ids).reset_time
        return max(1, math.ceil(reset - time.time()))

    def submission(self, address: str) -> int | None:
        """None when a submission from this client may go on, else seconds until it may (Retry-After)."""
        who = self.client_key(address)
        if not self.limiter.hit(self.client, "submit", who):
            return self._retry_after(self.client, "submit", who)
        if not self.limiter.hit(self.total, "submit-all"):
            return self._retry_after(self.total, "submit-all")
        return None

    def login_attempt(self, address: str) -> int | None:
        """Like submission(), for staff token attempts (slows guessing)."""
        who = self.client_key(address)
        if not self.limiter.hit(self.login, "login", who):
            return self._retry_after(self.login, "login", who)
        return None
