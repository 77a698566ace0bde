"""The staff page (/staff, for a tablet): login, the show's status and controls, moderation, counts.

Every /staff and /api/staff/ route answers 401 without a valid token or session (StaffOnly, below);
only the login form's POST is let through, and it is rate limited per client."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from lumen.web.api import moderate, queue, staff_status
from lumen.web.body import BodyError
from lumen.web.config import LOOPBACK
from lumen.web.guard import read_body, require_type
from lumen.web.intake import WebState, client_address
from lumen.web.moderation import MODES, ModerationError
from lumen.web.pages import render
from lumen.web.showlink import OSC_ACTIONS, send_action
from lumen.web.staff import COOKIE, same_token

LOGIN_PATH = "/staff/login"
ACTION_WORDS = {"prev": "Previous scene", "next": "Next scene", "pause": "Pause / resume", "blackout": "Blackout on / off",
                "reload": "Reload", "screenshot": "Screenshot"}


def login_page(request: Request, message: str = "", status: int = 401, headers: dict | None = None) -> Response:
    return render(request, "staff_login.html", {"message": message}, status=status, headers=headers)


class StaffOnly:
    """ASGI middleware: /staff... and /api/staff/... need staff (token or session), or answer 401."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        guarded = scope["type"] == "http" and (path == "/staff" or path.startswith(("/staff/", "/api/staff")))
        if guarded and not (path == LOGIN_PATH and scope["method"] == "POST"):
            request = Request(scope, receive)
            web: WebState = request.app.state.web
            if not web.sessions.is_staff(request):
                if path.startswith("/api/"):
                    response: Response = JSONResponse({"error": "staff only: send Authorization: Bearer TOKEN"},
                                                      status_code=401, headers={"WWW-Authenticate": "Bearer"})
                else:
                    response = login_page(request)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


async def _form(request: Request, web: WebState) -> dict[str, str]:
    require_type(request, "application/x-www-form-urlencoded")
    raw = await read_body(request, web.config.max_body)
    return dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))


def back(note: str) -> RedirectResponse:
    """Back to the staff page after an action, with a one-line note of what happened."""
    return RedirectResponse("/staff?" + urlencode({"note": note}), status_code=303)


async def staff_page(request: Request) -> Response:
    web: WebState = request.app.state.web
    return render(request, "staff.html", {
        "status": staff_status(web), "queue": queue(web), "actions": ACTION_WORDS, "modes": MODES,
        "note": request.query_params.get("note", "")[:200], "loopback": web.config.host in LOOPBACK,
    })


async def login(request: Request) -> Response:
    web: WebState = request.app.state.web
    retry = web.throttle.login_attempt(client_address(request))
    if retry is not None:
        return login_page(request, f"Too many tries: wait {retry} s.", 429, {"Retry-After": str(retry)})
    try:
        token = (await _form(request, web)).get("token", "")
    except BodyError as err:
        return login_page(request, "Could not read the form.", err.status)
    if not same_token(token.strip(), web.sessions.token):
        return login_page(request, "That token is not right.")
    response = RedirectResponse("/staff", status_code=303)
    response.set_cookie(COOKIE, web.sessions.open(), max_age=int(web.sessions.seconds), httponly=True,
                        samesite="strict", secure=request.url.scheme == "https", path="/")
    return response


async def logout(request: Request) -> Response:
    request.app.state.web.sessions.close(request.cookies.get(COOKIE))
    response = RedirectResponse("/staff", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


async def show_action(request: Request) -> Response:
    web: WebState = request.app.state.web
    action = request.path_params["action"]
    if action not in OSC_ACTIONS:
        return back("unknown action")
    send_action(action, web.config.show_osc_port)
    return back(f"sent to the show: {ACTION_WORDS[action]}")


async def moderate_form(request: Request) -> Response:
    web: WebState = request.app.state.web
    form = await _form(request, web)
    try:
        pid, status = await run_in_threadpool(moderate, web, form.get("id"), form.get("receipt"), form.get("action", ""))
    except ModerationError as err:
        return back(err.message)
    return back(f"{pid}: {status}")


async def mode_form(request: Request) -> Response:
    web: WebState = request.app.state.web
    mode = (await _form(request, web)).get("mode", "")
    try:
        await run_in_threadpool(web.journal.set_mode, mode)
    except ModerationError as err:
        return back(err.message)
    return back(f"moderation: {mode}")


ROUTES = [
    Route("/staff", staff_page, methods=["GET"]),
    Route(LOGIN_PATH, login, methods=["POST"]),
    Route("/staff/logout", logout, methods=["POST"]),
    Route("/staff/show/{action}", show_action, methods=["POST"]),
    Route("/staff/moderate", moderate_form, methods=["POST"]),
    Route("/staff/mode", mode_form, methods=["POST"]),
]
