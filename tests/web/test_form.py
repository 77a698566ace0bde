"""The resident page without scripts: the form posts itself, errors come back on the page, receipts show."""

from __future__ import annotations

import json
import re

from tests.web.conftest import journal_lines


def fields(**changes) -> dict:
    value = {"idempotency_key": "form-load-key-0123456789", "district": "Riverside", "age_band": "18-34",
             "income_band": "undisclosed", "event-0-kind": "checkup", "event-0-channel": "network",
             "event-0-month": "2025-03", "consent": "yes"}
    value.update(changes)
    return {k: v for k, v in value.items() if v is not None}


def test_the_form_offers_the_exhibits_districts_months_and_a_fresh_key(client):
    html = client.get("/").text
    assert 'value="Riverside"' in html and 'value="Old Harbor"' in html
    assert 'value="2026-12"' in html and 'value="2025-01"' in html and 'value="2024-12"' not in html
    assert html.index('value="2026-12"') < html.index('value="2025-01"'), "newest month first"
    assert "Prefer not to say" in html and 'value="undisclosed"' in html
    keys = {re.search(r'name="idempotency_key" value="([^"]+)"', client.get("/").text).group(1) for _ in range(3)}
    assert len(keys) == 3, "each form load gets its own key"


def test_the_form_asks_nothing_free(client):
    html = client.get("/").text
    assert "<textarea" not in html
    assert not re.search(r'<input(?![^>]*type="(?:radio|checkbox|hidden)")', html), "no free-text input"


def test_the_consent_line_is_before_the_submit_button(client):
    html = client.get("/").text
    assert "What we keep:" in html and "Where it shows:" in html
    assert html.index("What we keep:") < html.index('type="submit"')


def test_a_kiosk_with_one_district_has_it_chosen(tmp_path):
    from tests.web.conftest import client_for, make_config

    c = client_for(make_config(tmp_path, districts=("Riverside",)))
    assert re.search(r'value="Riverside" required checked', c.get("/").text)


def test_posting_the_form_shows_the_receipt(client, config):
    r = client.post("/", data=fields())
    assert r.status_code == 200
    assert "Your light is blooming in" in r.text and "Riverside" in r.text
    code = re.search(r'id="receipt-code">([A-Z0-9-]+)<', r.text).group(1)
    assert len(code) == 9
    [line] = journal_lines(config)
    assert json.loads(line)["events"] == [{"day": 68, "kind": "checkup", "channel": "network"}]  # 2025-03-15


def test_posting_the_same_form_twice_shows_the_same_receipt(client, config):
    first = re.search(r'id="receipt-code">([A-Z0-9-]+)<', client.post("/", data=fields()).text).group(1)
    again = re.search(r'id="receipt-code">([A-Z0-9-]+)<', client.post("/", data=fields()).text).group(1)
    assert first == again and len(journal_lines(config)) == 1


def test_blank_rows_are_skipped_and_events_sorted_by_day(client, config):
    r = client.post("/", data=fields(**{"event-5-kind": "missed", "event-5-channel": "none",
                                         "event-5-month": "2025-01"}))
    assert r.status_code == 200
    days = [e["day"] for e in json.loads(journal_lines(config)[0])["events"]]
    assert days == [9, 68]


def test_a_half_filled_row_is_named_by_its_place_on_the_page(client, config):
    r = client.post("/", data=fields(**{"event-4-kind": "filling"}))
    assert r.status_code == 422
    assert "Moment 5:" in r.text and 'href="#event-4-channel"' in r.text
    assert 'value="filling" selected' in r.text, "answers are kept on the page"
    assert 'value="form-load-key-0123456789"' in r.text, "the same form load keeps its key"
    assert journal_lines(config) == []


def test_no_consent_comes_back_with_a_message(client, config):
    r = client.post("/", data=fields(consent=None))
    assert r.status_code == 422 and 'href="#consent"' in r.text
    assert journal_lines(config) == []


def test_a_free_text_field_in_the_form_is_refused_by_name(client, config):
    r = client.post("/", data=fields(email="jane@example.com"))
    assert r.status_code == 422 and "direct identifiers" in r.text
    assert "jane@example.com" not in r.text and journal_lines(config) == []


def test_the_form_post_must_be_urlencoded(client):
    assert client.post("/", json=fields()).status_code == 415


def test_the_receipt_page_goes_back_to_the_form_by_itself(client):
    assert 'http-equiv="refresh" content="90;url=/"' in client.post("/", data=fields()).text
