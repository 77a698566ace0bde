"""The flash measure in numpy: per cell, the mean relative luminance and the mean saturated-red value.

The same numbers as shaders/passes/safety/measure.frag (tested): sample every `stride`-th pixel of every
`stride`-th row, starting `stride // 2` in (image coordinates, top-left origin); linearise sRGB
through the same 256-entry table; luminance with Rec. 709 weights; the red measure is WCAG's
(R - G - B) x 320 on linear values, counted only where the pixel is saturated red
(R / (R + G + B) >= 0.8) and never negative. A cell's value is the mean over its samples."""

from __future__ import annotations

import numpy as np

from lumen.safety.geometry import FlashGeometry

REC709 = (0.2126, 0.7152, 0.0722)
RED_SCALE = 320.0
RED_SATURATION = 0.8


def srgb_table() -> np.ndarray:
    """The IEC 61966-2-1 decoding of each 8-bit code, as float32 (the shader reads this table)."""
    c = np.arange(256, dtype=np.float64) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4).astype(np.float32)


SRGB_TABLE = srgb_table()


def pixel_measures(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(luminance, red measure) of each pixel of an (..., 3) uint8 sRGB array, float32."""
    lin = SRGB_TABLE[rgb[..., :3]]
    r, g, b = lin[..., 0], lin[..., 1], lin[..., 2]
    lum = np.float32(REC709[0]) * r + np.float32(REC709[1]) * g + np.float32(REC709[2]) * b
    saturated = r >= np.float32(RED_SATURATION) * (r + g + b)
    red = np.where(saturated, np.maximum(r - g - b, np.float32(0.0)) * np.float32(RED_SCALE), np.float32(0.0))
    return lum, red.astype(np.float32)


def _cell_starts(edges: tuple[int, ...], offset: int, stride: int, length: int) -> tuple[np.ndarray, np.ndarray]:
    """Index of each cell's first sample along one axis, and the number of samples in each cell."""
    positions = np.arange(offset, length, stride)
    bounds = np.searchsorted(positions, np.asarray(edges), side="left")
    return bounds[:-1], np.diff(bounds)


def cell_sums(values: np.ndarray, geometry: FlashGeometry) -> np.ndarray:
    """Sum each cell's samples of a (rows, cols) sample array; a cell without samples sums to 0."""
    w, h = geometry.size
    off, s = geometry.stride // 2, geometry.stride
    xs, nx = _cell_starts(geometry.x_edges, off, s, w)
    ys, ny = _cell_starts(geometry.y_edges, off, s, h)
    padded = np.pad(values.astype(np.float64), ((0, 1), (0, 1)))  # reduceat needs an index past the last
    rows = np.add.reduceat(padded, np.minimum(ys, padded.shape[0] - 1), axis=0)
    sums = np.add.reduceat(rows, np.minimum(xs, padded.shape[1] - 1), axis=1)
    return np.where(np.outer(ny, nx) > 0, sums, 0.0)


def sample_counts(geometry: FlashGeometry) -> np.ndarray:
    """(rows, cols) number of samples in each cell."""
    w, h = geometry.size
    off, s = geometry.stride // 2, geometry.stride
    return np.outer(_cell_starts(geometry.y_edges, off, s, h)[1], _cell_starts(geometry.x_edges, off, s, w)[1])


def measure_frame(rgb: np.ndarray, geometry: FlashGeometry) -> tuple[np.ndarray, np.ndarray]:
    """(luminance, red) cell means, each (rows, cols) float32, of an (H, W, 3|4) uint8 frame, top row first."""
    h, w = rgb.shape[:2]
    if (w, h) != geometry.size:
        raise ValueError(f"frame is {w}x{h}, the geometry is for {geometry.size[0]}x{geometry.size[1]}")
    off, s = geometry.stride // 2, geometry.stride
    lum, red = pixel_measures(rgb[off::s, off::s])
    counts = np.maximum(sample_counts(geometry), 1)
    return ((cell_sums(lum, geometry) / counts).astype(np.float32),
            (cell_sums(red, geometry) / counts).astype(np.float32))
