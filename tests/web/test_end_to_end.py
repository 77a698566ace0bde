"""The web face and the show on one journal folder: a submission through `lumen web` becomes one more
tile on the wall, with a birth flare; a removal by staff takes it off again."""

from __future__ import annotations

import json
import time
import urllib.request

from lumen.assets import exhibit_path
from lumen.encode.live import BIRTH_GAIN
from lumen.runtime.show import RunOptions, Show
from lumen.runtime.window import OffscreenSurface
from tests.web.conftest import body
from tests.web.servers import spawn_web

SIZE = (160, 90)


def post(url: str, payload: dict, headers: dict) -> dict:
    request = urllib.request.Request(url, json.dumps(payload).encode(), method="POST",
                                     headers={"Content-Type": "application/json", **headers})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def frames_until(show: Show, test, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for cmd in show.commands.drain():
            show.handle(cmd)
        show.render_frame()
        show.stats.mark()
        if test():
            return
        time.sleep(0.05)
    raise AssertionError("the show did not get there in time")


def test_a_submission_blooms_on_the_wall_and_a_removal_takes_it_off(gl_context, tmp_path):
    token = tmp_path / "token"
    token.write_text("e2e-staff-token-0123456789abcdef\n")
    token.chmod(0o600)
    web, url = spawn_web(tmp_path, "festival", "--staff-token-file", str(token))
    journal = tmp_path / "journal"
    opts = RunOptions(exhibit=exhibit_path("festival"), size=SIZE, osc_port=None, reload=False, pace=False,
                      watch=journal, state=tmp_path / "show")
    show = Show(opts, lambda commands: OffscreenSurface(commands, SIZE))
    try:
        show.start()
        show.start_services()
        before = show.tiles.count
        receipt = post(f"{url}/api/journeys", body(district="Old Harbor"), {"Origin": url})
        assert receipt["district"] == "Old Harbor"
        frames_until(show, lambda: show.tiles.count == before + 1)
        events, spans = show.tiles.events, show.tiles.spans
        newest = spans[:, 0].argmax()   # the new journey's events are the last appended
        first, count = spans[newest]
        assert (events[first: first + count, 1] == BIRTH_GAIN).sum() == 1, "it arrives with one birth flare"
        staff = {"Origin": url, "Authorization": "Bearer e2e-staff-token-0123456789abcdef"}
        post(f"{url}/api/staff/moderation", {"receipt": receipt["receipt"], "action": "remove"}, staff)
        frames_until(show, lambda: show.tiles.count == before)
        assert show.errors == 0
    finally:
        show.close()
        web.terminate()
        web.wait(20)
