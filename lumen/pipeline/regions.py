"""Region arithmetic (pure, GL-free): crops as users give them, and the padding that makes mip chains
and feedback fields computed on the padded rectangle give exactly the full frame's pixels inside
the crop."""

from __future__ import annotations

from dataclasses import dataclass

from lumen.errors import UserError
from lumen.passes.frame import Region


def pad_region(crop: Region, canvas: tuple[int, int], align: int, margin: int) -> Region:
    """Grow `crop` by `margin` on every side, snap its corner down to a multiple of `align` so coarse
    texel grids line up with the full frame's, and clip to the canvas (whose edges the full frame
    clamps at, too). The full canvas pads to itself."""
    x0 = max(0, (crop.x - margin) // align * align)
    y0 = max(0, (crop.y - margin) // align * align)
    x1 = min(canvas[0], -(-(crop.x + crop.width + margin) // align) * align)
    y1 = min(canvas[1], -(-(crop.y + crop.height + margin) // align) * align)
    return Region(x0, y0, x1 - x0, y1 - y0)


def combined_reach(reaches: list[tuple[int, int]]) -> tuple[int, int]:
    """Alignment is the largest (all are powers of two); margins add up along the graph."""
    align = max((a for a, _ in reaches), default=1)
    return align, sum(m for _, m in reaches)


@dataclass(frozen=True)
class Crop:
    """A sub-rectangle of the canvas in image coordinates (x right, y down), as users give it."""

    x: int
    y: int
    width: int
    height: int

    def to_region(self, canvas: tuple[int, int]) -> Region:
        """The same rectangle in GL's bottom-left canvas coordinates."""
        return Region(self.x, canvas[1] - self.y - self.height, self.width, self.height)

    def check(self, canvas: tuple[int, int]) -> None:
        if self.width < 1 or self.height < 1 or self.x < 0 or self.y < 0 \
                or self.x + self.width > canvas[0] or self.y + self.height > canvas[1]:
            raise UserError(f"--region {self.x},{self.y},{self.width},{self.height}: expected a rectangle "
                            f"inside the {canvas[0]}x{canvas[1]} canvas")
