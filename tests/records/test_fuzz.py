"""Property tests: both loaders survive any input, and read = accepted + quarantined always."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lumen.records import load_records
from lumen.records.schema import AGE_BANDS, CHANNELS, EVENT_KINDS, INCOME_BANDS, OUTCOMES

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Mostly-valid values with a chance of anything, so fuzzing reaches deep into validation.
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70),
                        st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=12))
loose = st.recursive(json_scalar, lambda c: st.one_of(st.lists(c, max_size=3),
                                                      st.dictionaries(st.text(max_size=6), c, max_size=3)),
                     max_leaves=8)


def near(values):
    return st.one_of(st.sampled_from(values), loose)


event = st.fixed_dictionaries(
    {"day": st.one_of(st.integers(-5, 40_000), loose), "kind": near(EVENT_KINDS), "channel": near(CHANNELS)},
    optional={"outcome": near(OUTCOMES), "email": st.text(max_size=5)})
journey = st.fixed_dictionaries(
    {"id": st.one_of(st.from_regex(r"[A-Za-z0-9_-]{4,12}", fullmatch=True), loose),
     "district": st.one_of(st.sampled_from(["Riverside", "Old Harbor", "12 Main St"]), loose),
     "age_band": near(AGE_BANDS), "income_band": near(INCOME_BANDS),
     "events": st.one_of(st.lists(event, max_size=4), loose)},
    optional={"name": st.text(max_size=5)})
line = st.one_of(journey.map(lambda d: json.dumps(d).encode()), st.binary(max_size=40),
                 loose.map(lambda v: json.dumps(v).encode()))


def check(res, *, one_record_per_line: bool = False):
    assert res.read == res.accepted + res.quarantined
    if one_record_per_line:  # JSONL: every quarantined line has at least one located problem
        assert len({(r.file, r.line) for r in res.rejects}) == res.quarantined
    assert len(res.journeys) == res.accepted
    res.journeys.check_invariants()


@SETTINGS
@given(lines=st.lists(line, max_size=8), crlf=st.booleans(), bom=st.booleans())
def test_jsonl_never_crashes_and_counts_add_up(tmp_path_factory, lines, crlf, bom):
    path = tmp_path_factory.mktemp("f") / "x.jsonl"
    nl = b"\r\n" if crlf else b"\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + nl.join(line.replace(b"\n", b" ") for line in lines))
    check(load_records([path], quarantine_path=path.with_suffix(".q")), one_record_per_line=True)


@SETTINGS
@given(data=st.binary(max_size=300))
def test_jsonl_random_bytes(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("b") / "x.jsonl"
    path.write_bytes(data)
    check(load_records([path]), one_record_per_line=True)


csv_cell = st.one_of(st.sampled_from(["j-0001", "j-0002", "Riverside", "35-49", "low", "12", "7", "-1", "NaN",
                                      "checkup", "clinic", "stable", "", "x"]), st.text(max_size=6))


@SETTINGS
@given(rows=st.lists(st.lists(csv_cell, min_size=7, max_size=9), max_size=8),
       header=st.sampled_from(["id,district,age_band,income_band,day,kind,channel,outcome",
                               "id,district,age_band,income_band,day,kind,channel",
                               "id,name,district,age_band,income_band,day,kind,channel,outcome", ""]))
def test_csv_never_crashes_and_counts_add_up(tmp_path_factory, rows, header):
    path = tmp_path_factory.mktemp("c") / "x.csv"
    text = header + "\n" + "\n".join(",".join(c.replace("\n", " ").replace("\r", " ") for c in r) for r in rows)
    path.write_bytes(text.encode("utf-8", errors="replace"))
    check(load_records([path], quarantine_path=path.with_suffix(".q")))


@SETTINGS
@given(data=st.binary(max_size=300))
def test_csv_random_bytes(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("d") / "x.csv"
    path.write_bytes(b"id,district,age_band,income_band,day,kind,channel,outcome\n" + data)
    check(load_records([path]))


@SETTINGS
@given(rec=journey)
def test_block_fast_path_accepts_exactly_what_the_strict_decoder_accepts(rec):
    import msgspec

    from lumen.records.jsonl import DECODER, decode_bytes

    raw = json.dumps(rec).encode()
    try:
        DECODER.decode(raw)
        strict_ok = True
    except (msgspec.MsgspecError, ValueError):
        strict_ok = False
    chunk = decode_bytes(raw + b"\n" + raw + b"\n", file=0)  # a two-line block, same record twice
    assert chunk.read == 2
    assert chunk.rejected == (0 if strict_ok else 2)
    assert len(chunk.ids) == (2 if strict_ok else 0)
