"""The JSON API and the form post, in process (Starlette's TestClient): each test one behaviour."""

from __future__ import annotations

import json

import pytest

from lumen.records import load_records
from tests.web.conftest import body, client_for, journal_lines, make_config


def test_a_valid_body_is_201_with_a_receipt_and_one_schema_1_line(client, config):
    r = client.post("/api/journeys", json=body())
    assert r.status_code == 201
    answer = r.json()
    assert answer["district"] == "Riverside" and answer["status"] == "approved"
    assert len(answer["receipt"]) == 9 and answer["receipt"][4] == "-"
    [line] = journal_lines(config)
    record = json.loads(line)
    assert set(record) == {"id", "district", "age_band", "income_band", "events"}
    assert record["events"] == [{"day": 494, "kind": "checkup", "channel": "clinic"}]  # 2026-05-15 - 2025-01-06
    assert answer["receipt"] not in line.decode(), "the receipt is the resident's; the wall's journal never holds it"
    files = sorted(config.journal.glob("journeys-*.jsonl"))
    assert [p.name for p in files] == ["journeys-2026-12-01.jsonl"]
    loaded = load_records(files)  # the folder is what `lumen data check` accepts
    assert (loaded.read, loaded.accepted) == (1, 1)


def test_districts_lists_the_exhibits_districts(client):
    assert client.get("/api/districts").json() == {"districts": ["Old Harbor", "Riverside"]}


def test_prefer_not_to_say_is_stored_as_undisclosed(client, config):
    assert client.post("/api/journeys", json=body(income_band="undisclosed")).status_code == 201
    assert json.loads(journal_lines(config)[0])["income_band"] == "undisclosed"


def test_no_events_is_a_journey_too(client, config):
    assert client.post("/api/journeys", json=body(events=[])).status_code == 201
    assert json.loads(journal_lines(config)[0])["events"] == []


@pytest.mark.parametrize("changes, field", [
    ({"district": "Hilltop"}, "$.district"),
    ({"district": 7}, "$.district"),
    ({"district": ""}, "$.district"),
    ({"age_band": "40"}, "$.age_band"),
    ({"age_band": None}, "$.age_band"),
    ({"income_band": "rich"}, "$.income_band"),
    ({"events": "checkup"}, "$.events"),
    ({"events": [{"month": "2026-05", "kind": "checkup", "channel": "clinic"}] * 13}, "$.events"),
    ({"events": [{"month": "2026-05", "kind": "brushing", "channel": "clinic"}]}, "$.events[0].kind"),
    ({"events": [{"month": "2026-05", "kind": "checkup", "channel": "pigeon"}]}, "$.events[0].channel"),
    ({"events": [{"month": "2026-13", "kind": "checkup", "channel": "clinic"}]}, "$.events[0].month"),
    ({"events": [{"month": "2026-05-14", "kind": "checkup", "channel": "clinic"}]}, "$.events[0].month"),
    ({"events": [{"month": "2024-12", "kind": "checkup", "channel": "clinic"}]}, "$.events[0].month"),  # before day 0
    ({"events": [{"month": "2027-01", "kind": "checkup", "channel": "clinic"}]}, "$.events[0].month"),  # the future
    ({"events": [{"kind": "checkup", "channel": "clinic"}]}, "$.events[0].month"),
    ({"events": [body()["events"][0], {"month": "2026-06", "kind": "filling"}]}, "$.events[1].channel"),
    ({"consent": False}, "$.consent"),
    ({"consent": "yes"}, "$.consent"),
])
def test_each_field_is_checked_and_the_error_names_it(client, config, changes, field):
    r = client.post("/api/journeys", json=body(**changes))
    assert r.status_code == 422, r.text
    assert r.json()["field"] == field
    assert r.json()["error"].startswith(field + ": ")
    assert journal_lines(config) == []


@pytest.mark.parametrize("missing", ["district", "age_band", "income_band", "events", "consent"])
def test_a_missing_field_is_named(client, missing):
    value = body()
    del value[missing]
    r = client.post("/api/journeys", json=value)
    assert r.status_code == 422 and r.json()["field"] == f"$.{missing}"


@pytest.mark.parametrize("field, value", [
    ("name", "Jane Doe"), ("email", "jane@example.com"), ("phone", "+1 555 123 4567"),
    ("date_of_birth", "1980-02-03"), ("address", "12 Harbor Street"), ("notes", "anything"),
])
def test_identifier_fields_are_refused_as_identifiers_and_never_echoed(client, config, field, value):
    r = client.post("/api/journeys", json=body(**{field: value}))
    assert r.status_code == 422
    assert r.json()["field"] == f"$.{field}"
    assert "direct identifiers" in r.json()["error"]
    assert value not in r.text
    assert journal_lines(config) == []


def test_an_identifier_field_inside_an_event_is_refused(client):
    events = [{**body()["events"][0], "provider": "Dr. Smith"}]
    r = client.post("/api/journeys", json=body(events=events))
    assert r.status_code == 422 and r.json()["field"] == "$.events[0].provider"
    assert "direct identifiers" in r.json()["error"] and "Smith" not in r.text


@pytest.mark.parametrize("district", ["jane@example.com", "555-123-4567", "12 Harbor Street", "2026-05-14"])
def test_identifier_like_districts_are_refused_without_echo(client, config, district):
    r = client.post("/api/journeys", json=body(district=district))
    assert r.status_code == 422 and r.json()["field"] == "$.district"
    assert district not in r.text
    assert not any(district.encode() in p.read_bytes() for p in config.journal.rglob("*") if p.is_file())


