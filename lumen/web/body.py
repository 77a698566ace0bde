"""The submission body: one typed schema (msgspec) for JSON and form posts, and errors that name the field.

Messages never quote what was sent: a value typed into the wrong place may identify someone."""

from __future__ import annotations

import re
from typing import Annotated, Literal

import msgspec

from lumen.records.privacy import identifier_kind, name_looks_identifier, safe_field_name
from lumen.records.schema import AGE_BANDS, CHANNELS, DISTRICT_MAX_LEN, EVENT_KINDS, INCOME_BANDS
from lumen.web.choices import MAX_EVENTS, months_on_offer

MONTH_PATTERN = "^[0-9]{4}-(0[1-9]|1[0-2])$"
KEY_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")  # an idempotency key: random, made per form load


class EventIn(msgspec.Struct, forbid_unknown_fields=True):
    """One care event as a resident gives it: what, where, and roughly when (a month)."""

    month: Annotated[str, msgspec.Meta(pattern=MONTH_PATTERN)]
    kind: Literal[EVENT_KINDS]
    channel: Literal[CHANNELS]


class Submission(msgspec.Struct, forbid_unknown_fields=True):
    """A resident's answers: POST /api/journeys takes it as JSON, POST / as form fields."""

    district: Annotated[str, msgspec.Meta(min_length=1, max_length=DISTRICT_MAX_LEN)]
    age_band: Literal[AGE_BANDS]
    income_band: Literal[INCOME_BANDS]
    events: Annotated[list[EventIn], msgspec.Meta(max_length=MAX_EVENTS)]
    consent: bool


class BodyError(Exception):
    """A request body the app refuses: HTTP status, the JSON path at fault, a message without values."""

    def __init__(self, status: int, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.status, self.field, self.message = status, field, message


EXPECTED = {
    "district": "one of the districts on the form",
    "age_band": "one of " + ", ".join(AGE_BANDS),
    "income_band": "one of " + ", ".join(INCOME_BANDS),
    "events": f"a list of at most {MAX_EVENTS} events",
    "consent": "true: the box that agrees to share the answers must be ticked",
    "month": "a month as YYYY-MM (no day of the month: full dates are not kept)",
    "kind": "one of " + ", ".join(EVENT_KINDS),
    "channel": "one of " + ", ".join(CHANNELS),
}
_FIELDS = set(Submission.__struct_fields__)
_EVENT_FIELDS = set(EventIn.__struct_fields__)
_PATH_RE = re.compile(r"`(\$(?:\.[a-z_]+|\[\d+\])*)`\s*$")
_MISSING_RE = re.compile(r"missing required field `([a-z_]+)`")


def _unknown(key, prefix: str) -> BodyError:
    """An unknown field: said to be an identifier when its name looks like one (name, email, ...)."""
    text = key if isinstance(key, str) else ""
    field = f"{prefix}.{safe_field_name(text)}"
    if name_looks_identifier(text) or identifier_kind(text):
        return BodyError(422, field, "only the form's fields: direct identifiers (names, contact details, "
                         "dates of birth, notes) are not accepted")
    return BodyError(422, field, "only the form's fields")


def check_field_names(obj) -> None:
    """Refuse any field the schema lacks, naming it as the privacy guard does (before typed decoding)."""
    if not isinstance(obj, dict):
        raise BodyError(422, "$", "a JSON object with the form's fields")
    for key in obj:
        if key not in _FIELDS:
            raise _unknown(key, "$")
    events = obj.get("events")
    if isinstance(events, list):
        for i, ev in enumerate(events):
            for key in ev if isinstance(ev, dict) else ():
                if key not in _EVENT_FIELDS:
                    raise _unknown(key, f"$.events[{i}]")


def _typed(obj) -> Submission:
    """msgspec's strict conversion, its error turned into the field's path and our own words."""
    try:
        return msgspec.convert(obj, Submission, strict=True)
    except msgspec.ValidationError as err:
        text = str(err)
        m = _PATH_RE.search(text)
        path = m.group(1) if m else "$"
        missing = _MISSING_RE.search(text)
        if missing:
            path = f"{path}.{missing.group(1)}"
            raise BodyError(422, path, "this field is required: " + EXPECTED.get(missing.group(1), "a value")) from None
        name = re.sub(r"\[\d+\]$", "", path).rsplit(".", 1)[-1]
        raise BodyError(422, path, "expected " + EXPECTED.get(name, "a value of the form's kind")) from None


def check_choices(sub: Submission, districts: tuple[str, ...], first, today) -> None:
    """What the type cannot say: an offered district, a month on offer, consent given."""
    if sub.district not in districts:
        raise BodyError(422, "$.district", "one of the districts this exhibit shows: " + ", ".join(districts))
    months = {m for m, _ in months_on_offer(first, today)}
    for i, ev in enumerate(sub.events):
        if ev.month not in months:
            newest, oldest = max(months), min(months)
            raise BodyError(422, f"$.events[{i}].month", f"a month from {oldest} to {newest}")
    if not sub.consent:
        raise BodyError(422, "$.consent", EXPECTED["consent"])


def submission_from(obj, districts: tuple[str, ...], first, today) -> Submission:
    """A decoded body (dict) checked against the schema and the exhibit's choices."""
    check_field_names(obj)
    sub = _typed(obj)
    check_choices(sub, districts, first, today)
    return sub


def decode_json(raw: bytes):
    """The body's JSON value; a body that is not JSON is a 400."""
    try:
        return msgspec.json.decode(raw)
    except (msgspec.MsgspecError, ValueError, RecursionError):
        raise BodyError(400, "$", "a JSON object (the body is not valid JSON)") from None


def from_form(pairs: list[tuple[str, str]]) -> tuple[dict, str | None, list[int]]:
    """Form fields -> the JSON body's shape, the idempotency key, and each event's row on the page.
    Rows left wholly blank are skipped; a half-filled row is kept so its gap is named."""
    fields: dict = {}
    for name, value in pairs:
        if name in fields:
            raise BodyError(422, f"$.{safe_field_name(name)}", "each field once")
        fields[name] = value
    key = fields.pop("idempotency_key", None)
    obj: dict = {"consent": fields.pop("consent", "") == "yes", "events": []}
    for name in ("district", "age_band", "income_band"):
        if name in fields:
            obj[name] = fields.pop(name)
    rows = []
    for row in range(MAX_EVENTS):
        parts = {f: fields.pop(f"event-{row}-{f}", "") for f in ("kind", "channel", "month")}
        if any(parts.values()):
            obj["events"].append(parts)
            rows.append(row)
    for name in fields:  # anything else: refused by name, like an unknown JSON field
        raise _unknown(name, "$")
    return obj, key, rows


def idempotency_key(value: str | None) -> str | None:
    """A well-formed key, or None when absent; a malformed one is a 422."""
    if value is None or value == "":
        return None
    if not KEY_RE.fullmatch(value):
        raise BodyError(422, "Idempotency-Key", "16-64 characters of A-Z a-z 0-9 _ - (made per form load)")
    return value
