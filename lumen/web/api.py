"""The JSON API: residents' submissions and districts; staff status, queue, moderation and show actions."""

from __future__ import annotations

import time

import msgspec
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from lumen.web.body import BodyError, decode_json
from lumen.web.guard import read_body, require_type
from lumen.web.intake import WebState, check_rate, rejected, submit
from lumen.web.moderation import ModerationError
from lumen.web.showlink import OSC_ACTIONS, send_action, show_status


class ModerationIn(msgspec.Struct, forbid_unknown_fields=True):
    """POST /api/staff/moderation: a journey (by id, or by the resident's receipt code) and an action."""

    action: str
    id: str | None = None
    receipt: str | None = None


class ModeIn(msgspec.Struct, forbid_unknown_fields=True):
    """POST /api/staff/mode: "auto" (approve every accepted journey) or "hold" (staff approve each)."""

    mode: str


def error_json(err: BodyError | ModerationError, headers: dict | None = None) -> JSONResponse:
    """An error as JSON: the field at fault (when there is one) and what was expected."""
    body = {"error": err.message}
    if isinstance(err, BodyError):
        body = {"field": err.field, "error": f"{err.field}: {err.message}"}
    return JSONResponse(body, status_code=err.status, headers=headers)


def _web(request: Request) -> WebState:
    return request.app.state.web


async def post_journey(request: Request) -> JSONResponse:
    web = _web(request)
    check_rate(web, request)
    try:
        require_type(request, "application/json")
        obj = decode_json(await read_body(request, web.config.max_body))
    except BodyError as err:
        raise rejected(web, err) from None
    receipt, created = await submit(web, obj, request.headers.get("idempotency-key"))
    return JSONResponse({"receipt": receipt.code, "district": receipt.district, "status": receipt.status},
                        status_code=201 if created else 200)


async def get_districts(request: Request) -> JSONResponse:
    return JSONResponse({"districts": list(_web(request).config.districts)})


def staff_status(web: WebState) -> dict:
    """Everything the staff page shows, as one dict (the page and GET /api/staff/status share it)."""
    cfg = web.config
    return {
        "show": show_status(cfg.status_file, time.time()),
        "journal": web.journal.counts(),
        "since_start": {k: web.counts[k] for k in ("accepted", "replayed", "rejected", "limited")},
        "moderation": web.journal.mode,
        "listening": f"{cfg.host}:{cfg.port}",
    }


async def get_staff_status(request: Request) -> JSONResponse:
    return JSONResponse(staff_status(_web(request)))


def queue(web: WebState) -> dict:
    """Held journeys (their answers, no receipt code) and the newest approved ones."""
    with web.journal.cv:
        held = [msgspec.json.decode(line) for line in web.journal.held.values()]
        recent = [{"id": i, "district": d, "day": day} for i, d, day in web.journal.recent
                  if web.journal.status.get(i) == "approved"]
    return {"held": held, "recent": recent}


async def get_queue(request: Request) -> JSONResponse:
    return JSONResponse(queue(_web(request)))


def moderate(web: WebState, pid: str | None, code: str | None, action: str) -> tuple[str, str]:
    """Apply a decision to a journey named by id or receipt code; returns (id, new status)."""
    if code:
        receipt = web.journal.by_code.get(code.strip().upper())
        if receipt is None:
            raise ModerationError(404, "no journey has that receipt code")
        pid = receipt.id
    if not pid:
        raise ModerationError(422, "expected an id or a receipt code")
    return pid, web.journal.moderate(pid, action)


async def _staff_body(request: Request, web: WebState, kind):
    require_type(request, "application/json")
    try:
        return msgspec.json.decode(await read_body(request, web.config.max_body), type=kind)
    except msgspec.ValidationError as err:
        raise BodyError(422, "$", f"expected the fields of {kind.__name__}: {kind.__doc__}") from err
    except msgspec.DecodeError:
        raise BodyError(400, "$", "a JSON object (the body is not valid JSON)") from None


async def post_moderation(request: Request) -> JSONResponse:
    web = _web(request)
    body = await _staff_body(request, web, ModerationIn)
    pid, status = await run_in_threadpool(moderate, web, body.id, body.receipt, body.action)
    return JSONResponse({"id": pid, "status": status})


async def post_mode(request: Request) -> JSONResponse:
    web = _web(request)
    body = await _staff_body(request, web, ModeIn)
    await run_in_threadpool(web.journal.set_mode, body.mode)
    return JSONResponse({"moderation": body.mode})


async def post_show_action(request: Request) -> JSONResponse:
    action = request.path_params["action"]
    if action not in OSC_ACTIONS:
        return JSONResponse({"error": "expected one of " + ", ".join(OSC_ACTIONS)}, status_code=404)
    address = send_action(action, _web(request).config.show_osc_port)
    return JSONResponse({"sent": address}, status_code=202)


ROUTES = [
    Route("/api/journeys", post_journey, methods=["POST"]),
    Route("/api/districts", get_districts, methods=["GET"]),
    Route("/api/staff/status", get_staff_status, methods=["GET"]),
    Route("/api/staff/queue", get_queue, methods=["GET"]),
    Route("/api/staff/moderation", post_moderation, methods=["POST"]),
    Route("/api/staff/mode", post_mode, methods=["POST"]),
    Route("/api/staff/show/{action}", post_show_action, methods=["POST"]),
]