def test_an_unknown_field_is_refused(client):
    r = client.post("/api/journeys", json=body(colour="blue"))
    assert r.status_code == 422 and r.json()["field"] == "$.colour"
    assert "direct identifiers" not in r.json()["error"]


def test_invalid_json_is_400(client):
    r = client.post("/api/journeys", content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["field"] == "$"


def test_json_that_is_not_an_object_is_422(client):
    assert client.post("/api/journeys", json=[1, 2]).status_code == 422


def test_the_api_requires_application_json(client, config):
    r = client.post("/api/journeys", content=json.dumps(body()), headers={"Content-Type": "text/plain"})
    assert r.status_code == 415
    r = client.post("/api/journeys", data={"district": "Riverside"})
    assert r.status_code == 415
    assert journal_lines(config) == []


def test_json_with_a_charset_parameter_is_json(client):
    r = client.post("/api/journeys", content=json.dumps(body()),
                    headers={"Content-Type": "application/json; charset=utf-8"})
    assert r.status_code == 201


def test_an_oversized_body_is_413_by_its_length(client, config):
    big = json.dumps(body(pad="x" * 20_000))
    r = client.post("/api/journeys", content=big, headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    assert journal_lines(config) == []


def test_an_oversized_body_without_a_length_is_413_while_reading(client):
    def chunks():
        for _ in range(40):
            yield b" " * 1024  # streamed (chunked): no Content-Length to refuse it by
    r = client.post("/api/journeys", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413


def test_resubmitting_with_the_same_key_returns_the_same_receipt_and_adds_nothing(client, config):
    key = {"Idempotency-Key": "form-load-key-0123456789"}
    first = client.post("/api/journeys", json=body(), headers=key)
    again = client.post("/api/journeys", json=body(), headers=key)
    assert first.status_code == 201 and again.status_code == 200
    assert again.json() == first.json()
    assert len(journal_lines(config)) == 1
    other = client.post("/api/journeys", json=body(), headers={"Idempotency-Key": "another-form-load-key-01"})
    assert other.status_code == 201 and other.json()["receipt"] != first.json()["receipt"]
    assert len(journal_lines(config)) == 2


def test_idempotency_survives_a_restart(tmp_path):
    config = make_config(tmp_path)
    key = {"Idempotency-Key": "form-load-key-0123456789"}
    first = client_for(config).post("/api/journeys", json=body(), headers=key).json()
    again = client_for(config).post("/api/journeys", json=body(), headers=key)  # a new app: a restarted server
    assert again.status_code == 200 and again.json() == first
    assert len(journal_lines(config)) == 1


def test_a_malformed_idempotency_key_is_422(client):
    r = client.post("/api/journeys", json=body(), headers={"Idempotency-Key": "short"})
    assert r.status_code == 422 and r.json()["field"] == "Idempotency-Key"


def test_a_post_from_another_origin_is_refused(client, config):
    r = client.post("/api/journeys", json=body(), headers={"Origin": "http://evil.example"})
    assert r.status_code == 403
    assert journal_lines(config) == []


def test_a_post_without_origin_or_referer_is_refused(config):
    bare = client_for(config)
    bare.headers.pop("Origin")
    assert bare.post("/api/journeys", json=body()).status_code == 403
    assert bare.post("/api/journeys", json=body(), headers={"Referer": "http://testserver/"}).status_code == 201
    assert bare.post("/api/journeys", json=body(), headers={"Referer": "http://evil.example/"}).status_code == 403


def test_origin_null_passes_only_with_sec_fetch_site_same_origin(config):
    # What a browser sends on a same-origin POST under Referrer-Policy: no-referrer.
    c = client_for(config)
    assert c.post("/api/journeys", json=body(), headers={"Origin": "null"}).status_code == 403
    ok = c.post("/api/journeys", json=body(), headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"})
    assert ok.status_code == 201
    cross = c.post("/api/journeys", json=body(), headers={"Origin": "null", "Sec-Fetch-Site": "cross-site"})
    assert cross.status_code == 403


def test_an_unknown_host_name_is_refused(config):
    c = client_for(config)
    assert c.get("/", headers={"Host": "rebound.example"}).status_code == 400


def test_security_headers_are_on_every_answer(client):
    for r in (client.get("/"), client.get("/static/lumen.css"), client.get("/nope"),
              client.post("/api/journeys", json=body(district="Hilltop"))):
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert "default-src 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"


def test_pages_are_not_cached(client):
    assert client.get("/").headers["cache-control"] == "no-store"


def test_the_page_has_no_inline_script_or_style(client):
    html = client.get("/").text
    assert "<script>" not in html and "style=" not in html and "<style" not in html
    assert '<script src="/static/resident.js" defer></script>' in html


def test_a_journal_that_cannot_be_written_is_503_and_keeps_nothing(client, config):
    (config.journal / "journeys-2026-12-01.jsonl").mkdir(parents=True)  # where the day's file should be
    r = client.post("/api/journeys", json=body())
    assert r.status_code == 503 and int(r.headers["Retry-After"]) > 0
    (config.journal / "journeys-2026-12-01.jsonl").rmdir()
    assert client.post("/api/journeys", json=body()).status_code == 201
