"""Every pass kind's contract as data: its input slots, output format and parameters with ranges.

GL-free, so that exhibit validation, `lumen validate` and the docs read the same declarations the
GL passes (lumen/passes/) are built from. A pass class takes its declaration with
`declared = PASS_KINDS["bloom"]`."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Param:
    """A pass parameter: default, inclusive range, and one line for docs and errors.

    `widens_reach`: a larger value makes the pass read farther across the canvas, so a region render
    pads for the largest value the exhibit can give it (keyframes included)."""

    default: float
    lo: float
    hi: float
    doc: str = ""
    widens_reach: bool = False

    def problem(self, value: float) -> str | None:
        """None when value is in range, else what was expected."""
        if self.lo <= value <= self.hi:
            return None
        return f"expected a value in [{self.lo:g}, {self.hi:g}], got {value:g}"


@dataclass(frozen=True)
class PassKind:
    """What the render graph needs to know about a kind without building it."""

    kind: str
    doc: str
    inputs: tuple[str, ...] = ()     # input slot names, filled in the exhibit's order
    params: dict[str, Param] = field(default_factory=dict)
    format: str = "rgba16f"          # output format unless the exhibit sets one


# Cell shading, shared by mosaic and composite (which shades cells at full resolution).
CELL_PARAMS = {
    "core": Param(3.2, 0.1, 20.0, "sharpness of the luminous core"),
    "rim": Param(0.22, 0.0, 2.0, "brightness of the membrane near the cell edge"),
}
# The display transform, shared by tonemap and composite.
DISPLAY_PARAMS = {
    "exposure": Param(0.0, -8.0, 8.0, "stops of exposure before the tone curve"),
    "bloom_strength": Param(0.35, 0.0, 4.0, "how much bloom light is added"),
    "curve": Param(0, 0, 1, "0 ACES, 1 AgX"),
    "dither": Param(1.0, 0.0, 4.0, "dither amplitude in 8-bit steps (hides banding in dark gradients)"),
}

_KINDS = (
    PassKind("layout", "the tile map (journey and radius per pixel), recomputed when data or size change",
             params={
                 "roundness": Param(3.0, 1.0, 16.0, "cell shape: 2 round, larger squarer (grid, hex)"),
                 "margin": Param(0.04, 0.0, 0.4, "empty border as a fraction of the canvas's short side"),
                 "gap": Param(0.3, 0.0, 4.0, "clusters: water between islands, as a fraction of the mean "
                              "island radius"),
             }, format="rg32f"),
    PassKind("simulate", "per-journey light for the frame's time, in closed form (one texel per journey)",
             params={
                 "coupling": Param(0.0, 0.0, 1.0, "0 scattered phases, 1 every tile pulses together"),
                 "global_freq": Param(0.12, 0.01, 1.0, "frequency of the shared pulse, Hz"),
                 "outage": Param(0.0, 0.0, 1.0, "how strongly outage impact dims a tile"),
                 "flare_gain": Param(1.0, 0.0, 8.0, "brightness of an event's flare"),
                 "flare_tau": Param(4.0, 0.1, 60.0, "flare decay time, dataset days"),
                 "flare_attack": Param(0.6, 0.05, 10.0, "flare rise time, dataset days (keeps flares soft)"),
                 "pulse_depth": Param(0.55, 0.0, 1.0, "share of a tile's light that breathes with its pulse"),
                 "palette_blend": Param(0.0, 0.0, 1.0, "0 the exhibit's palette, 1 palette.blend_to"),
                 "reroute": Param(0.0, 0.0, 1.0, "the rerouting wave: access returns to the tiles a front has "
                                  "passed, spreading from [story] reroute_origin; 0 none yet, 1 everyone"),
             }),
    PassKind("mosaic", "every pixel looks up its tile and that journey's light (HDR)",
             inputs=("tiles", "light"), params=dict(CELL_PARAMS)),
    PassKind("bloom", "dual-filter bloom, starting below its input's resolution", inputs=("scene",), params={
        "levels": Param(4, 1, 8, "mip levels below the input (the first at half the input's resolution)",
                        widens_reach=True),
        "threshold": Param(0.35, 0.0, 10.0, "light below this does not bloom"),
        "knee": Param(0.3, 0.01, 5.0, "softness of the threshold"),
        "spread": Param(1.0, 0.25, 3.0, "tap spacing on the way up"),
    }),
    PassKind("glow", "a feedback field in which light drifts and decays (the plankton trails)",
             inputs=("source",), params={
                 "half_life": Param(0.8, 0.05, 5.0, "seconds for trail light to halve", widens_reach=True),
                 "drift": Param(0.02, 0.0, 0.5, "flow speed, in canvas heights per second (size-independent)",
                                widens_reach=True),
                 "eddy": Param(0.15, 0.01, 2.0, "size of the flow's eddies, in canvas heights"),
                 "gain": Param(0.35, 0.0, 20.0, "fresh light entering the field per second"),
                 "step": Param(1 / 15, 1 / 120, 0.25, "fixed step, seconds (each step re-renders its source)"),
             }),
    PassKind("mix", "a weighted sum of two images, at this pass's scale", inputs=("first", "second"), params={
        "a": Param(1.0, 0.0, 16.0, "weight of the first input"),
        "b": Param(1.0, 0.0, 16.0, "weight of the second input"),
    }),
    PassKind("tonemap", "scene + bloom, exposure, ACES or AgX, sRGB, dither -> the 8-bit frame",
             inputs=("scene", "bloom"), params=dict(DISPLAY_PARAMS), format="rgba8"),
    PassKind("composite", "cells at full resolution + a low-resolution halo, tone mapped -> the 8-bit frame",
             inputs=("tiles", "light", "halo"), params=CELL_PARAMS | DISPLAY_PARAMS, format="rgba8"),
    PassKind("rings", "a brief ring round each tile just born from live data, drawn over the finished frame",
             inputs=("frame",), params={
                 "seconds": Param(4.0, 0.5, 20.0, "how long a ring lasts, show seconds"),
                 "size": Param(0.06, 0.01, 0.3, "the ring's widest radius, in canvas heights"),
             }, format="rgba8"),
    PassKind("captions", "the act's caption (docs/story.md) drawn over the finished 8-bit frame, in place",
             inputs=("frame",), params={
                 "size": Param(2.0, 1.0, 4.0, "letter height as a multiple of the ADA minimum for the exhibit's "
                               "viewing distance (docs/story.md)"),
                 "scrim": Param(0.78, 0.0, 1.0, "opacity of the dark band behind the text (keeps it above 7:1 "
                                "contrast over any tile)"),
             }, format="rgba8"),
)
PASS_KINDS: dict[str, PassKind] = {k.kind: k for k in _KINDS}
