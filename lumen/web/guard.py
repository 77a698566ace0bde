"""Request guards: security headers on every response, known Host names, same-origin state changes,
strict content types and a body limit enforced while the body arrives.

Same origin: browsers send `Origin: null` on a POST when Referrer-Policy is no-referrer (Fetch
standard), so a POST passes when its Origin names this host, or, with Origin absent or null, when
`Sec-Fetch-Site: same-origin` (set by the browser, never by a page's script) or a Referer on this host
says so. A request with an Authorization header is exempt: a cross-site page cannot make a browser
send one (that would need CORS, which this app never grants), and the route checks the token."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lumen.web.body import BodyError

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
log = logging.getLogger("lumen.web")


def _netloc(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def same_origin(headers: Headers, scheme: str) -> bool:
    """Whether a state-changing browser request comes from a page of this host (see the module doc)."""
    here = f"{scheme}://{headers.get('host', '')}".lower()
    origin = headers.get("origin")
    if origin and origin != "null":
        return _netloc(origin) == here
    site = headers.get("sec-fetch-site")
    if site is not None:
        return site == "same-origin"
    referer = headers.get("referer")
    return bool(referer) and _netloc(referer) == here


class Guard:
    """ASGI middleware: Host names, same-origin state changes, security headers on every answer."""

    def __init__(self, app: ASGIApp, host_names: tuple[str, ...] | None):
        self.app = app
        self.host_names = host_names

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], *SECURITY_HEADERS]
            await send(message)

        refusal = self.refuse(scope, headers)
        if refusal is not None:
            await PlainTextResponse(refusal[1], status_code=refusal[0])(scope, receive, send_with_headers)
            return
        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as err:  # noqa: BLE001 - Starlette answered 500 already; log it without values
            # An exception's message may quote what was sent; its type and code lines cannot.
            where = "; ".join(f"{Path(f.filename).name}:{f.lineno}" for f in traceback.extract_tb(err.__traceback__))
            log.error("internal error: %s at %s", type(err).__name__, where)

    def refuse(self, scope: Scope, headers: Headers) -> tuple[int, str] | None:
        host = urlsplit("//" + headers.get("host", "")).hostname or ""
        if self.host_names is not None and host not in self.host_names:
            return 400, "unknown host name (start lumen web with --allowed-host NAME to accept it)\n"
        if scope["method"] not in SAFE_METHODS and "authorization" not in headers:
            if not same_origin(headers, scope.get("scheme", "http")):
                return 403, "refused: a change must come from a page of this site (Origin / Referer)\n"
        return None


def require_type(request: Request, media_type: str) -> None:
    """415 unless the body is declared as media_type (parameters such as charset allowed)."""
    declared = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if declared != media_type:
        raise BodyError(415, "Content-Type", f"expected {media_type}")


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 past `limit` bytes: by Content-Length before reading, else while reading."""
    length = request.headers.get("content-length")
    if length is not None:
        if not length.isdigit():
            raise BodyError(400, "Content-Length", "a byte count")
        if int(length) > limit:
            raise BodyError(413, "$", f"a body of at most {limit} bytes")
    parts, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyError(413, "$", f"a body of at most {limit} bytes")
        parts.append(chunk)
    return b"".join(parts)
