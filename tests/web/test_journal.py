"""The journal folder: append-only files, a torn tail after a power cut, a crash between receipt and journey."""

from __future__ import annotations

import datetime as dt
import json
import stat

from lumen.records import load_records
from lumen.web.gate import line_of, new_receipt
from lumen.web.journal import Journal


def record(pid: str) -> bytes:
    return line_of({"id": pid, "district": "Riverside", "age_band": "0-17", "income_band": "low", "events": []})


def test_one_file_a_day_appended_never_rewritten(tmp_path):
    day = [dt.date(2026, 12, 1)]
    journal = Journal(tmp_path, today=lambda: day[0])
    journal.submit(None, "web-aaaaaaaaaaaaaaaa", record("web-aaaaaaaaaaaaaaaa"), "Riverside", new_receipt)
    day[0] = dt.date(2026, 12, 2)
    journal.submit(None, "web-bbbbbbbbbbbbbbbb", record("web-bbbbbbbbbbbbbbbb"), "Riverside", new_receipt)
    names = sorted(p.name for p in tmp_path.glob("journeys-*.jsonl"))
    assert names == ["journeys-2026-12-01.jsonl", "journeys-2026-12-02.jsonl"]
    assert load_records(sorted(tmp_path.glob("journeys-*.jsonl"))).accepted == 2


def test_private_files_are_private(tmp_path):
    journal = Journal(tmp_path)
    journal.submit("k" * 32, "web-aaaaaaaaaaaaaaaa", record("web-aaaaaaaaaaaaaaaa"), "Riverside", new_receipt)
    assert stat.S_IMODE((tmp_path / "web").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "web" / "receipts.jsonl").stat().st_mode) == 0o600


def test_a_torn_last_line_is_ended_and_kept_and_the_next_line_starts_clean(tmp_path):
    path = tmp_path / "journeys-2026-12-01.jsonl"
    path.write_bytes(record("web-aaaaaaaaaaaaaaaa") + b'{"id":"web-torn')  # a power cut mid-line
    journal = Journal(tmp_path, today=lambda: dt.date(2026, 12, 1))
    journal.submit(None, "web-bbbbbbbbbbbbbbbb", record("web-bbbbbbbbbbbbbbbb"), "Riverside", new_receipt)
    lines = path.read_bytes().split(b"\n")
    assert lines[1] == b'{"id":"web-torn', "nothing is deleted"
    assert json.loads(lines[2])["id"] == "web-bbbbbbbbbbbbbbbb"
    result = load_records([path])
    assert (result.accepted, result.quarantined) == (2, 1)


def test_a_receipt_whose_journey_never_landed_is_forgotten(tmp_path):
    # A crash after the receipt's fsync and before the journey's: the form was never told "accepted".
    web = tmp_path / "web"
    web.mkdir()
    (web / "receipts.jsonl").write_text(json.dumps(
        {"key": "k" * 32, "receipt": "AAAA-AAAA", "id": "web-lostlostlostlost", "district": "Riverside",
         "day": "2026-12-01"}) + "\n")
    journal = Journal(tmp_path)
    assert "k" * 32 not in journal.by_key and journal.counts()["approved"] == 0
    receipt, created = journal.submit("k" * 32, "web-cccccccccccccccc", record("web-cccccccccccccccc"), "Riverside",
                                      new_receipt)
    assert created and receipt.id == "web-cccccccccccccccc"
    again = Journal(tmp_path)
    assert again.by_key["k" * 32] == receipt, "the later, complete receipt wins after a restart"


def test_counts_come_back_after_a_restart(tmp_path):
    journal = Journal(tmp_path)
    for pid in ("web-aaaaaaaaaaaaaaaa", "web-bbbbbbbbbbbbbbbb"):
        journal.submit(None, pid, record(pid), "Riverside", new_receipt)
    journal.moderate("web-aaaaaaaaaaaaaaaa", "remove")
    journal.close()
    again = Journal(tmp_path)
    assert again.counts() == {"journal_lines": 2, "approved": 1, "held": 0, "removed": 1}
    assert [pid for pid, _, _ in again.recent] == ["web-bbbbbbbbbbbbbbbb", "web-aaaaaaaaaaaaaaaa"]


def test_a_failed_write_acknowledges_nothing_and_the_next_one_works(tmp_path):
    import pytest

    from lumen.web.journal import JournalUnavailable

    journal = Journal(tmp_path, today=lambda: dt.date(2026, 12, 1))
    journal.day_file(dt.date(2026, 12, 1)).mkdir()  # a folder where the day's file should be: the write fails
    with pytest.raises(JournalUnavailable):
        journal.submit("k" * 32, "web-aaaaaaaaaaaaaaaa", record("web-aaaaaaaaaaaaaaaa"), "Riverside", new_receipt)
    assert "k" * 32 not in journal.by_key and journal.counts()["approved"] == 0
    journal.day_file(dt.date(2026, 12, 1)).rmdir()
    receipt, created = journal.submit("k" * 32, "web-bbbbbbbbbbbbbbbb", record("web-bbbbbbbbbbbbbbbb"), "Riverside",
                                      new_receipt)
    assert created and receipt.id == "web-bbbbbbbbbbbbbbbb"
    assert Journal(tmp_path).by_key["k" * 32] == receipt, "the receipt of the failed write is ignored on load"


def test_after_a_failed_write_a_torn_line_is_ended_before_the_next(tmp_path):
    import pytest

    from lumen.web.journal import JournalUnavailable

    journal = Journal(tmp_path, today=lambda: dt.date(2026, 12, 1))
    path = journal.day_file(dt.date(2026, 12, 1))
    journal.submit(None, "web-aaaaaaaaaaaaaaaa", record("web-aaaaaaaaaaaaaaaa"), "Riverside", new_receipt)
    real_write = journal.day_log[1].write

    def disk_full(data):  # half the line reaches the file, then the disk is full
        real_write(data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    journal.day_log[1].write = disk_full
    with pytest.raises(JournalUnavailable):
        journal.submit(None, "web-bbbbbbbbbbbbbbbb", record("web-bbbbbbbbbbbbbbbb"), "Riverside", new_receipt)
    journal.day_log[1].write = real_write
    journal.submit(None, "web-cccccccccccccccc", record("web-cccccccccccccccc"), "Riverside", new_receipt)
    result = load_records([path])
    assert (result.accepted, result.quarantined) == (2, 1), "the torn half is one bad line; the next journey is whole"
