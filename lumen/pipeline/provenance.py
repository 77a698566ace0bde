"""Provenance of every rendered file: which exhibit, which data, which time and size, which lumen.

GL-free. The exhibit's hash is sha256 over the bytes of the exhibit file and then every file it
extends, depth first in its `extends` order (so `cat mine.toml festival.toml | sha256sum` checks an
exhibit that extends the festival); the data's is sha256 of the data file."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

from lumen import __version__
from lumen.assets import EXHIBITS, SHIPPED_PREFIX, exhibit_path

KEY_PREFIX = "lumen:"


def extends_chain(path: Path) -> list[Path]:
    """The exhibit file, then each file it extends (depth first, in list order), each once."""
    out: list[Path] = []

    def walk(file: Path) -> None:
        file = file.resolve()
        if file in out:
            return
        out.append(file)
        try:
            given = tomllib.loads(file.read_text(encoding="utf-8")).get("extends", [])
        except (OSError, tomllib.TOMLDecodeError):
            return  # loading the exhibit already reported it
        for name in [given] if isinstance(given, str) else given:
            walk(exhibit_path(name) if name.startswith(SHIPPED_PREFIX) else file.parent / name)

    walk(Path(path))
    return out


def sha256_files(paths: list[Path]) -> str:
    """sha256 over the files' bytes, one after the other."""
    digest = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def exhibit_name(path: Path) -> str:
    """A shipped exhibit by its `lumen:` name, any other by its file name."""
    path = Path(path).resolve()
    try:
        return SHIPPED_PREFIX + path.relative_to(EXHIBITS.resolve()).with_suffix("").as_posix()
    except ValueError:
        return path.name


@dataclass(frozen=True)
class Provenance:
    """What a rendered file was made from, as text fields (PNG tEXt, container metadata, manifests)."""

    exhibit: str
    title: str
    exhibit_sha256: str
    data_sha256: str
    time: str
    size: str
    version: str = __version__
    region: str = ""
    guard: str = ""
    room: str = ""       # the exhibit's [safety], which sets the flash area threshold (room_text)

    def fields(self) -> dict[str, str]:
        """Keys `lumen:exhibit`, `lumen:exhibit_sha256`, ... (empty ones left out)."""
        return {KEY_PREFIX + key: value for key, value in vars(self).items() if value}

    def lines(self) -> str:
        """The same facts, one per line, for the terminal."""
        return "\n".join(f"  {key.removeprefix(KEY_PREFIX)}: {value}" for key, value in self.fields().items())


def time_text(start: float, end: float | None = None) -> str:
    """'30' for a still; '12.5-22.5' for a clip (seconds of exhibit time)."""
    return f"{start:g}" if end is None else f"{start:g}-{end:g}"


def room_text(exhibit) -> str:
    """'screen_width_m=12 viewing_distance_m=6': what `lumen flashcheck` reads back from a file."""
    safety = exhibit["safety"]
    return f"screen_width_m={safety['screen_width_m']:g} viewing_distance_m={safety['viewing_distance_m']:g}"


def provenance_of(exhibit, time: str, size: tuple[int, int], region: str = "", guard: str = "") -> Provenance:
    """Hashes the exhibit's files and its data file (a missing data file hashes as '')."""
    data = Path(exhibit.data_path)
    return Provenance(
        exhibit=exhibit_name(exhibit.path),
        title=exhibit.title,
        exhibit_sha256=sha256_files(extends_chain(exhibit.path)),
        data_sha256=sha256_files([data]) if data.is_file() else "",
        time=time,
        size=f"{size[0]}x{size[1]}",
        region=region,
        guard=guard,
        room=room_text(exhibit),
    )
