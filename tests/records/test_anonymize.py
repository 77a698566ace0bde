"""The anonymizer: independent k-anonymity check, and no input identifier in any output or log."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import Counter

import pytest

from lumen.anonymize import pseudonym
from lumen.anonymize.fake_export import write_fake_export
from lumen.records import load_records

KEY = b"a-test-key-of-sufficient-length-42"
IDENTIFYING = ("patient_id", "name", "date_of_birth", "street_address", "zip", "phone", "email",
               "visit_date", "provider", "notes")


def lumen(*args, cwd):
    return subprocess.run([sys.executable, "-m", "lumen.cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    d = tmp_path_factory.mktemp("anon")
    write_fake_export(d / "export.csv", 1500, seed=5)
    (d / "key").write_bytes(KEY + b"\n")
    r = lumen("data", "anonymize", d / "export.csv", "--out", d / "out.jsonl", "--key-file", d / "key",
              "--k", 5, "--report", d / "report.json", cwd=d)
    assert r.returncode == 0, r.stderr
    c = lumen("data", "check", d / "out.jsonl", "--quarantine", d / "q.jsonl", cwd=d)
    assert c.returncode == 0, c.stderr
    return d, r, c


def test_k_anonymity_holds_by_independent_count(run):
    d, _, _ = run
    classes = Counter()
    for line in (d / "out.jsonl").read_text().splitlines():
        rec = json.loads(line)
        classes[(rec["district"], rec["age_band"], rec["income_band"])] += 1
    report = json.loads((d / "report.json").read_text())
    assert classes and min(classes.values()) >= 5
    assert report["k_reached"] == min(classes.values())
    assert sum(classes.values()) == report["journeys_written"]


def test_report_counts_add_up(run):
    d, _, _ = run
    rep = json.loads((d / "report.json").read_text())
    with open(d / "export.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rep["rows_read"] == len(rows)
    assert rep["patients"] == len({r["patient_id"] for r in rows})
    assert rep["patients"] == rep["journeys_written"] + rep["journeys_suppressed"] + sum(
        rep["journeys_rejected"].values())
    assert rep["journeys_suppressed"] > 0  # this export is small enough that k=5 must bite
    assert set(rep["columns_dropped"]) == {"name", "sex", "street_address", "phone", "email", "provider",
                                           "notes"}


def test_no_identifier_reaches_any_output(run):
    d, r, c = run
    with open(d / "export.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    secrets = {r[col] for r in rows for col in IDENTIFYING}
    secrets |= {part for r in rows for part in r["name"].split()}
    secrets |= {KEY.decode()}
    outputs = {p.name: p.read_text() for p in d.iterdir() if p.name not in ("export.csv", "key")}
    outputs["stdout+stderr"] = r.stdout + r.stderr + c.stdout + c.stderr
    assert {"out.jsonl", "report.json", "q.jsonl"} <= set(outputs)
    # The one date the report states on purpose: the dataset's day 0 (DESIGN 5: days count from the
    # first visit date), shared by every journey and needed to map calendar months to days.
    anchor = json.loads(outputs["report.json"])["first_date"]
    assert anchor == min(r["visit_date"] for r in rows)
    outputs["report.json"] = outputs["report.json"].replace(f'"first_date": "{anchor}"', "")
    for name, text in outputs.items():
        leaked = [s for s in secrets if s and s in text]
        assert not leaked, f"{name} leaks {len(leaked)} input values"


def test_output_passes_the_loader(run):
    d, _, c = run
    res = load_records([d / "out.jsonl"])
    assert res.quarantined == 0 and "quarantined 0" in c.stdout
    assert len(res.journeys) == json.loads((d / "report.json").read_text())["journeys_written"]


def test_pseudonyms_are_keyed_and_stable():
    assert pseudonym(KEY, "MRN1") == pseudonym(KEY, "MRN1")
    assert pseudonym(KEY, "MRN1") != pseudonym(KEY, "MRN2")
    assert pseudonym(KEY, "MRN1") != pseudonym(b"another-key-of-enough-length", "MRN1")


HEADER = "patient_id,name,date_of_birth,sex,street_address,zip,phone,email,visit_date,cdt_code,payer,channel,provider,notes\n"


def _row(pid, dob, zip_, visit, code, payer="medicaid", channel="clinic"):
    return f"{pid},Jane Roe,{dob},F,1 Elm Street,{zip_},555-000-1111,j@example.org,{visit},{code},{payer},{channel},Dr X,none\n"


def test_bands_offsets_codes_and_top_coding(tmp_path):
    (tmp_path / "key").write_bytes(KEY)
    rows = [_row(f"P{i}", "1930-05-01", "97101", "2024-03-10", "D0120") for i in range(3)]
    rows += [_row("P0", "1930-05-01", "97101", "2024-03-15", "BARRIER:network", channel="clinic"),
             _row("P1", "1930-05-01", "97101", "2024-03-12", "NOSHOW"),
             _row("P2", "1930-05-01", "97101", "2024-03-11", "D7140"),
             _row("P3", "not-a-date", "97101", "2024-03-11", "D7140"),
             _row("P4", "1990-01-01", "97101", "2024-03-11", "D9999X")]
    (tmp_path / "e.csv").write_text(HEADER + "".join(rows))
    r = lumen("data", "anonymize", "e.csv", "--out", "o.jsonl", "--key-file", "key", "--k", 3,
              "--report", "rep.json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    recs = [json.loads(x) for x in (tmp_path / "o.jsonl").read_text().splitlines()]
    assert len(recs) == 3
    assert {x["age_band"] for x in recs} == {"80+"}  # 93 years old: top-coded into the top band
    assert {x["income_band"] for x in recs} == {"low"} and {x["district"] for x in recs} == {"Riverside"}
    events = sorted((e["day"], e["kind"], e["channel"]) for x in recs for e in x["events"])
    assert events == [(0, "checkup", "clinic")] * 3 + [(1, "extraction", "clinic"), (2, "missed", "clinic"),
                                                      (5, "barrier", "network")]
    rep = json.loads((tmp_path / "rep.json").read_text())
    assert rep["rows_rejected"] == {"bad_date": 1, "unknown_code": 1}


def test_k_suppresses_small_classes_and_column_map(tmp_path):
    (tmp_path / "key").write_bytes(KEY)
    rows = [_row(f"A{i}", "1990-01-01", "97101", "2024-01-01", "D0120") for i in range(4)]
    rows += [_row("B0", "1950-01-01", "97101", "2024-01-01", "D0120", payer="private")]
    text = HEADER.replace("patient_id", "PID").replace("visit_date", "Seen") + "".join(rows)
    (tmp_path / "e.csv").write_text(text)
    r = lumen("data", "anonymize", "e.csv", "--out", "o.jsonl", "--key-file", "key", "--k", 4,
              "--columns", "patient_id=PID,visit_date=Seen", "--report", "rep.json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    rep = json.loads((tmp_path / "rep.json").read_text())
    assert (rep["journeys_written"], rep["journeys_suppressed"], rep["k_reached"]) == (4, 1, 4)
    bad = lumen("data", "anonymize", "e.csv", "--out", "o.jsonl", "--key-file", "key", cwd=tmp_path)
    assert bad.returncode == 1 and "patient_id" in bad.stderr and "Traceback" not in bad.stderr


def test_short_key_is_refused_without_echo(tmp_path):
    (tmp_path / "key").write_text("short")
    (tmp_path / "e.csv").write_text(HEADER)
    r = lumen("data", "anonymize", "e.csv", "--out", "o.jsonl", "--key-file", "key", cwd=tmp_path)
    assert r.returncode == 1 and "at least 16 bytes" in r.stderr and "short" not in r.stderr.replace(
        "key", "")
