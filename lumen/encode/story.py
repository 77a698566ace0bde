"""Story figures: the numbers that captions print, computed from the journeys an exhibit shows, with
small-number suppression. Definitions are in docs/story.md; `lumen story` prints them."""

from __future__ import annotations

import string
from dataclasses import dataclass

import numpy as np

from lumen.records.journeys import Journeys
from lumen.records.schema import CARE_KINDS, CHANNELS, EVENT_KINDS, INCOME_BANDS

SUPPRESSED = "–"   # what a suppressed figure prints (an en dash, as public-health tables do)
LOST_KINDS = ("missed", "barrier")
REACH_KINDS = ("outreach", "workshop")
BANDS = INCOME_BANDS + ("all",)


@dataclass(frozen=True)
class Figure:
    """A number (or a name) and the residents it is computed over. It formats as SUPPRESSED when
    those residents are fewer than `min_group`, or when it counts between 1 and min_group - 1
    people (a small numerator can be worked back from a share)."""

    value: float | int | str
    residents: int
    people: int | None
    min_group: int
    definition: str

    @property
    def suppressed(self) -> bool:
        small_count = self.people is not None and 0 < self.people < self.min_group
        return self.residents < self.min_group or small_count

    def __format__(self, spec: str) -> str:
        if self.suppressed:
            return SUPPRESSED
        return format(self.value, spec)

    def __str__(self) -> str:
        return format(self, "")

    def as_json(self) -> dict:
        return {"value": None if self.suppressed else self.value, "residents": self.residents,
                "suppressed": self.suppressed, "definition": self.definition}


class FigureGroup:
    """Figures by income band as attributes (`lost_care.low`, `.all`) and by district as items
    (`lost_care[Riverside]`), so templates read like sentences."""

    def __init__(self, by_band: dict[str, Figure], by_district: dict[str, Figure]):
        self.by_band = by_band
        self.by_district = by_district

    def __getattr__(self, name: str) -> Figure:
        try:
            return self.__dict__["by_band"][name]
        except KeyError:
            raise AttributeError(f"no income band {name!r}; expected one of {', '.join(BANDS)}") from None

    def __getitem__(self, district: str) -> Figure:
        try:
            return self.by_district[district]
        except KeyError:
            raise KeyError(f"no district {district!r} in the shown data; districts: "
                           f"{', '.join(self.by_district) or 'none'}") from None

    def items(self):
        yield from self.by_band.items()
        yield from self.by_district.items()


@dataclass(frozen=True)
class JourneyFacts:
    """Per shown journey: did it lose care in the outage, did care return, did outreach reach it."""

    lost: np.ndarray
    returned: np.ndarray
    reached: np.ndarray


def journey_facts(journeys: Journeys, outage_days: tuple[int, int]) -> JourneyFacts:
    """Lost care: at least one `missed` or `barrier` event on channel `network` inside the outage
    window (both ends included). Returned: lost care, then a care event after the window. Reached:
    lost care, then an outreach or workshop event after the window."""
    a, b = outage_days
    n = len(journeys)
    owner = journeys.event_journey()
    kind, channel, day = journeys.event_kind, journeys.event_channel, journeys.event_day
    lost_kinds = np.isin(kind, [EVENT_KINDS.index(k) for k in LOST_KINDS])
    lost_event = lost_kinds & (channel == CHANNELS.index("network")) & (day >= a) & (day <= b)
    after = day > b
    care_event = np.isin(kind, [EVENT_KINDS.index(k) for k in CARE_KINDS]) & after
    reach_event = np.isin(kind, [EVENT_KINDS.index(k) for k in REACH_KINDS]) & after
    lost = np.bincount(owner[lost_event], minlength=n) > 0
    returned = lost & (np.bincount(owner[care_event], minlength=n) > 0)
    reached = lost & (np.bincount(owner[reach_event], minlength=n) > 0)
    return JourneyFacts(lost, returned, reached)


def _groups(journeys: Journeys) -> dict[str, np.ndarray]:
    """Masks of the income bands, 'all', and each district present, in that order."""
    masks = {band: journeys.income_band == i for i, band in enumerate(INCOME_BANDS)}
    masks["all"] = np.ones(len(journeys), bool)
    for code in np.unique(journeys.district):
        masks[journeys.districts[int(code)]] = journeys.district == code
    return masks


