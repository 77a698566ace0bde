"""Schema 1 of journey records: allowed values (tuple index = integer code) and limits."""

from __future__ import annotations

import re

# Order matters: the index of a value is its integer code in every column and texture.
AGE_BANDS: tuple[str, ...] = ("0-17", "18-34", "35-49", "50-64", "65-79", "80+")
# "undisclosed": the resident chose not to say (the web form's "prefer not to say"); last, so the
# other bands keep their codes and their order.
INCOME_BANDS: tuple[str, ...] = ("low", "middle", "high", "undisclosed")
EVENT_KINDS: tuple[str, ...] = (
    "checkup", "cleaning", "filling", "extraction", "root_canal", "orthodontic",
    "emergency", "missed", "barrier", "outreach", "workshop",
)
CHANNELS: tuple[str, ...] = ("clinic", "network", "mobile", "community", "none")
OUTCOMES: tuple[str, ...] = ("improved", "stable", "worsened")

NO_OUTCOME = -1  # event_outcome code when an event has no outcome

# Kinds that count as care received (features.care_count); missed/barrier are care not received.
CARE_KINDS: tuple[str, ...] = (
    "checkup", "cleaning", "filling", "extraction", "root_canal", "orthodontic", "emergency",
)

DAY_MIN, DAY_MAX = 0, 36_500
ID_MIN_LEN, ID_MAX_LEN = 4, 64
ID_PATTERN = "^[A-Za-z0-9_-]{4,64}$"
ID_RE = re.compile(ID_PATTERN)
DISTRICT_MIN_LEN, DISTRICT_MAX_LEN = 1, 64
DISTRICT_PATTERN = "^[^\\x00-\\x1f\\x7f]*$"  # any printable name: no control characters
DISTRICT_RE = re.compile(DISTRICT_PATTERN)

JOURNEY_FIELDS: tuple[str, ...] = ("id", "district", "age_band", "income_band", "events")
EVENT_FIELDS: tuple[str, ...] = ("day", "kind", "channel", "outcome")
CSV_HEADER: tuple[str, ...] = (
    "id", "district", "age_band", "income_band", "day", "kind", "channel", "outcome",
)

# Nesting deeper than this is refused before decoding (a record needs depth 3).
MAX_DEPTH = 8
# A line longer than this cannot be a sane journey (~40 000 events) and is refused unread.
MAX_LINE_BYTES = 4 * 1024 * 1024


def code_of(values: tuple[str, ...]) -> dict[str, int]:
    """Map each allowed value to its integer code."""
    return {v: i for i, v in enumerate(values)}
