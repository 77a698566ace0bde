"""WCAG AA: every colour pair the page uses meets its contrast ratio (text 4.5:1, control edges and focus 3:1)."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest

CSS = (files("lumen.web") / "static" / "lumen.css").read_text(encoding="utf-8")
COLOURS = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", CSS))

# (foreground, background, minimum ratio, where the page uses the pair)
PAIRS = [
    ("ink", "paper", 4.5, "body text"), ("ink", "panel", 4.5, "text in fieldsets, select text"),
    ("muted", "paper", 4.5, "hints, exhibit title"), ("muted", "panel", 4.5, "hints in fieldsets, staff labels"),
    ("on-glow", "glow", 4.5, "primary button"), ("glow", "paper", 4.5, "links, district in the receipt"),
    ("glow", "panel", 4.5, "'More moments' summary"), ("ink", "chosen", 4.5, "a chosen tile's words"),
    ("error", "paper", 4.5, "error summary"), ("error", "panel", 4.5, "error summary in a panel"),
    ("line", "panel", 3.0, "control borders"), ("line", "paper", 3.0, "tile borders"),
    ("glow", "chosen", 3.0, "a chosen tile's border"), ("focus", "paper", 3.0, "focus ring"),
    ("focus", "panel", 3.0, "focus ring in a panel"), ("error", "panel", 3.0, "an invalid control's border"),
]


def luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_formula_matches_known_ratios():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the familiar AA grey


@pytest.mark.parametrize("fg, bg, minimum, where", PAIRS, ids=[f"{p[0]}-on-{p[1]}" for p in PAIRS])
def test_colour_pairs_meet_wcag_aa(fg, bg, minimum, where):
    ratio = contrast(COLOURS[fg], COLOURS[bg])
    assert ratio >= minimum, f"{where}: --{fg} on --{bg} is {ratio:.2f}:1, needs {minimum}:1"


def test_every_colour_in_the_stylesheet_is_a_named_one():
    body = CSS.split(":root", 1)[1].split("}", 1)[1]
    assert not re.findall(r"#[0-9a-fA-F]{3,8}\b", body), "use the :root colours, whose pairs are checked above"
