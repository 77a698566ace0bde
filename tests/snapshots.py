"""Snapshot comparison with tolerances; failures leave actual and diff PNGs for a person to open."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

SNAPSHOT_DIR = Path(__file__).parent / "snapshots"
FAILURE_DIR = Path(__file__).parent / "_failures"


@dataclass(frozen=True)
class Tolerance:
    """A pixel 'differs' past `channel` (0-255) in any channel; at most `fraction` of pixels may differ,
    and the mean absolute error must stay under `mean`. Defaults absorb llvmpipe vs GPU rounding."""

    channel: int = 12
    fraction: float = 0.01
    mean: float = 1.5


def compare(actual: np.ndarray, expected: np.ndarray, tol: Tolerance) -> tuple[bool, str, np.ndarray]:
    """Return (ok, one-line summary, per-pixel max channel difference)."""
    if actual.shape != expected.shape:
        return False, f"shape {actual.shape} != reference {expected.shape}", np.zeros(actual.shape[:2])
    diff = np.abs(actual.astype(np.int16) - expected.astype(np.int16)).max(axis=-1)
    differing = float((diff > tol.channel).mean())
    mean = float(np.abs(actual.astype(np.float32) - expected.astype(np.float32)).mean())
    ok = differing <= tol.fraction and mean <= tol.mean
    summary = (f"{differing:.4%} of pixels differ by > {tol.channel} (allowed {tol.fraction:.2%}), "
               f"mean abs error {mean:.3f} (allowed {tol.mean}), max {int(diff.max())}")
    return ok, summary, diff


class SnapshotChecker:
    """Compares RGB(A) uint8 images with tests/snapshots/<name>.png, or rewrites them when updating."""

    def __init__(self, update: bool):
        self.update = update

    def __call__(self, image: np.ndarray, name: str, tol: Tolerance = Tolerance()) -> None:
        rgb = np.ascontiguousarray(image[..., :3])
        reference = SNAPSHOT_DIR / f"{name}.png"
        if self.update:
            SNAPSHOT_DIR.mkdir(exist_ok=True)
            Image.fromarray(rgb, "RGB").save(reference)
            return
        assert reference.exists(), f"no reference {reference}; run pytest --update-snapshots and look at it"
        expected = np.asarray(Image.open(reference).convert("RGB"))
        ok, summary, diff = compare(rgb, expected, tol)
        if ok:
            return
        FAILURE_DIR.mkdir(exist_ok=True)
        actual_path = FAILURE_DIR / f"{name}.actual.png"
        diff_path = FAILURE_DIR / f"{name}.diff.png"
        Image.fromarray(rgb, "RGB").save(actual_path)
        # Differences amplified 8x in red over a dim copy of the reference, so small drifts show.
        dim = (expected.astype(np.float32) * 0.25).astype(np.uint8)
        dim[..., 0] = np.clip(dim[..., 0].astype(np.int32) + diff.astype(np.int32) * 8, 0, 255).astype(np.uint8)
        Image.fromarray(dim, "RGB").save(diff_path)
        raise AssertionError(f"snapshot {name}: {summary}; see {actual_path} and {diff_path}")
