"""Hypothesis drives the API with any JSON: 4xx or 201, never a 500, and a refused body never reaches the journal."""

from __future__ import annotations

import json
import logging

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lumen.records.schema import AGE_BANDS, CHANNELS, EVENT_KINDS, INCOME_BANDS
from tests.web.conftest import body, client_for, journal_lines, make_config

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30)
any_json = st.recursive(scalars, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner,
                                                                                            max_size=6), max_leaves=30)


def near(values) -> st.SearchStrategy:
    """Mostly an allowed value, sometimes anything."""
    return st.sampled_from(values) | scalars


events = st.fixed_dictionaries({
    "month": near(["2025-01", "2026-05", "2026-12", "2027-01", "2026-5"]), "kind": near(EVENT_KINDS),
    "channel": near(CHANNELS)}, optional={"outcome": scalars, "notes": st.text(max_size=10)})
bodies = st.fixed_dictionaries({
    "district": near(["Riverside", "Old Harbor", "Hilltop"]), "age_band": near(AGE_BANDS),
    "income_band": near(INCOME_BANDS), "events": st.lists(events, max_size=14) | scalars,
    "consent": st.booleans() | scalars}, optional={"name": scalars, "id": scalars, "extra": any_json})


def fuzz(tmp_path, strategy, send, examples):
    config = make_config(tmp_path)
    client = client_for(config).__enter__()  # one event loop for all examples (fast)

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def check(value):
        before = journal_lines(config)
        r = send(client, value)
        assert r.status_code == 201 or 400 <= r.status_code < 500, (r.status_code, r.text)
        after = journal_lines(config)
        if r.status_code == 201:
            assert after[:-1] == before and len(after) == len(before) + 1
            assert json.loads(after[-1])["district"] == r.json()["district"]
        else:
            assert after == before, "a refused body left a line in the journal"
            assert "field" in r.json()

    try:
        check()
    finally:
        client.__exit__(None, None, None)


def test_any_json_value(tmp_path):
    fuzz(tmp_path, any_json, lambda c, v: c.post("/api/journeys", json=v), 150)


def test_near_valid_bodies(tmp_path):
    fuzz(tmp_path, bodies, lambda c, v: c.post("/api/journeys", json=v), 300)


def test_any_bytes(tmp_path):
    send = lambda c, v: c.post("/api/journeys", content=v, headers={"Content-Type": "application/json"})  # noqa: E731
    fuzz(tmp_path, st.binary(max_size=300), send, 100)


def test_refused_values_are_never_logged_or_written(tmp_path, caplog):
    secret = "jane.doe@example.com"
    config = make_config(tmp_path)
    client = client_for(config)
    caplog.set_level(logging.DEBUG)
    tries = [body(district=secret), body(age_band=secret), body(name=secret), body(**{secret: "x"}),
             body(events=[{"month": secret, "kind": "checkup", "channel": "clinic"}]),
             body(events=[{"month": "2026-05", "kind": secret, "channel": "clinic"}])]
    for value in tries:
        r = client.post("/api/journeys", json=value)
        assert r.status_code == 422 and secret not in r.text
    r = client.post("/", data={"district": secret, "consent": "yes"})
    assert r.status_code == 422 and secret not in r.text
    assert secret not in caplog.text and "rejected" in caplog.text
    for path in [*config.journal.rglob("*"), *config.state.rglob("*")]:
        assert not path.is_file() or secret.encode() not in path.read_bytes()
