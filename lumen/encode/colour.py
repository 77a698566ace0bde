"""Colour science for palettes, in numpy: sRGB <-> Lab, CIEDE2000, and colour-vision-deficiency simulation."""

from __future__ import annotations

import numpy as np

# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
CVD_MATRICES: dict[str, np.ndarray] = {
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
_SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                         [0.2126729, 0.7151522, 0.0721750],
                         [0.0193339, 0.1191920, 0.9503041]])
_WHITE_D65 = np.array([0.95047, 1.0, 1.08883])


def hex_to_srgb(colours) -> np.ndarray:
    """'#rrggbb' (or a list of them) -> sRGB floats in [0, 1], shape (..., 3)."""
    one = isinstance(colours, str)
    rows = [[int(c[i:i + 2], 16) / 255.0 for i in (1, 3, 5)] for c in ([colours] if one else colours)]
    out = np.array(rows, np.float64)
    return out[0] if one else out


def srgb_to_linear(rgb: np.ndarray) -> np.ndarray:
    rgb = np.asarray(rgb, np.float64)
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(lin: np.ndarray) -> np.ndarray:
    lin = np.clip(np.asarray(lin, np.float64), 0.0, 1.0)
    return np.where(lin <= 0.0031308, lin * 12.92, 1.055 * lin ** (1 / 2.4) - 0.055)


def simulate_cvd(rgb: np.ndarray, kind: str = "deuteranopia") -> np.ndarray:
    """sRGB as seen with a colour-vision deficiency (Machado 2009, full severity), sRGB out."""
    lin = srgb_to_linear(rgb) @ CVD_MATRICES[kind].T
    return linear_to_srgb(lin)


def srgb_to_lab(rgb: np.ndarray) -> np.ndarray:
    """sRGB in [0, 1] -> CIE L*a*b* (D65)."""
    xyz = srgb_to_linear(rgb) @ _SRGB_TO_XYZ.T / _WHITE_D65
    eps, kappa = 216 / 24389, 24389 / 27
    f = np.where(xyz > eps, np.cbrt(xyz), (kappa * xyz + 16) / 116)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], axis=-1)


def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> np.ndarray:
    """CIEDE2000 colour difference (kL = kC = kH = 1) between Lab arrays of shape (..., 3)."""
    L1, a1, b1 = np.moveaxis(np.asarray(lab1, np.float64), -1, 0)
    L2, a2, b2 = np.moveaxis(np.asarray(lab2, np.float64), -1, 0)
    c_bar = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_bar ** 7 / (c_bar ** 7 + 25.0 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    dLp, dCp = L2 - L1, c2p - c1p
    dh = h2p - h1p
    dh = np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh))
    dh = np.where(c1p * c2p == 0, 0.0, dh)
    dHp = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh / 2))
    L_bar, C_bar = (L1 + L2) / 2, (c1p + c2p) / 2
    h_sum = h1p + h2p
    h_bar = np.where(np.abs(h1p - h2p) > 180, np.where(h_sum < 360, h_sum + 360, h_sum - 360), h_sum) / 2
    h_bar = np.where(c1p * c2p == 0, h_sum, h_bar)
    t = (1 - 0.17 * np.cos(np.radians(h_bar - 30)) + 0.24 * np.cos(np.radians(2 * h_bar))
         + 0.32 * np.cos(np.radians(3 * h_bar + 6)) - 0.20 * np.cos(np.radians(4 * h_bar - 63)))
    d_theta = 30 * np.exp(-(((h_bar - 275) / 25) ** 2))
    r_c = 2 * np.sqrt(C_bar ** 7 / (C_bar ** 7 + 25.0 ** 7))
    s_l = 1 + 0.015 * (L_bar - 50) ** 2 / np.sqrt(20 + (L_bar - 50) ** 2)
    s_c = 1 + 0.045 * C_bar
    s_h = 1 + 0.015 * C_bar * t
    r_t = -np.sin(np.radians(2 * d_theta)) * r_c
    return np.sqrt((dLp / s_l) ** 2 + (dCp / s_c) ** 2 + (dHp / s_h) ** 2 + r_t * (dCp / s_c) * (dHp / s_h))


