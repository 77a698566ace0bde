"""Headless rendering: one frame of an exhibit at a time, size and region, to numpy or PNG."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from lumen.encode.loader import SceneData, load_scene_data
from lumen.encode.story import story_for
from lumen.errors import UserError
from lumen.exhibit.model import Exhibit
from lumen.gl.context import create_headless_context
from lumen.pipeline.pipeline import Pipeline
from lumen.pipeline.provenance import Provenance
from lumen.pipeline.regions import Crop


class HeadlessRenderer:
    """An EGL context plus one pipeline; render() returns (H, W, 4) uint8 frames."""

    def __init__(self, exhibit: Exhibit, data: SceneData | None = None, ctx=None, quiet: bool = True,
                 captions: bool = True):
        self.ctx = ctx or create_headless_context()
        self.exhibit = exhibit
        self.data = data or load_scene_data(exhibit, quiet=quiet)
        self.pipeline = Pipeline(self.ctx, exhibit, self.data.tiles)
        if captions:
            self.pipeline.set_captions(story_for(exhibit, self.data.journeys)[1])

    def render(self, time: float, size: tuple[int, int] | None = None, crop: Crop | None = None,
               overrides: dict[str, dict[str, float]] | None = None) -> np.ndarray:
        canvas = size or self.exhibit.size
        region = None
        if crop is not None:
            crop.check(canvas)
            region = crop.to_region(canvas)
        frame = self.pipeline.frame(time, canvas, region, overrides)
        return self.pipeline.render_rgba(frame)

    def release(self) -> None:
        self.pipeline.release()


def png_info(provenance: Provenance | None) -> PngInfo | None:
    """tEXt chunks holding the provenance fields (no timestamp: identical renders stay identical bytes)."""
    if provenance is None:
        return None
    info = PngInfo()
    for key, value in provenance.fields().items():
        info.add_text(key, value)
    return info


def save_png(rgba: np.ndarray, out: Path, provenance: Provenance | None = None, compress_level: int = 6) -> Path:
    """Write an RGB PNG (alpha is always opaque) with its provenance; deterministic bytes for identical
    pixels and provenance."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        Image.fromarray(np.ascontiguousarray(rgba[..., :3]), "RGB").save(out, compress_level=compress_level,
                                                                        pnginfo=png_info(provenance))
    except OSError as exc:
        raise UserError(f"{out}: cannot write PNG ({exc.strerror or exc})") from None
    return out
