"""Staff access, moderation and the show's controls: tokens, sessions, 401s, transitions, OSC."""

from __future__ import annotations

import json
import os
import stat
import time

import pytest

from lumen.errors import UserError
from lumen.web.staff import COOKIE, load_or_create_token
from tests.web.conftest import STAFF, TOKEN, body, client_for, journal_lines, make_config

STAFF_ROUTES = [
    ("GET", "/staff"), ("POST", "/staff/logout"), ("POST", "/staff/show/next"), ("POST", "/staff/moderate"),
    ("POST", "/staff/mode"), ("GET", "/api/staff/status"), ("GET", "/api/staff/queue"),
    ("POST", "/api/staff/moderation"), ("POST", "/api/staff/mode"), ("POST", "/api/staff/show/pause"),
    ("GET", "/staff/anything-else"), ("GET", "/api/staff/anything-else"),
]


@pytest.mark.parametrize("method, path", STAFF_ROUTES)
def test_every_staff_route_is_401_without_a_token(client, method, path):
    assert client.request(method, path).status_code == 401


@pytest.mark.parametrize("method, path", STAFF_ROUTES)
def test_every_staff_route_is_401_with_a_wrong_token(client, method, path):
    r = client.request(method, path, headers={"Authorization": "Bearer " + "x" * len(TOKEN)})
    assert r.status_code == 401


def test_a_made_up_cookie_is_401(client):
    client.cookies.set(COOKIE, "made-up-session")
    assert client.get("/staff").status_code == 401


def test_the_bearer_token_opens_the_staff_api(client):
    r = client.get("/api/staff/status", headers=STAFF)
    assert r.status_code == 200
    assert r.json()["show"]["running"] is False and r.json()["moderation"] == "auto"


def login(client, token=TOKEN):
    return client.post("/staff/login", data={"token": token}, follow_redirects=False)


def test_logging_in_sets_a_strict_httponly_expiring_cookie(client):
    r = login(client)
    assert r.status_code == 303 and r.headers["location"] == "/staff"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "max-age=28800" in cookie
    assert TOKEN not in r.headers["set-cookie"], "the cookie holds a session id, never the token"
    assert client.get("/staff").status_code == 200
    assert client.get("/api/staff/queue").status_code == 200


def test_a_wrong_token_does_not_log_in(client):
    r = login(client, "wrong-token-wrong-token-wrong")
    assert r.status_code == 401 and COOKIE not in r.headers.get("set-cookie", "")


def test_an_expired_session_is_401(tmp_path):
    now = [1000.0]
    c = client_for(make_config(tmp_path, clock=lambda: now[0], session_seconds=60))
    login(c)
    assert c.get("/staff").status_code == 200
    now[0] += 61
    assert c.get("/staff").status_code == 401
    assert c.get("/api/staff/status").status_code == 401


def test_logging_out_ends_the_session(client):
    login(client)
    cookie = client.cookies[COOKIE]
    client.post("/staff/logout")
    client.cookies.set(COOKIE, cookie)
    assert client.get("/staff").status_code == 401


def test_login_attempts_are_rate_limited(client):
    codes = [login(client, "wrong-token-wrong-token-wrong").status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]
    assert login(client).status_code == 429, "even the right token waits out the window"


