"""One path for every submission, form or JSON: limits, the body schema, the records gate, the journal."""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from dataclasses import dataclass, field

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from lumen.web.body import BodyError, idempotency_key, submission_from
from lumen.web.config import WebConfig
from lumen.web.gate import GateRejected, gated_line, new_receipt
from lumen.web.journal import Journal, JournalUnavailable, Receipt
from lumen.web.staff import Sessions
from lumen.web.throttle import Throttle

log = logging.getLogger("lumen.web")


UNAVAILABLE_RETRY_S = 30


class Limited(Exception):
    """Not now: 429 (too many requests) or 503 (the journal cannot be written), with Retry-After."""

    def __init__(self, retry_after: int, status: int = 429):
        super().__init__(f"retry after {retry_after} s")
        self.retry_after, self.status = retry_after, status


@dataclass
class WebState:
    """What every route reaches through request.app.state.web."""

    config: WebConfig
    journal: Journal
    throttle: Throttle
    sessions: Sessions
    counts: Counter = field(default_factory=Counter)  # outcomes since start: accepted, replayed, rejected, limited


def client_address(request: Request) -> str:
    """The peer address, used only to key rate limits (through Throttle.client_key, in memory)."""
    return request.client.host if request.client else "unknown"


def check_rate(web: WebState, request: Request) -> None:
    """Raise Limited when this client, or everyone together, has sent too many submissions."""
    retry = web.throttle.submission(client_address(request))
    if retry is not None:
        web.counts["limited"] += 1
        log.info("submission refused: rate limit (%d refused since start)", web.counts["limited"])
        raise Limited(retry)


def rejected(web: WebState, err: BodyError) -> BodyError:
    """Count and log a refused body by its field and status only: its values are never written."""
    web.counts["rejected"] += 1
    log.info("submission rejected: %s (%d); %d rejected since start", err.field, err.status, web.counts["rejected"])
    return err


async def submit(web: WebState, obj, key: str | None) -> tuple[Receipt, bool]:
    """Check a decoded body and write it; returns its receipt and whether it is new (False: a replay)."""
    cfg = web.config
    try:
        key = idempotency_key(key)
        sub = submission_from(obj, cfg.districts, cfg.first_date, cfg.today())
        pid, line = gated_line(sub, cfg.first_date)
    except BodyError as err:
        raise rejected(web, err) from None
    except GateRejected as err:  # the records gate refused what the form allowed: name the field
        field_, code = err.problems[0]
        raise rejected(web, BodyError(422, field_, f"refused by the records check ({code})")) from None
    key_hash = hashlib.sha256(key.encode()).hexdigest()[:32] if key else None
    try:
        receipt, created = await run_in_threadpool(web.journal.submit, key_hash, pid, line, sub.district, new_receipt)
    except JournalUnavailable as err:
        web.counts["unavailable"] += 1
        log.error("submission not stored: the journal cannot be written (%s)", type(err.__cause__ or err).__name__)
        raise Limited(UNAVAILABLE_RETRY_S, status=503) from None
    outcome = ("accepted" if created else "replayed")
    web.counts[outcome] += 1
    log.info("submission %s (%s); %d accepted, %d replayed since start", outcome, receipt.status,
             web.counts["accepted"], web.counts["replayed"])
    return receipt, created
