"""The per-journey features an exhibit may encode (computed by lumen/encode/features.py), and the
journey fields that layouts may group or order by."""

from __future__ import annotations

FEATURE_NAMES: tuple[str, ...] = (
    "event_count", "care_count", "barrier_count", "missed_count", "continuity",
    "network_dependency", "outage_impact", "outcome_trend", "first_day", "last_day",
    "dominant_channel",
)
CATEGORICAL_FEATURES: tuple[str, ...] = ("dominant_channel",)   # codes into CHANNELS: a colour each
NUMERIC_FEATURES: tuple[str, ...] = tuple(f for f in FEATURE_NAMES if f not in CATEGORICAL_FEATURES)
ORDINAL_FIELDS: tuple[str, ...] = ("age_band", "income_band")          # journey fields with an order
GROUP_FIELDS: tuple[str, ...] = ("district", "age_band", "income_band")  # journey fields layouts group by
