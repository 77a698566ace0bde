"""The web face's links to the show agree with the show itself: its OSC addresses and its state folder."""

from __future__ import annotations

import time

import pytest

from lumen.runtime.controls import CommandQueue
from lumen.runtime.logs import state_dir
from lumen.runtime.osc import ADDRESSES, OscServer
from lumen.web.config import web_state_dir
from lumen.web.showlink import OSC_ACTIONS
from tests.web.conftest import STAFF, client_for, make_config


def test_every_staff_action_is_an_address_the_show_accepts():
    assert set(OSC_ACTIONS.values()) <= set(ADDRESSES)


@pytest.mark.parametrize("env", [{"LUMEN_STATE_DIR": "x"}, {"XDG_STATE_HOME": "y"}, {}])
def test_the_state_folder_is_found_as_the_show_finds_it(tmp_path, monkeypatch, env):
    monkeypatch.delenv("LUMEN_STATE_DIR", raising=False)
    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    for name, value in env.items():
        monkeypatch.setenv(name, str(tmp_path / value))
    assert web_state_dir() == state_dir()


def drain_until(commands: CommandQueue, n: int, timeout: float = 5.0) -> list:
    got, deadline = [], time.monotonic() + timeout
    while len(got) < n and time.monotonic() < deadline:
        got += commands.drain()
        time.sleep(0.02)
    return got


def test_staff_actions_reach_the_shows_own_osc_server(tmp_path):
    commands = CommandQueue()
    server = OscServer(commands, "127.0.0.1", 0).start()  # the show's server, on a free port
    try:
        c = client_for(make_config(tmp_path, show_osc_port=server.address[1]))
        for action in ("next", "prev", "pause", "blackout", "reload", "screenshot"):
            r = c.post(f"/api/staff/show/{action}", headers=STAFF)
            assert r.status_code == 202 and r.json()["sent"] == OSC_ACTIONS[action]
        got = drain_until(commands, 6)
    finally:
        server.close()
    assert [(cmd.name, cmd.args) for cmd in got] == [
        ("scene", ("+1",)), ("scene", ("-1",)), ("pause", ()), ("blackout", ()), ("reload", ()), ("screenshot", ())]


def test_an_unknown_show_action_is_404(tmp_path):
    c = client_for(make_config(tmp_path))
    assert c.post("/api/staff/show/quit", headers=STAFF).status_code == 404, "staff cannot quit the show from the web"
