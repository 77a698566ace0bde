"""create_app: the web face as one ASGI app (Starlette), from a WebConfig."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import jinja2
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from lumen.assets import FONTS
from lumen.web import api, pages, staffpages
from lumen.web.body import BodyError
from lumen.web.config import WebConfig
from lumen.web.guard import Guard
from lumen.web.intake import Limited, WebState
from lumen.web.journal import Journal
from lumen.web.moderation import ModerationError
from lumen.web.staff import Sessions
from lumen.web.throttle import Throttle

HERE = Path(str(files("lumen.web")))


async def body_error(request: Request, err: BodyError) -> Response:
    if request.url.path.startswith("/api/"):
        return api.error_json(err)
    return pages.render(request, "problem.html", {"message": f"{err.field}: {err.message}"}, status=err.status)


async def limited(request: Request, err: Limited) -> Response:
    headers = {"Retry-After": str(err.retry_after)}
    if request.url.path.startswith("/api/"):
        what = "too many submissions" if err.status == 429 else "the journal cannot be written"
        return api.JSONResponse({"error": f"{what}: try again in {err.retry_after} s"},
                                status_code=err.status, headers=headers)
    return pages.render(request, "busy.html", {"retry_after": err.retry_after}, status=err.status, headers=headers)


async def moderation_error(request: Request, err: ModerationError) -> Response:
    return api.error_json(err)


def create_app(config: WebConfig, journal: Journal | None = None) -> Guard:
    """The app: resident page and API, staff page and API, static files, all behind the Guard."""
    config.journal.mkdir(parents=True, exist_ok=True)
    web = WebState(
        config=config, journal=journal or Journal(config.journal, config.today),
        throttle=Throttle(config.client_limit, config.total_limit, config.login_limit),
        sessions=Sessions(config.staff_token, config.session_seconds, config.clock),
    )
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    routes = [
        *pages.ROUTES, *api.ROUTES, *staffpages.ROUTES,
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        Mount("/fonts", StaticFiles(directory=FONTS), name="fonts"),
    ]
    app = Starlette(
        routes=routes, middleware=[Middleware(staffpages.StaffOnly)],
        exception_handlers={BodyError: body_error, Limited: limited, ModerationError: moderation_error},
    )
    app.state.web = web
    app.state.templates = Jinja2Templates(env=env)
    guarded = Guard(app, config.host_names())
    guarded.state = app.state  # tests and the server reach the WebState through the outer app too
    return guarded