def min_pair_distance(colours: list[str], cvd: str | None = None) -> tuple[float, tuple[int, int]]:
    """Smallest CIEDE2000 distance between any two of the colours (optionally as a CVD viewer sees them)."""
    rgb = hex_to_srgb(colours)
    if cvd:
        rgb = simulate_cvd(rgb, cvd)
    lab = srgb_to_lab(rgb)
    i, j = np.triu_indices(len(colours), k=1)
    d = ciede2000(lab[i], lab[j])
    k = int(np.argmin(d))
    return float(d[k]), (int(i[k]), int(j[k]))


# OKLab (Björn Ottosson, 2020): linear sRGB -> cone response -> cube root -> Lab.
_LINEAR_TO_LMS = np.array([[0.4122214708, 0.5363325363, 0.0514459929],
                           [0.2119034982, 0.6806995451, 0.1073969566],
                           [0.0883024619, 0.2817188376, 0.6299787005]])
_LMS_TO_OKLAB = np.array([[0.2104542553, 0.7936177850, -0.0040720468],
                          [1.9779984951, -2.4285922050, 0.4505937099],
                          [0.0259040371, 0.7827717662, -0.8086757660]])
# Inverted once at import: the palette blend runs every frame of a blend act, and a first
# np.linalg call mid-show also maps LAPACK's code in, which reads as a memory step in a soak.
_OKLAB_TO_LMS = np.linalg.inv(_LMS_TO_OKLAB)
_LMS_TO_LINEAR = np.linalg.inv(_LINEAR_TO_LMS)


def linear_to_oklab(lin: np.ndarray) -> np.ndarray:
    return np.cbrt(np.asarray(lin, np.float64) @ _LINEAR_TO_LMS.T) @ _LMS_TO_OKLAB.T


def oklab_to_linear(lab: np.ndarray) -> np.ndarray:
    return (np.asarray(lab, np.float64) @ _OKLAB_TO_LMS.T) ** 3 @ _LMS_TO_LINEAR.T


FLARE_TINT = 0.5   # encodings.flare = "dominant_channel": halfway from the flare colour to the tile's hue


def flare_colours(hues: np.ndarray, flare: np.ndarray, tinted: bool) -> np.ndarray:
    """The flare colour of each hue (linear rgb, (..., 3)): the palette's flare colour, or with
    `tinted` that colour moved halfway toward the hue at full strength. The simulate pass and the
    legend both colour flares with this."""
    hues = np.asarray(hues, np.float64)
    if not tinted:
        return np.broadcast_to(np.asarray(flare, np.float64), hues.shape).copy()
    peak = np.maximum(hues.max(axis=-1, keepdims=True), 1e-4)
    return (1.0 - FLARE_TINT) * np.asarray(flare, np.float64) + FLARE_TINT * hues / peak


def mix_hue(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    """Linear rgb between a and b (..., 3), interpolated in OKLCh: lightness and chroma blend and the
    hue turns the short way round, so teal to amber passes through green and gold, not grey."""
    la, lb = linear_to_oklab(a), linear_to_oklab(b)
    ca, cb = np.hypot(la[..., 1], la[..., 2]), np.hypot(lb[..., 1], lb[..., 2])
    ha, hb = np.arctan2(la[..., 2], la[..., 1]), np.arctan2(lb[..., 2], lb[..., 1])
    turn = (hb - ha + np.pi) % (2 * np.pi) - np.pi
    h, c = ha + t * turn, ca + t * (cb - ca)
    lab = np.stack([la[..., 0] + t * (lb[..., 0] - la[..., 0]), c * np.cos(h), c * np.sin(h)], axis=-1)
    return np.maximum(oklab_to_linear(lab), 0.0)
