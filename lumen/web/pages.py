"""The resident's page: the form (GET /), its plain-HTML submission (POST /) and the receipt."""

from __future__ import annotations

import re
import secrets
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from lumen.web import choices
from lumen.web.body import BodyError, from_form
from lumen.web.guard import read_body, require_type
from lumen.web.intake import Limited, WebState, check_rate, rejected, submit
from lumen.web.journal import Receipt

NO_STORE = {"Cache-Control": "no-store"}  # each form load carries its own idempotency key
RECEIPT_RESET_S = 90  # the kiosk goes back to an empty form by itself, for the next resident
_EVENT_PATH = re.compile(r"^\$\.events\[(\d+)\]\.(\w+)$")


def render(request: Request, name: str, context: dict, status: int = 200, headers: dict | None = None) -> Response:
    """A template with the exhibit's title, never cached."""
    web: WebState = request.app.state.web
    return request.app.state.templates.TemplateResponse(
        request, name, {"title": web.config.title, **context}, status_code=status, headers={**NO_STORE, **(headers or {})})


def form_context(web: WebState, values: dict | None = None, error: dict | None = None) -> dict:
    """What resident.html needs: the choices, a fresh idempotency key, and any answers to keep."""
    cfg = web.config
    values = values or {}
    if "district" not in values and len(cfg.districts) == 1:
        values["district"] = cfg.districts[0]  # a kiosk's own neighbourhood, chosen already
    return {
        "districts": cfg.districts, "ages": choices.AGES, "incomes": choices.INCOMES, "kinds": choices.KINDS,
        "channels": choices.CHANNEL_CHOICES, "months": choices.months_on_offer(cfg.first_date, cfg.today()),
        "rows": range(choices.MAX_EVENTS), "shown_rows": 3, "values": values, "error": error,
        "key": values.get("idempotency_key") or secrets.token_urlsafe(24), "receipt": None,
    }


def page_error(err: BodyError, rows: list[int]) -> dict:
    """A form error in page terms: the message, and the id of the control at fault (for a link and focus)."""
    m = _EVENT_PATH.match(err.field)
    if m and int(m.group(1)) < len(rows):
        row = rows[int(m.group(1))]
        return {"message": f"Moment {row + 1}: {err.message}", "target": f"event-{row}-{m.group(2)}",
                "field": err.field}
    name = err.field.removeprefix("$.").split(".")[0].split("[")[0]
    target = {"district": "district-0", "age_band": "age_band-0", "income_band": "income_band-0",
              "consent": "consent", "events": "event-0-kind"}.get(name, "journey-form")
    return {"message": err.message, "target": target, "field": err.field}


def receipt_page(request: Request, receipt: Receipt) -> Response:
    return render(request, "receipt.html", {"receipt": receipt, "reset_s": RECEIPT_RESET_S})


async def resident_form(request: Request) -> Response:
    return render(request, "resident.html", form_context(request.app.state.web))


async def resident_submit(request: Request) -> Response:
    web: WebState = request.app.state.web
    values: dict = {}
    rows: list[int] = []
    try:
        check_rate(web, request)
        try:
            require_type(request, "application/x-www-form-urlencoded")
            raw = await read_body(request, web.config.max_body)
            pairs = parse_qsl(raw.decode("utf-8", "strict"), keep_blank_values=True)
            values = {k: v for k, v in pairs if not k.startswith("event-")}
            values["events"] = {k: v for k, v in pairs if k.startswith("event-")}
            obj, key, rows = from_form(pairs)
        except UnicodeDecodeError:
            raise rejected(web, BodyError(400, "$", "form fields as UTF-8 text")) from None
        except BodyError as err:
            raise rejected(web, err) from None
        receipt, _ = await submit(web, obj, key)
    except BodyError as err:
        return render(request, "resident.html", form_context(web, values, page_error(err, rows)), status=err.status)
    except Limited as err:
        return render(request, "busy.html", {"retry_after": err.retry_after}, status=err.status,
                      headers={"Retry-After": str(err.retry_after)})
    return receipt_page(request, receipt)


ROUTES = [
    Route("/", resident_form, methods=["GET"]),
    Route("/", resident_submit, methods=["POST"]),
]
