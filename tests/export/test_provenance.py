"""Provenance: which exhibit (and every file it extends), which data, time, size and lumen made a file."""

from __future__ import annotations

import hashlib
import subprocess
import sys

from PIL import Image

from lumen.exhibit import load_exhibit
from lumen.pipeline.provenance import extends_chain, provenance_of
from tests.conftest import REPO

FESTIVAL = REPO / "exhibits" / "festival.toml"


def test_the_exhibit_hash_covers_every_file_it_extends_in_order(tmp_path):
    child = tmp_path / "child.toml"
    child.write_text('extends = "lumen:festival"\n[exhibit]\ntitle = "A child"\n')
    assert extends_chain(child) == [child.resolve(), FESTIVAL.resolve()]
    facts = provenance_of(load_exhibit(child), "5", (64, 36))
    assert facts.exhibit == "child.toml" and facts.title == "A child"
    assert facts.exhibit_sha256 == hashlib.sha256(child.read_bytes() + FESTIVAL.read_bytes()).hexdigest()
    kiosk = REPO / "exhibits" / "traveling" / "kiosk.toml"
    assert provenance_of(load_exhibit(kiosk), "5", (64, 36)).exhibit == "lumen:traveling/kiosk"


def test_lumen_render_writes_and_prints_the_provenance(gl_context, tmp_path):
    out = tmp_path / "still.png"
    result = subprocess.run([sys.executable, "-m", "lumen.cli", "render", "festival", "--time", "30", "--size", "160x90",
                             "--region", "10,10,50,40", "--out", out], capture_output=True, text=True, cwd=REPO,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    text = Image.open(out).text
    data = hashlib.sha256((REPO / "data" / "harmonia-sample.jsonl").read_bytes()).hexdigest()
    assert text["lumen:exhibit_sha256"] == hashlib.sha256(FESTIVAL.read_bytes()).hexdigest()
    assert text["lumen:data_sha256"] == data
    assert (text["lumen:time"], text["lumen:size"], text["lumen:region"]) == ("30", "160x90", "10,10,50,40")
    assert text["lumen:version"] == "0.1.0"
    for key, value in text.items():
        assert f"{key.removeprefix('lumen:')}: {value}" in result.stderr
