"""The figures a caption template may name (computed by lumen/encode/story.py, defined in
docs/story.md), so the exhibit can check its captions without data or GL."""

from __future__ import annotations

import re
import string

# `{lost_care.low:.0%}` (an income band or `all`) or `{lost_care[Riverside]:.0%}` (a district).
FIGURE_GROUPS: dict[str, str] = {
    "residents": "count", "lost_care": "share", "lost_count": "count", "returned": "share", "reached": "share",
}
GROUP_KEYS: tuple[str, ...] = ("low", "middle", "high", "undisclosed", "all")   # the income bands, then everyone
# `{journeys}`, `{hardest_hit}`, `{lost_ratio:.1f}`.
FIGURE_VALUES: dict[str, str] = {
    "journeys": "count", "districts": "count", "hardest_hit": "name", "lost_ratio": "ratio",
}
SAMPLE = {"count": 12, "share": 0.25, "name": "Riverside", "ratio": 2.5}   # to try a format spec on


def template_problem(template: str) -> str | None:
    """None when every field of a caption template names a figure with a usable format, else what
    is wrong (the first problem)."""
    try:
        fields = [(name, spec) for _, name, spec, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        return f"not a valid template ({exc}); write figures as {{lost_care.low:.0%}}"
    for name, spec in fields:
        kind, problem = _field_kind(name)
        if problem:
            return problem
        try:
            format(SAMPLE[kind], spec or "")
        except ValueError:
            return f"{{{name}:{spec}}}: the format {spec!r} does not suit a {kind}"
    return None


_FIELD = re.compile(r"^(\w+)(?:\.(\w+)|\[([^\]]+)\])?$")   # name, name.band or name[district]


def _field_kind(name: str) -> tuple[str, str | None]:
    """The kind of value a field holds, or a problem naming the unknown part."""
    match = _FIELD.match(name)
    root, band, district = match.groups() if match else (name, None, None)
    if root in FIGURE_VALUES:
        if match and not (band or district):
            return FIGURE_VALUES[root], None
        return "", f"{{{name}}}: {root} is one number for the shown data; write {{{root}}}"
    if root in FIGURE_GROUPS:
        if band in GROUP_KEYS or district:
            return FIGURE_GROUPS[root], None
        return "", (f"{{{name}}}: {root} needs an income band or a district, as {root}.low, {root}.all or "
                    f"{root}[Riverside]; bands: {', '.join(GROUP_KEYS)}")
    known = ", ".join(list(FIGURE_GROUPS) + list(FIGURE_VALUES))
    return "", f"{{{name}}}: unknown figure {root!r}; figures: {known} (docs/story.md)"
