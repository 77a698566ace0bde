"""The same gate as files: records built from answers pass lumen.records' checks; months map to days."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from lumen.records.privacy import identifier_kind
from lumen.records.schema import ID_RE
from lumen.web.body import EventIn, Submission
from lumen.web.choices import month_day, months_on_offer
from lumen.web.gate import GateRejected, check_line, gated_line, line_of, new_id, new_receipt, record_of

FIRST = dt.date(2025, 1, 6)


def test_a_month_is_the_day_of_its_15th_from_day_0():
    assert month_day("2025-01", FIRST) == 9
    assert month_day("2025-02", FIRST) == 40
    assert month_day("2026-05", FIRST) == 494
    assert month_day("2025-01", dt.date(2025, 1, 20)) == 0, "the anchor's month never falls before day 0"


def test_months_run_from_the_anchor_to_today_newest_first():
    months = months_on_offer(FIRST, dt.date(2026, 12, 1))
    assert months[0] == ("2026-12", "December 2026") and months[-1] == ("2025-01", "January 2025")
    assert len(months) == 24


def test_ids_are_fresh_schema_1_pseudonyms_the_guard_accepts():
    ids = {new_id() for _ in range(2000)}
    assert len(ids) == 2000
    for pid in ids:
        assert ID_RE.match(pid) and re.fullmatch(r"web-[a-z]{16}", pid) and identifier_kind(pid) is None


def test_receipts_are_short_and_unambiguous():
    for code in (new_receipt() for _ in range(500)):
        assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code) and not set(code) & set("0O1IL5S2Z")


def test_events_are_sorted_by_day_ties_in_form_order():
    sub = Submission("Riverside", "0-17", "low", [EventIn("2026-02", "filling", "clinic"),
                                                  EventIn("2025-03", "checkup", "clinic"),
                                                  EventIn("2026-02", "missed", "none")], True)
    rec = record_of(sub, "web-aaaaaaaaaaaaaaaa", FIRST)
    assert [(e["day"], e["kind"]) for e in rec["events"]] == [(68, "checkup"), (405, "filling"), (405, "missed")]
    pid, line = gated_line(sub, FIRST)
    assert line.startswith(b'{"id":"' + pid.encode() + b'"') and line.endswith(b"\n") and line.count(b"\n") == 1


@pytest.mark.parametrize("changes, field, code", [
    ({"district": "jane@example.com"}, "$.district", "identifier_value"),
    ({"id": "555-123-4567"}, "$.id", "identifier_value"),
    ({"age_band": "40"}, "$.age_band", "bad_value"),
    ({"events": [{"day": 5, "kind": "checkup", "channel": "clinic"}, {"day": 1, "kind": "checkup", "channel": "clinic"}]},
     "$.events", "unsorted_days"),
    ({"name": "Jane"}, "$.name", "identifier_field"),
])
def test_the_records_gate_refuses_what_lumen_data_check_refuses(changes, field, code):
    rec = {"id": "web-aaaaaaaaaaaaaaaa", "district": "Riverside", "age_band": "0-17", "income_band": "low",
           "events": [], **changes}
    with pytest.raises(GateRejected) as err:
        check_line(line_of(rec))
    assert (field, code) in err.value.problems
