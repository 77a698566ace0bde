"""The hand-made bad-file corpus: each file gives its expected codes and counts, and leaks nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lumen.records import load_records

BAD = Path(__file__).parent / "bad"
MANIFEST = json.loads((BAD / "manifest.json").read_text())


def test_corpus_is_large_enough():
    assert len(MANIFEST) >= 50
    assert {p.name for p in BAD.iterdir()} - {"manifest.json"} == set(MANIFEST)


def _codes(res) -> set[str]:
    codes = {r.code for r in res.rejects}
    codes |= {p.split(": ")[1] for p in res.file_problems}
    return codes


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_bad_file(name, tmp_path):
    want = MANIFEST[name]
    q = tmp_path / "q.jsonl"
    res = load_records([BAD / name], quarantine_path=q)
    assert _codes(res) == set(want["codes"]), res.problems + res.file_problems
    assert (res.read, res.quarantined) == (want["read"], want["quarantined"])
    assert res.read == res.accepted + res.quarantined
    assert len(res.journeys) == res.accepted
    res.journeys.check_invariants()
    entries = [json.loads(line) for line in q.read_text().splitlines()]
    assert len(entries) == len(res.rejects)
    for e in entries:
        assert set(e) == {"file", "line", "field", "code", "expected", "hash"}
        assert e["file"] == str(BAD / name) and e["line"] >= 1
        assert re.fullmatch(r"sha256:[0-9a-f]{16}", e["hash"])


# Values in the corpus that are identifiers or otherwise raw user data: never echoed anywhere.
SECRETS = ("Ada", "Lovelace", "ada@example.org", "555-123-4567", "123-45-6789", "1980-02-03",
           "12 Main Street", "Dr Who", "blue", "surgery", "cured", "rich", "3 March 1980", "fax")


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_no_raw_value_in_reports(name, tmp_path):
    q = tmp_path / "q.jsonl"
    res = load_records([BAD / name], quarantine_path=q)
    text = q.read_text() + "\n".join(res.problems + res.file_problems + res.notes)
    for s in SECRETS:
        assert s not in text


def test_strict_raises_check_failed_with_every_problem():
    from lumen.errors import CheckFailed

    with pytest.raises(CheckFailed) as info:
        load_records([BAD / "many_problems_one_line.jsonl"], strict=True)
    assert info.value.exit_code == 3
    for code in MANIFEST["many_problems_one_line.jsonl"]["codes"]:
        assert code in str(info.value)
    assert "read 1 = accepted 0 + quarantined 1" in str(info.value)


def test_lines_and_fields_are_located():
    res = load_records([BAD / "good_then_bad.jsonl"])
    assert res.problems == [f"{BAD / 'good_then_bad.jsonl'}:2: $.income_band: bad_value: "
                            "expected one of low, middle, high, undisclosed"]
    res = load_records([BAD / "csv_duplicate_id.csv"])
    assert [(r.line, r.field, r.code) for r in res.rejects] == [(4, "$.id", "duplicate_id")]
