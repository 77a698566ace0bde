"""Rate limits: per client and for everyone together (the `limits` library, in memory)."""

from __future__ import annotations

import pytest

from lumen.errors import UserError
from lumen.web.throttle import Throttle, limit_arg
from tests.web.conftest import body, client_for, clients_for, journal_lines, make_config


def test_the_eleventh_submission_in_a_window_is_429_with_retry_after(tmp_path):
    config = make_config(tmp_path, client_limit="10/minute")
    one, other = clients_for(config, "10.0.0.1", "10.0.0.2")
    assert [one.post("/api/journeys", json=body()).status_code for _ in range(10)] == [201] * 10
    eleventh = one.post("/api/journeys", json=body())
    assert eleventh.status_code == 429
    assert 1 <= int(eleventh.headers["Retry-After"]) <= 60
    assert other.post("/api/journeys", json=body()).status_code == 201, "another client is unaffected"
    assert len(journal_lines(config)) == 11


def test_the_form_gets_a_busy_page_with_retry_after(tmp_path):
    config = make_config(tmp_path, client_limit="1/minute")
    c = client_for(config)
    c.post("/api/journeys", json=body())
    r = c.post("/", data={"district": "Riverside"})
    assert r.status_code == 429 and "Retry-After" in r.headers and "Please wait" in r.text


def test_the_total_limit_holds_across_clients(tmp_path):
    config = make_config(tmp_path, client_limit="10/minute", total_limit="3/minute")
    codes = [c.post("/api/journeys", json=body()).status_code for c in clients_for(config, *(f"10.0.0.{i}" for i in range(5)))]
    assert codes == [201, 201, 201, 429, 429]


def test_the_api_answers_429_as_json(tmp_path):
    c = client_for(make_config(tmp_path, client_limit="1/minute"))
    c.post("/api/journeys", json=body())
    r = c.post("/api/journeys", json=body())
    assert r.status_code == 429 and "try again" in r.json()["error"]


def test_client_keys_are_keyed_hashes_never_the_address():
    t = Throttle("10/minute", "100/minute", "5/minute")
    key = t.client_key("192.0.2.7")
    assert "192" not in key and key != Throttle("10/minute", "100/minute", "5/minute").client_key("192.0.2.7")


@pytest.mark.parametrize("text", ["ten per minute", "10/fortnight", ""])
def test_a_malformed_limit_is_a_user_error(text):
    with pytest.raises(UserError, match="--client-limit"):
        limit_arg(text, "--client-limit")
