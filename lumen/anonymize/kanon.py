"""k-anonymity over (district, age_band, income_band): merge districts first, then suppress."""

from __future__ import annotations

import numpy as np

MERGE_FRACTION = 0.10  # merge a district when more than this share of it sits in classes below k


def class_sizes(district: np.ndarray, age: np.ndarray, income: np.ndarray) -> np.ndarray:
    """Size of each journey's (district, age, income) equivalence class."""
    key = (district.astype(np.int64) * 64 + age) * 8 + income
    _, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    return counts[inverse]


def generalise(district: np.ndarray, age: np.ndarray, income: np.ndarray, k: int,
               other: int) -> tuple[np.ndarray, list[int]]:
    """Merge districts into `other`, smallest first, while a merge is warranted; return codes and merged."""
    district = district.copy()
    merged: list[int] = []
    while True:
        small = class_sizes(district, age, income) < k
        codes = [d for d in np.unique(district[small]).tolist() if d != other]
        if not codes:
            return district, merged
        sizes = np.bincount(district, minlength=max(codes) + 1)
        lost = np.bincount(district[small], minlength=max(codes) + 1)
        # Merge only where suppression would cost a real share of the district.
        candidates = [d for d in codes if lost[d] > MERGE_FRACTION * sizes[d] or sizes[d] < k]
        if not candidates:
            return district, merged
        d = min(candidates, key=lambda c: (sizes[c], c))
        district[district == d] = other
        merged.append(d)


def k_anonymise(district: np.ndarray, age: np.ndarray, income: np.ndarray, k: int,
                other: int) -> tuple[np.ndarray, np.ndarray, list[int], int]:
    """Generalised district codes, keep-mask, merged district codes, and the k reached (0 if none kept)."""
    district, merged = generalise(district, age, income, k, other)
    sizes = class_sizes(district, age, income) if district.size else np.zeros(0, np.int64)
    keep = sizes >= k
    reached = int(sizes[keep].min()) if keep.any() else 0
    return district, keep, merged, reached
