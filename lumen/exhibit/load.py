"""Reads an exhibit TOML file and what it `extends`, checks every key against the schema and the render
graph, and reports every problem at once, each naming the file that declared the key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lumen.exhibit.captions import check_captions
from lumen.exhibit.encodings import check_encodings
from lumen.exhibit.graph import check_graph
from lumen.exhibit.layers import ExhibitError, Origins, read_layers, read_toml
from lumen.exhibit.model import Exhibit, PassSpec
from lumen.exhibit.palettes import blend_channels, check_channels, resolve_palette
from lumen.exhibit.scenes import parse_scenes
from lumen.exhibit.schema import FREE_SECTIONS, PASS_KEYS, SECTIONS, SLICE_KEYS
from lumen.exhibit.values import check_table, suggest

__all__ = ["ExhibitError", "load_exhibit", "read_toml"]


def load_exhibit(path: str | Path) -> Exhibit:
    """Load and validate an exhibit; raise ExhibitError listing every problem found."""
    path = Path(path).resolve()
    raw, origins = read_layers(path)
    problems: list[str] = []
    sections: dict[str, dict[str, Any]] = {}
    for name in raw:
        if name not in SECTIONS:
            problems.append(f"{origins(name)}: [{name}]: unknown section{suggest(name, list(SECTIONS) + ['extends'])}; "
                            f"expected one of extends, {', '.join(SECTIONS)}")
    known = len(problems)
    if isinstance(raw.setdefault("palette", {}), dict):
        raw["palette"] = resolve_palette(raw["palette"], origins, problems)
    preset_ok = len(problems) == known
    for section, keys in SECTIONS.items():
        if section in FREE_SECTIONS:
            continue
        given = raw.get(section, {})
        if not isinstance(given, dict):
            problems.append(f"{origins(section)}: {section}: expected a table, got {type(given).__name__}")
            continue
        sections[section] = check_table(origins, (section,), given, keys, problems)
    passes = _check_passes(origins, raw.get("passes", {}), problems)
    if "palette" in sections and preset_ok:
        check_channels(sections["palette"]["channels"], origins, problems)
        sections["palette"]["blend_channels"] = blend_channels(sections["palette"], origins, problems)
    if "encodings" in sections and "layout" in sections:
        check_encodings(sections["encodings"], sections["layout"], origins, problems)
    if "display" in sections:
        sections["display"]["slices"] = _check_slices(origins, sections["display"], problems)
    scenes = parse_scenes(raw.get("scenes", []), passes, origins, problems)
    language = sections.get("story", {}).get("language", "en")
    captions = check_captions(raw.get("captions", {}), [s.name for s in scenes], language, origins, problems)
    if "story" in sections:
        _check_origin(sections["story"], origins, problems)
    order = check_graph(passes, sections["render"]["output"], origins, problems) if "render" in sections else []
    if problems:
        raise ExhibitError(problems)
    return Exhibit(path=path, sections=sections, passes=passes, scenes=scenes, origins=origins, order=order,
                   captions=captions)


def _check_origin(story: dict, origins: Origins, problems: list[str]) -> None:
    point = story.get("reroute_origin")
    if isinstance(point, tuple) and (len(point) != 2 or not all(0.0 <= v <= 1.0 for v in point)):
        problems.append(f"{origins('story', 'reroute_origin')}: story.reroute_origin: expected [x, y] with "
                        f"both in [0, 1] (canvas fractions), got {list(point)}")


def _check_passes(origins: Origins, given: Any, problems: list[str]) -> dict[str, PassSpec]:
    if not isinstance(given, dict):
        problems.append(f"{origins('passes')}: passes: expected a table of named passes, got {type(given).__name__}")
        return {}
    passes = {}
    for name, table in given.items():
        where = ("passes", name)
        if not isinstance(table, dict):
            problems.append(f"{origins(*where)}: passes.{name}: expected a table, got {type(table).__name__}")
            continue
        values = check_table(origins, where, table, PASS_KEYS, problems)
        params = values["params"]
        bad = [k for k, v in params.items() if isinstance(v, bool) or not isinstance(v, (int, float))]
        for key in bad:
            problems.append(f"{origins(*where, 'params', key)}: passes.{name}.params.{key}: "
                            f"expected a number, got {params[key]!r}")
        passes[name] = PassSpec(
            name=name, kind=values["kind"] or name, inputs=tuple(values["inputs"]), scale=values["scale"],
            format=values["format"], params={k: float(v) for k, v in params.items() if k not in bad},
        )
    return passes


def _check_slices(origins: Origins, display: dict, problems: list[str]) -> tuple[dict, ...]:
    """Each slice named once and inside the canvas."""
    file = origins("display", "slices")
    width, height = display.get("size") or (0, 0)
    out, seen = [], set()
    for i, table in enumerate(display.get("slices") or ()):
        label = f"display.slices[{i}]"
        values = check_table(origins, ("display", "slices"), table, SLICE_KEYS, problems) if table else {}
        region, name = values.get("region"), values.get("name")
        if name in seen:
            problems.append(f"{file}: {label}.name: another slice is already named {name!r}")
        seen.add(name)
        if region is None or name is None:
            continue
        if len(region) != 4 or region[2] < 1 or region[3] < 1 or min(region) < 0 \
                or region[0] + region[2] > width or region[1] + region[3] > height:
            problems.append(f"{file}: {label}.region: expected [x, y, width, height] inside the "
                            f"{width}x{height} canvas, got {list(region)}")
            continue
        out.append({**values, "region": tuple(region)})
    return tuple(out)
