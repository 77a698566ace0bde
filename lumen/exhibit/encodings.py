"""Encodings: checks that each visual channel names a field or feature that can drive it."""

from __future__ import annotations

from lumen.exhibit.layers import Origins
from lumen.exhibit.values import suggest
from lumen.vocabulary.features import CATEGORICAL_FEATURES, FEATURE_NAMES, GROUP_FIELDS, ORDINAL_FIELDS
from lumen.vocabulary.features import NUMERIC_FEATURES as NUMERIC


def check_encodings(encodings: dict, layout: dict, origins: Origins, problems: list[str]) -> None:
    """Append a problem for each mapping that the tile builder could not apply."""
    def bad(section: str, key: str, message: str) -> None:
        problems.append(f"{origins(section, key)}: {section}.{key}: {message}")

    hue = encodings.get("hue")
    if isinstance(hue, str) and hue not in CATEGORICAL_FEATURES:
        why = " (a numeric feature has no colour per value)" if hue in FEATURE_NAMES else suggest(hue, FEATURE_NAMES)
        bad("encodings", "hue", f"expected a categorical feature ({', '.join(CATEGORICAL_FEATURES)}), "
                                f"got {hue!r}{why}")
    for key in ("brightness", "rhythm"):
        name = encodings.get(key)
        if not isinstance(name, str) or name in NUMERIC:
            continue
        if name in CATEGORICAL_FEATURES + ORDINAL_FIELDS:
            bad("encodings", key, f"expected a numeric feature, got {name!r}, which has no order; "
                                  f"expected one of {', '.join(NUMERIC)}")
        else:
            bad("encodings", key, f"unknown feature {name!r}{suggest(name, NUMERIC)}; "
                                  f"expected one of {', '.join(NUMERIC)}")
    for key in ("brightness_range", "rhythm_range"):
        pair = encodings.get(key)
        if isinstance(pair, tuple) and (len(pair) != 2 or not 0.0 <= pair[0] <= pair[1] <= 100.0):
            bad("encodings", key, f"expected [low, high] with 0 <= low <= high, got {list(pair)}")
    order = layout.get("order")
    if isinstance(order, tuple):
        options = GROUP_FIELDS + FEATURE_NAMES
        for i, name in enumerate(order):
            if name not in options:
                bad("layout", "order", f"item {i + 1}: unknown field or feature {name!r}{suggest(name, options)}; "
                                       f"expected journey fields ({', '.join(GROUP_FIELDS)}) or features")
    group = layout.get("group")
    if isinstance(group, str) and group not in GROUP_FIELDS + CATEGORICAL_FEATURES:
        options = GROUP_FIELDS + CATEGORICAL_FEATURES
        bad("layout", "group", f"expected a journey field or categorical feature ({', '.join(options)}), "
                               f"got {group!r}{suggest(group, options)}")
