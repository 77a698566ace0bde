"""Scene navigation comes from the exhibit's timeline; a broken timeline import is never papered over."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

BLOCKED = """
import sys
sys.modules["lumen.pipeline.timeline"] = None  # as if the module failed to import
try:
    from lumen.exhibit import load_exhibit
    from lumen.runtime.navigation import scenes_for
    print(scenes_for(load_exhibit("exhibits/festival.toml"), 800.0).names())
except ImportError:
    print("ImportError")
"""


def test_festival_scenes_are_the_exhibits_own(festival):
    from lumen.pipeline.timeline import Timeline
    from lumen.runtime.navigation import scenes_for

    timeline = Timeline(festival)
    scenes = scenes_for(festival, last_day=800.0)
    assert timeline.scenes and scenes.names() == [scene.name for scene in timeline.scenes]
    assert scenes.loop == timeline.loop_length


def test_a_missing_timeline_module_is_an_import_error_not_year_scenes():
    out = subprocess.run([sys.executable, "-c", BLOCKED], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ImportError", out.stdout
