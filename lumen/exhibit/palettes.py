"""Palettes: named presets from a palette library file, with an exhibit's inline keys laid over them."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from lumen.assets import EXHIBITS
from lumen.exhibit.layers import ExhibitError, Origins, read_toml
from lumen.exhibit.schema import SECTIONS
from lumen.exhibit.values import suggest
from lumen.records.schema import CHANNELS

SHIPPED_LIBRARY = EXHIBITS / "palettes.toml"
PALETTE_KEYS = ("background_top", "background_bottom", "flare", "channels")


def load_library(path: Path = SHIPPED_LIBRARY) -> dict[str, dict[str, Any]]:
    """`[palettes.NAME]` tables of a library file, by name."""
    raw = read_toml(path)
    table = raw.get("palettes")
    if not isinstance(table, dict) or not all(isinstance(v, dict) for v in table.values()):
        raise ExhibitError([f"{path}: palettes: expected [palettes.NAME] tables"])
    return table


def resolve_palette(given: dict[str, Any], origins: Origins, problems: list[str]) -> dict[str, Any]:
    """The palette table with its preset's keys filled in under the inline ones (channels merge by name)."""
    preset = given.get("preset", SECTIONS["palette"]["preset"].default)
    if not preset or not isinstance(preset, str):
        return given
    library_name = given.get("library", "")
    library = SHIPPED_LIBRARY
    if isinstance(library_name, str) and library_name:
        library = (origins("palette", "library").parent / library_name).resolve()
    try:
        presets = load_library(library)
    except ExhibitError as err:
        problems.extend(f"{origins('palette', 'library')}: palette.library: {p}" for p in err.problems)
        return given
    if preset not in presets:
        problems.append(f"{origins('palette', 'preset')}: palette.preset: no palette {preset!r} in {library.name}"
                        f"{suggest(preset, presets)}; expected one of {', '.join(presets)}")
        return given
    base = {k: copy.deepcopy(v) for k, v in presets[preset].items() if k in PALETTE_KEYS}
    channels = dict(base.get("channels", {}))
    channels.update(given.get("channels", {}) if isinstance(given.get("channels"), dict) else {})
    merged = base | given
    if channels:
        merged["channels"] = channels
    return merged


def blend_channels(palette: dict[str, Any], origins: Origins, problems: list[str]) -> dict[str, Any]:
    """The channel colours of `palette.blend_to` (the palette_blend target), or {} when unset."""
    name = palette.get("blend_to")
    if not name:
        return {}
    library_name = palette.get("library")
    library = library_name if isinstance(library_name, Path) and library_name.is_file() else SHIPPED_LIBRARY
    presets = load_library(library)
    if name not in presets:
        problems.append(f"{origins('palette', 'blend_to')}: palette.blend_to: no palette {name!r} in "
                        f"{library.name}{suggest(name, presets)}; expected one of {', '.join(presets)}")
        return {}
    return dict(presets[name].get("channels", {}))


def check_channels(channels: dict[str, Any], origins: Origins, problems: list[str]) -> None:
    """Every channel needs a colour, and only channels may be named."""
    where = origins("palette", "channels")
    for name in channels:
        if name not in CHANNELS:
            problems.append(f"{origins('palette', 'channels', name)}: palette.channels.{name}: unknown channel"
                            f"{suggest(name, CHANNELS)}; expected one of {', '.join(CHANNELS)}")
    missing = [c for c in CHANNELS if c not in channels]
    if missing:
        problems.append(f"{where}: palette.channels: no colour for {', '.join(missing)}; "
                        f"every channel ({', '.join(CHANNELS)}) needs one, or set palette.preset")