def story_figures(journeys: Journeys, outage_days: tuple[int, int], min_group: int) -> dict[str, object]:
    """Every figure a caption may use, computed from the shown journeys (see docs/story.md)."""
    facts = journey_facts(journeys, outage_days)
    masks = _groups(journeys)
    a, b = outage_days

    def group(numerator: np.ndarray | None, denominator_of, definition: str, share: bool) -> FigureGroup:
        bands, districts = {}, {}
        for name, mask in masks.items():
            base = mask & denominator_of
            residents = int(base.sum())
            people = int((base & numerator).sum()) if numerator is not None else residents
            value = (people / residents if residents else 0.0) if share else people
            where = ("all shown residents" if name == "all" else "residents who did not give their income"
                     if name == "undisclosed" else f"{name}-income residents" if name in INCOME_BANDS
                     else f"residents of {name}")
            figure = Figure(value, residents, people, min_group, definition.format(group=where))
            (bands if name in BANDS else districts)[name] = figure
        return FigureGroup(bands, districts)

    everyone = np.ones(len(journeys), bool)
    window = f"days {a}-{b}"
    figures: dict[str, object] = {
        "residents": group(None, everyone, "number of {group}", share=False),
        "lost_care": group(facts.lost, everyone, "share of {group} with a missed appointment or a barrier on "
                           f"the tele-dentistry network during the outage ({window})", share=True),
        "lost_count": group(facts.lost, everyone, "number of {group} who lost care in the outage", share=False),
        "returned": group(facts.returned, facts.lost, "of {group} who lost care in the outage, the share with "
                          "care again after it", share=True),
        "reached": group(facts.reached, facts.lost, "of {group} who lost care in the outage, the share reached "
                         "by outreach or a workshop after it", share=True),
    }
    figures["journeys"] = Figure(len(journeys), len(journeys), None, min_group, "number of residents shown")
    figures["districts"] = Figure(len(masks) - len(BANDS), len(journeys), None, min_group,
                                  "number of districts shown")
    figures["hardest_hit"] = _hardest_hit(figures["lost_care"], min_group)
    figures["lost_ratio"] = _ratio(figures["lost_care"].low, figures["lost_care"].high, min_group)
    return figures


def _hardest_hit(lost_care: FigureGroup, min_group: int) -> Figure:
    """The district with the largest lost-care share among those whose figure is not suppressed."""
    shown = {name: f for name, f in lost_care.by_district.items() if not f.suppressed}
    definition = "the district with the largest share of residents who lost care in the outage"
    if not shown:
        return Figure("", 0, None, min_group, definition)
    name = max(shown, key=lambda d: (shown[d].value, d))
    return Figure(name, shown[name].residents, shown[name].people, min_group, definition)


def _ratio(low: Figure, high: Figure, min_group: int) -> Figure:
    """How many times as likely low-income residents were to lose care as high-income ones."""
    definition = "lost_care.low / lost_care.high: how many times as likely to lose care"
    if low.suppressed or high.suppressed or not high.value:
        return Figure(0.0, 0, None, min_group, definition)
    return Figure(low.value / high.value, min(low.residents, high.residents), None, min_group, definition)


# How numbers read in each caption language: (thousands separator, decimal mark, before a percent
# sign). English is Python's own format; Spanish writes 5.000 and 38,5 %.
NUMBER_STYLE = {"es": (".", ",", "\u00a0")}


class CaptionFormatter(string.Formatter):
    """str.format for captions: figures format themselves (suppression included), then numbers are
    written the caption language's way."""

    def __init__(self, language: str):
        super().__init__()
        self.style = NUMBER_STYLE.get(language.split("-")[0])

    def format_field(self, value, format_spec: str) -> str:
        text = format(value, format_spec)
        if self.style is None or text == SUPPRESSED or not isinstance(getattr(value, "value", None), (int, float)):
            return text
        group, decimal, percent = self.style
        text = text.replace(",", "\0").replace(".", decimal).replace("\0", group)
        return text[:-1] + percent + "%" if text.endswith("%") else text


def fill_caption(template: str, figures: dict[str, object], language: str = "en") -> str:
    """A caption with its figures filled in (suppressed ones print as SUPPRESSED)."""
    return CaptionFormatter(language).vformat(template, (), figures)


def story_for(exhibit, journeys: Journeys) -> tuple[dict[str, object], dict[str, str]]:
    """The figures of the shown journeys, and each scene's caption in the exhibit's language."""
    figures = story_figures(journeys, tuple(exhibit["data"]["outage_days"]), exhibit["privacy"]["min_group"])
    language = exhibit["story"]["language"]
    return figures, {scene: fill_caption(t, figures, language) for scene, t in exhibit.caption_templates().items()}


def flat_figures(figures: dict[str, object]) -> dict[str, Figure]:
    """Every figure under the name a template uses: `journeys`, `lost_care.low`, `lost_care[Riverside]`."""
    out: dict[str, Figure] = {}
    for name, value in figures.items():
        if isinstance(value, FigureGroup):
            out.update({f"{name}.{k}" if k in BANDS else f"{name}[{k}]": f for k, f in value.items()})
        else:
            out[name] = value
    return out
