"""The form's choices in plain words, keyed by schema-1 value, and the month rule (month -> day).

A month a resident picks becomes the day of its 15th, counted from the exhibit's `[data]
first_date` (day 0); the anchor's own month becomes day 0 when its 15th falls before the anchor.
The middle of the month is off by at most about two weeks either way, and a journey's days keep
their order. Months on offer run from the anchor's month to the present one, newest first."""

from __future__ import annotations

import datetime as dt

from lumen.records.schema import AGE_BANDS, CHANNELS, EVENT_KINDS, INCOME_BANDS

MAX_EVENTS = 12
MONTH_DAY = 15

AGE_WORDS = {"0-17": "Under 18", "18-34": "18 to 34", "35-49": "35 to 49", "50-64": "50 to 64",
             "65-79": "65 to 79", "80+": "80 or older"}
INCOME_WORDS = {"low": "Lower income", "middle": "Middle income", "high": "Higher income",
                "undisclosed": "Prefer not to say"}
KIND_WORDS = {
    "checkup": "Check-up", "cleaning": "Cleaning", "filling": "Filling", "extraction": "A tooth taken out",
    "root_canal": "Root canal", "orthodontic": "Braces or other orthodontics", "emergency": "Emergency visit",
    "missed": "Missed an appointment", "barrier": "Wanted care but could not get it",
    "outreach": "Outreach: care came to me", "workshop": "A workshop or class",
}
CHANNEL_WORDS = {
    "clinic": "At a clinic", "network": "Tele-dentistry (the city network)", "mobile": "Mobile clinic",
    "community": "Community centre", "none": "None of these",
}
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")

# Every schema value has words, in schema order (the form lists them so).
AGES = tuple((v, AGE_WORDS[v]) for v in AGE_BANDS)
INCOMES = tuple((v, INCOME_WORDS[v]) for v in INCOME_BANDS)
KINDS = tuple((v, KIND_WORDS[v]) for v in EVENT_KINDS)
CHANNEL_CHOICES = tuple((v, CHANNEL_WORDS[v]) for v in CHANNELS)


def months_on_offer(first: dt.date, today: dt.date) -> list[tuple[str, str]]:
    """("YYYY-MM", "Month YYYY") from today's month back to the anchor's month."""
    out = []
    y, m = today.year, today.month
    while (y, m) >= (first.year, first.month):
        out.append((f"{y:04d}-{m:02d}", f"{MONTH_NAMES[m - 1]} {y}"))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out


def month_day(month: str, first: dt.date) -> int:
    """The dataset day of a "YYYY-MM" month: its 15th counted from first (never before day 0)."""
    y, m = int(month[:4]), int(month[5:7])
    return max(0, (dt.date(y, m, MONTH_DAY) - first).days)
