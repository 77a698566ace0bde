"""Loading round trips (JSONL, CSV, parallel pieces), Journeys.subset, odd-but-valid inputs."""

from __future__ import annotations

import numpy as np
import pytest

from lumen.errors import UserError
from lumen.records import Journeys, LoadResult, load_records
from lumen.records import loader as loader_mod
from lumen.records.synth import synthesize
from lumen.records.writers import write_csv, write_jsonl


def same(a: Journeys, b: Journeys) -> None:
    """Assert two Journeys hold the same records (district codes may differ, names may not)."""
    assert len(a) == len(b) and a.n_events == b.n_events
    assert np.array_equal(a.ids, b.ids)
    assert np.array_equal(np.array(a.districts)[a.district], np.array(b.districts)[b.district])
    for col in ("age_band", "income_band", "event_start", "event_day", "event_kind", "event_channel",
                "event_outcome"):
        assert np.array_equal(getattr(a, col), getattr(b, col)), col


@pytest.fixture(scope="module")
def sample():
    return synthesize(400, seed=11)


def test_jsonl_round_trip(sample, tmp_path):
    write_jsonl(sample, tmp_path / "s.jsonl")
    res = load_records([tmp_path / "s.jsonl"])
    assert isinstance(res, LoadResult)
    assert res.summary() == "read 400 = accepted 400 + quarantined 0"
    res.journeys.check_invariants()
    same(res.journeys, sample)
    assert res.journeys.districts == tuple(sorted(res.journeys.districts))


def test_csv_round_trip(sample, tmp_path):
    write_csv(sample, tmp_path / "s.csv")
    res = load_records([tmp_path / "s.csv"])
    assert res.quarantined == 0
    same(res.journeys, sample)


def test_parallel_pieces_match_serial_and_keep_line_numbers(sample, tmp_path, monkeypatch):
    path = tmp_path / "s.jsonl"
    write_jsonl(sample, path)
    lines = path.read_bytes().splitlines(keepends=True)
    lines[350] = b'{"id":"bad","district":"x"}\n'  # a reject deep in a later piece
    path.write_bytes(b"".join(lines))
    serial = load_records([path], workers=1)
    monkeypatch.setattr(loader_mod, "PARALLEL_MIN_BYTES", 1)
    par = load_records([path], workers=2)
    same(serial.journeys, par.journeys)
    assert serial.problems == par.problems
    assert {r.line for r in par.rejects} == {351}


def test_several_files_share_districts_and_check_duplicates_across_files(sample, tmp_path):
    write_jsonl(sample.subset(np.arange(0, 200)), tmp_path / "a.jsonl")
    write_csv(sample.subset(np.arange(150, 400)), tmp_path / "b.csv")
    res = load_records([tmp_path / "a.jsonl", tmp_path / "b.csv"])
    assert res.read == 450 and res.accepted == 400 and res.quarantined == 50
    assert {r.code for r in res.rejects} == {"duplicate_id"}
    assert all(r.file == 1 for r in res.rejects)
    same(res.journeys, sample)


def test_bom_and_crlf_are_accepted_with_a_note(sample, tmp_path):
    path = tmp_path / "s.jsonl"
    write_jsonl(sample, path)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    res = load_records([path])
    assert res.quarantined == 0
    same(res.journeys, sample)
    assert any("byte-order mark" in n for n in res.notes) and any("CRLF" in n for n in res.notes)


def test_blank_lines_are_skipped_and_lines_still_counted(tmp_path):
    good = b'{"id":"j-0001","district":"A","age_band":"80+","income_band":"low","events":[]}'
    path = tmp_path / "s.jsonl"
    path.write_bytes(b"\n" + good + b"\n\n   \n" + good.replace(b"0001", b"0002")[:-3] + b"\n")
    res = load_records([path])
    assert res.summary() == "read 2 = accepted 1 + quarantined 1"
    assert [r.line for r in res.rejects] == [5]


def test_missing_file_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="no such file"):
        load_records([tmp_path / "nope.jsonl"])


def test_subset_by_mask_and_indices(sample):
    mask = sample.district == 0
    sub = sample.subset(mask)
    sub.check_invariants()
    assert len(sub) == int(mask.sum()) and np.all(sub.district == 0)
    idx = np.flatnonzero(mask)
    back = sample.subset(idx)
    same(sub, back)
    counts = np.diff(sample.event_start)[idx]
    assert np.array_equal(np.diff(sub.event_start), counts)
    first = idx[counts > 0][0]
    k = np.flatnonzero(idx == first)[0]
    assert np.array_equal(sub.event_day[sub.event_start[k]:sub.event_start[k + 1]],
                          sample.event_day[sample.event_start[first]:sample.event_start[first + 1]])
    assert len(sample.subset(np.zeros(len(sample), bool))) == 0


def test_leading_whitespace_and_two_objects_on_a_line(tmp_path):
    good = b'{"id":"j-%04d","district":"A","age_band":"80+","income_band":"low","events":[]}'
    lines = [good % i for i in range(1, 6)]
    lines[1] = b"   " + lines[1]  # valid JSON with leading spaces
    lines[3] = lines[3] + b" " + good % 99  # two journeys on one line: refused, not split
    path = tmp_path / "w.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    res = load_records([path])
    assert res.summary() == "read 5 = accepted 4 + quarantined 1"
    assert [(r.line, r.code) for r in res.rejects] == [(4, "bad_json")]
