"""Staff access: the token (from a file, or made once with mode 0600), sessions, and the check itself."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

from starlette.requests import Request

from lumen.errors import UserError

COOKIE = "lumen_staff"
TOKEN_MIN_CHARS = 16
TOKEN_FILE_NAME = "web-staff-token"


def load_or_create_token(path: Path) -> tuple[str, bool]:
    """The staff token in path, or a new one written there with mode 0600; True when just made."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        token = secrets.token_urlsafe(24)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(token + "\n")
        return token, True
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise UserError(f"{path}: the staff token file has mode {mode:04o}: expected a file only its owner "
                        f"can read (chmod 600 {path})")
    token = path.read_text(encoding="ascii", errors="replace").strip()
    if len(token) < TOKEN_MIN_CHARS or not token.isascii() or not token.isprintable():
        raise UserError(f"{path}: expected a staff token of at least {TOKEN_MIN_CHARS} printable ASCII "
                        "characters on one line (delete the file to have one made)")
    return token, False


def same_token(given: str, token: str) -> bool:
    """Constant-time comparison, so response timing tells nothing about how much of a guess was right."""
    return hmac.compare_digest(given.encode("utf-8", "replace"), token.encode())


class Sessions:
    """Staff sessions in memory: a random id in an HttpOnly cookie, valid for a fixed time."""

    def __init__(self, token: str, seconds: float, clock: Callable[[], float]):
        self.token = token
        self.seconds = seconds
        self.clock = clock
        self.expiry: dict[str, float] = {}  # sha256 of a session id -> when it ends (clock time)

    @staticmethod
    def _digest(sid: str) -> str:
        return hashlib.sha256(sid.encode("utf-8", "replace")).hexdigest()

    def open(self) -> str:
        """A new session id (for the cookie)."""
        now = self.clock()
        self.expiry = {k: t for k, t in self.expiry.items() if t > now}  # forget ended sessions
        sid = secrets.token_urlsafe(32)
        self.expiry[self._digest(sid)] = now + self.seconds
        return sid

    def close(self, sid: str | None) -> None:
        if sid:
            self.expiry.pop(self._digest(sid), None)

    def valid(self, sid: str | None) -> bool:
        return bool(sid) and self.expiry.get(self._digest(sid), 0.0) > self.clock()

    def is_staff(self, request: Request) -> bool:
        """A valid `Authorization: Bearer TOKEN`, or a live session cookie."""
        auth = request.headers.get("authorization", "")
        if auth[:7].lower() == "bearer ":
            return same_token(auth[7:].strip(), self.token)
        return self.valid(request.cookies.get(COOKIE))
