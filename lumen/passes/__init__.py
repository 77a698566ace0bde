"""Pass kinds: each a small class with its shaders under shaders/passes/<kind>/."""

from lumen.passes.base import Frame, GLResources, Param, Pass
from lumen.passes.bloom import BloomPass
from lumen.passes.composite import CompositePass
from lumen.passes.glow import GlowPass
from lumen.passes.layout import LayoutPass
from lumen.passes.mix import MixPass
from lumen.passes.mosaic import MosaicPass
from lumen.passes.simulate import SimulatePass
from lumen.passes.tonemap import TonemapPass

PASS_KINDS: dict[str, type[Pass]] = {
    cls.kind: cls for cls in (LayoutPass, SimulatePass, MosaicPass, BloomPass, TonemapPass, CompositePass, GlowPass, MixPass)
}

__all__ = ["PASS_KINDS", "Frame", "GLResources", "Param", "Pass"]
