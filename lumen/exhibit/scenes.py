"""Scenes as declared: name, duration, dataset days, crossfade and parameter keyframes, checked against
the render graph (pass names and each kind's PARAMS ranges) so a typo fails before the first frame."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lumen.exhibit.layers import Origins
from lumen.exhibit.model import PassSpec
from lumen.exhibit.schema import EASES, SCENE_KEYS
from lumen.exhibit.values import Invalid, check_table, suggest
from lumen.vocabulary.passes import PASS_KINDS


@dataclass(frozen=True)
class Track:
    """One parameter's keyframes over a scene: (progress 0..1, value) pairs, sorted, and their easing."""

    keys: tuple[tuple[float, float], ...]
    ease: str


@dataclass(frozen=True)
class SceneSpec:
    """One act of the exhibit; days is None when the scene continues from the previous one."""

    name: str
    duration: float
    days: tuple[float, float] | None
    crossfade: float
    tracks: dict[tuple[str, str], Track]


def parse_scenes(given: Any, passes: dict[str, PassSpec], origins: Origins, problems: list[str]) -> list[SceneSpec]:
    """Checked scenes; every problem is appended with its origin file and key path."""
    if not isinstance(given, list) or not all(isinstance(s, dict) for s in given):
        problems.append(f"{origins('scenes')}: scenes: expected [[scenes]] tables, got {type(given).__name__}")
        return []
    scenes, seen = [], set()
    file = origins("scenes")
    for i, table in enumerate(given):
        where = f"scenes[{i}]"
        label = f"{where} ({table['name']})" if isinstance(table.get("name"), str) else where
        name = table.get("name")
        if isinstance(name, str) and name in seen:
            problems.append(f"{file}: {label}.name: another scene is already named {name!r}")
        seen.add(name)
        values = check_table(lambda *keys: file, (label,), table, SCENE_KEYS, problems)
        if any(values.get(key) is None for key in SCENE_KEYS):  # missing or invalid: reported above
            continue
        days = values["days"] or None
        if days is not None and len(days) != 2:
            problems.append(f"{file}: {label}.days: expected [first, last], got {list(days)}")
            days = None
        if values["crossfade"] > values["duration"]:
            problems.append(f"{file}: {label}.crossfade: expected at most the scene's duration "
                            f"({values['duration']:g} s), got {values['crossfade']:g}")
        tracks = _check_params(values["params"], values["ease"], passes, f"{file}: {label}.params", problems)
        scenes.append(SceneSpec(values["name"], values["duration"], days, values["crossfade"], tracks))
    return scenes


def _addresses(passes: dict[str, PassSpec]) -> dict[str, tuple[float, float]]:
    """'pass.param' -> (lo, hi) for every parameter of every pass in the graph."""
    out = {}
    for name, spec in passes.items():
        declared_kind = PASS_KINDS.get(spec.kind)
        for param, declared in (declared_kind.params if declared_kind else {}).items():
            out[f"{name}.{param}"] = (declared.lo, declared.hi)
    return out


def _flatten(params: dict, prefix: str = "") -> list[tuple[str, Any]]:
    """TOML dotted keys (state.coupling = ...) arrive as nested tables; keyframe tables stay leaves."""
    out = []
    for key, value in params.items():
        if isinstance(value, dict) and not ({"keys", "ease"} & set(value)):
            out.extend(_flatten(value, f"{prefix}{key}."))
        else:
            out.append((f"{prefix}{key}", value))
    return out


def _check_params(params: dict, scene_ease: str, passes: dict[str, PassSpec], where: str,
                  problems: list[str]) -> dict[tuple[str, str], Track]:
    addresses = _addresses(passes)
    tracks = {}
    for address, value in _flatten(params):
        here = f"{where}.{address}"
        if address not in addresses:
            by_param = [a for a in addresses if a.split(".", 1)[1] == address.split(".")[-1]]
            hint = f' (did you mean "{by_param[0]}"?)' if by_param else suggest(address, addresses)
            problems.append(f"{here}: unknown parameter{hint}; expected <pass>.<param>, one of "
                            f"{', '.join(sorted(addresses))}")
            continue
        try:
            track = _track(value, scene_ease, addresses[address])
        except Invalid as exc:
            problems.append(f"{here}: {exc}")
            continue
        pass_name, param = address.split(".", 1)
        tracks[(pass_name, param)] = track
    return tracks


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise Invalid(f"expected {what} to be a number, got {value!r}")
    return float(value)


def _track(value: Any, ease: str, limits: tuple[float, float]) -> Track:
    """A constant, a keyframe list, or {keys, ease} -> Track, with ranges and order checked."""
    if isinstance(value, dict):
        unknown = set(value) - {"keys", "ease"}
        if unknown:
            raise Invalid(f"unknown key {sorted(unknown)[0]!r}; a keyframe table has keys and ease")
        ease = value.get("ease", ease)
        if ease not in EASES:
            raise Invalid(f"ease: expected one of {', '.join(EASES)}, got {ease!r}{suggest(str(ease), EASES)}")
        if "keys" not in value:
            raise Invalid("keys: required, e.g. keys = [[0.0, 0.0], [1.0, 1.0]]")
        value = value["keys"]
    if isinstance(value, list):
        if not value:
            raise Invalid("expected at least one keyframe [progress, value]")
        keys = []
        for k in value:
            if not isinstance(k, list) or len(k) != 2:
                raise Invalid(f"expected keyframes as [progress, value] pairs, got {k!r}")
            keys.append((_number(k[0], "progress"), _number(k[1], "a keyframe value")))
    else:
        keys = [(0.0, _number(value, "the value"))]
    lo, hi = limits
    for progress, v in keys:
        if not 0.0 <= progress <= 1.0:
            raise Invalid(f"keyframe progress must be in [0, 1] (a share of the scene), got {progress:g}")
        if not lo <= v <= hi:
            raise Invalid(f"expected a value in [{lo:g}, {hi:g}], got {v:g}")
    if any(b[0] < a[0] for a, b in zip(keys, keys[1:])):
        raise Invalid("keyframes must be in order of progress")
    return Track(tuple(keys), ease)