def test_a_cookie_authenticated_change_needs_the_same_origin(client):
    login(client)
    r = client.post("/api/staff/mode", json={"mode": "hold"}, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403


def test_the_resident_side_reaches_no_staff_data(client):
    for path in ("/", "/api/districts"):
        text = client.get(path).text
        assert "moderation" not in text.lower() and TOKEN not in text


def test_the_token_file_is_made_once_with_mode_0600(tmp_path):
    path = tmp_path / "state" / "token"
    token, created = load_or_create_token(path)
    assert created and len(token) >= 16
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_token(path) == (token, False)


def test_a_token_file_others_can_read_is_refused(tmp_path):
    path = tmp_path / "token"
    path.write_text("a-long-enough-staff-token\n")
    os.chmod(path, 0o644)
    with pytest.raises(UserError, match="chmod 600"):
        load_or_create_token(path)


def test_a_short_token_is_refused(tmp_path):
    path = tmp_path / "token"
    path.write_text("short\n")
    os.chmod(path, 0o600)
    with pytest.raises(UserError, match="at least 16"):
        load_or_create_token(path)


def moderation_lines(config) -> list[dict]:
    path = config.journal / "moderation.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_hold_mode_keeps_submissions_off_the_wall_until_approved(client, config):
    assert client.post("/api/staff/mode", json={"mode": "hold"}, headers=STAFF).json() == {"moderation": "hold"}
    r = client.post("/api/journeys", json=body())
    assert r.status_code == 201 and r.json()["status"] == "held"
    assert journal_lines(config) == [], "a held journey is not in any journeys file"
    [held] = client.get("/api/staff/queue", headers=STAFF).json()["held"]
    assert held["district"] == "Riverside" and "receipt" not in held
    assert moderation_lines(config) == [{"id": held["id"], "action": "held", "day": "2026-12-01"}]
    ok = client.post("/api/staff/moderation", json={"id": held["id"], "action": "approve"}, headers=STAFF)
    assert ok.json() == {"id": held["id"], "status": "approved"}
    [line] = journal_lines(config)
    assert json.loads(line)["id"] == held["id"]
    assert [m["action"] for m in moderation_lines(config)] == ["held", "approved"]
    assert client.get("/api/staff/queue", headers=STAFF).json()["held"] == []


def test_a_held_journey_can_be_removed_and_never_shows(client, config):
    client.post("/api/staff/mode", json={"mode": "hold"}, headers=STAFF)
    client.post("/api/journeys", json=body())
    [held] = client.get("/api/staff/queue", headers=STAFF).json()["held"]
    r = client.post("/api/staff/moderation", json={"id": held["id"], "action": "remove"}, headers=STAFF)
    assert r.json()["status"] == "removed"
    assert journal_lines(config) == []
    assert (config.journal / "web" / "held.jsonl").read_bytes().count(b"\n") == 1, "nothing is deleted"


def test_an_approved_journey_is_removed_by_receipt_code(client, config):
    receipt = client.post("/api/journeys", json=body()).json()["receipt"]
    r = client.post("/api/staff/moderation", json={"receipt": receipt.lower(), "action": "remove"}, headers=STAFF)
    assert r.status_code == 200 and r.json()["status"] == "removed"
    [event] = moderation_lines(config)
    assert event["action"] == "removed" and event["id"] == r.json()["id"]
    assert len(journal_lines(config)) == 1, "the line stays; the show hides a removed id"


@pytest.mark.parametrize("first, second, status", [("remove", "remove", 409), ("remove", "approve", 409)])
def test_impossible_transitions_are_409(client, first, second, status):
    pid = None
    client.post("/api/journeys", json=body())
    pid = client.get("/api/staff/queue", headers=STAFF).json()["recent"][0]["id"]
    assert client.post("/api/staff/moderation", json={"id": pid, "action": first}, headers=STAFF).status_code == 200
    r = client.post("/api/staff/moderation", json={"id": pid, "action": second}, headers=STAFF)
    assert r.status_code == status


def test_approving_an_approved_journey_is_409(client):
    client.post("/api/journeys", json=body())
    pid = client.get("/api/staff/queue", headers=STAFF).json()["recent"][0]["id"]
    assert client.post("/api/staff/moderation", json={"id": pid, "action": "approve"}, headers=STAFF).status_code == 409


def test_unknown_ids_codes_actions_and_modes_are_refused(client):
    assert client.post("/api/staff/moderation", json={"id": "web-nope", "action": "remove"}, headers=STAFF).status_code == 404
    assert client.post("/api/staff/moderation", json={"receipt": "AAAA-AAAA", "action": "remove"},
                       headers=STAFF).status_code == 404
    client.post("/api/journeys", json=body())
    pid = client.get("/api/staff/queue", headers=STAFF).json()["recent"][0]["id"]
    assert client.post("/api/staff/moderation", json={"id": pid, "action": "hide"}, headers=STAFF).status_code == 422
    assert client.post("/api/staff/mode", json={"mode": "maybe"}, headers=STAFF).status_code == 422
    assert client.post("/api/staff/mode", json={"mode": "hold", "x": 1}, headers=STAFF).status_code == 422


def test_the_mode_and_the_queue_survive_a_restart(tmp_path):
    config = make_config(tmp_path)
    c = client_for(config)
    c.post("/api/staff/mode", json={"mode": "hold"}, headers=STAFF)
    c.post("/api/journeys", json=body())
    again = client_for(config)
    assert again.get("/api/staff/status", headers=STAFF).json()["moderation"] == "hold"
    assert len(again.get("/api/staff/queue", headers=STAFF).json()["held"]) == 1


def test_the_staff_page_acts_through_forms(client, config):
    login(client)
    client.post("/api/journeys", json=body())
    page = client.get("/staff").text
    assert "Newest lights on the wall" in page and "show not running" in page
    r = client.post("/staff/mode", data={"mode": "hold"}, follow_redirects=False)
    assert r.status_code == 303
    assert json.loads((config.journal / "web" / "settings.json").read_text()) == {"moderation": "hold"}


def test_the_staff_page_says_where_it_listens(tmp_path):
    c = client_for(make_config(tmp_path, host="0.0.0.0", port=8137))
    c.post("/staff/login", data={"token": TOKEN})
    page = c.get("/staff").text
    assert "0.0.0.0:8137" in page and "reachable from other machines" in page


def write_status(config, **changes) -> None:
    status = {"wall": time.time(), "fps": 59.8, "p99_ms": 21.5, "scene": "unity", "journeys": 5000, "errors": 2,
              "last_error": "", "paused": False, "blackout": False}
    status.update(changes)
    config.state.mkdir(parents=True, exist_ok=True)
    (config.state / "status.json").write_text(json.dumps(status))


def test_the_show_status_comes_from_its_status_file(client, config):
    write_status(config)
    show = client.get("/api/staff/status", headers=STAFF).json()["show"]
    assert show["running"] and show["fps"] == 59.8 and show["p99_ms"] == 21.5 and show["scene"] == "unity"
    assert show["journeys"] == 5000 and show["errors"] == 2 and show["heartbeat_age_s"] < 5
    assert show["wall"] == "one machine, whole canvas"


def test_the_staff_page_says_what_part_this_machine_plays_in_a_wall(client, config):
    write_status(config, role="follower", leader="10.0.0.1:9137", slice="right", offset_ms=-0.1234, rtt_ms=0.41,
                 correcting=True)
    show = client.get("/api/staff/status", headers=STAFF).json()["show"]
    assert show["wall"] == ("follows 10.0.0.1:9137, slice right; clock -0.12 ms off the leader's, round trip 0.41 ms "
                            "(corrected by lumen)")
    assert show["offset_ms"] == -0.12 and show["rtt_ms"] == 0.41
    write_status(config, role="leader", slice="left", followers=2)
    page = client.get("/staff", headers=STAFF).text
    assert "leads the wall, slice left, 2 following" in page


def test_a_stale_status_file_means_the_show_is_not_running(client, config):
    write_status(config, wall=time.time() - 60)
    show = client.get("/api/staff/status", headers=STAFF).json()["show"]
    assert not show["running"] and "show not running" in show["message"] and show["heartbeat_age_s"] >= 59


def test_a_torn_status_file_means_the_show_is_not_running(client, config):
    config.state.mkdir(parents=True, exist_ok=True)
    (config.state / "status.json").write_text('{"wall": ')
    assert client.get("/api/staff/status", headers=STAFF).json()["show"]["running"] is False
