"""The GL class of every declared pass kind (declarations: lumen/vocabulary/passes.py)."""

from __future__ import annotations

from lumen.passes.base import Pass
from lumen.passes.bloom import BloomPass
from lumen.passes.captions import CaptionsPass
from lumen.passes.composite import CompositePass
from lumen.passes.glow import GlowPass
from lumen.passes.layout import LayoutPass
from lumen.passes.mix import MixPass
from lumen.passes.mosaic import MosaicPass
from lumen.passes.rings import RingsPass
from lumen.passes.simulate import SimulatePass
from lumen.passes.tonemap import TonemapPass

PASS_CLASSES: dict[str, type[Pass]] = {
    cls.declared.kind: cls
    for cls in (LayoutPass, SimulatePass, MosaicPass, BloomPass, TonemapPass, CompositePass, GlowPass, MixPass,
                CaptionsPass, RingsPass)
}
