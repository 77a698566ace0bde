"""The one resource locator: the shaders, exhibits, data and fonts that ship inside the package.

They live at lumen/assets/{shaders,exhibits,data,fonts}. In the repository those are symlinks to
the top-level folders, so a checkout, an editable install and an installed wheel (which holds
real copies) are all found the same way, through importlib.resources. Wheels install unpacked, so
every location here is a real folder on disk (file watchers and Pillow need paths)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from lumen.errors import UserError

EXHIBIT_SUFFIX = ".toml"
LIBRARY_FILES = ("palettes.toml",)   # shipped TOML that is not an exhibit
SHIPPED_PREFIX = "lumen:"            # `extends = "lumen:festival"` names a shipped exhibit


def _folder(kind: str) -> Path:
    path = Path(str(files(__name__) / kind))
    if not path.is_dir():
        raise UserError(f"lumen's {kind}/ folder is missing from the installation (looked in {path}); "
                        "reinstall lumen")
    return path


SHADERS = _folder("shaders")
EXHIBITS = _folder("exhibits")
DATA = _folder("data")
FONTS = _folder("fonts")   # DejaVu Sans (fonts/LICENSE-DejaVu.txt): captions, legend and HUD


def font_file(bold: bool = False, mono: bool = False) -> Path:
    """The bundled font file: DejaVu Sans, its bold, or DejaVu Sans Mono."""
    return FONTS / ("DejaVuSansMono.ttf" if mono else "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")


def shipped_exhibits() -> dict[str, Path]:
    """Shipped exhibits by name ('festival', 'traveling/kiosk', ...), the festival first."""
    paths = [p for p in EXHIBITS.rglob(f"*{EXHIBIT_SUFFIX}") if p.name not in LIBRARY_FILES]
    names = {p.relative_to(EXHIBITS).with_suffix("").as_posix(): p for p in paths}
    return dict(sorted(names.items(), key=lambda item: (item[0] != "festival", "/" in item[0], item[0])))


def exhibit_path(spec: str | Path) -> Path:
    """An exhibit argument as a file: an existing path wins, then a shipped exhibit's name (with or
    without `.toml`, or with the `lumen:` prefix); otherwise a user error listing the names."""
    text = str(spec)
    name = text.removeprefix(SHIPPED_PREFIX)
    if name == text and Path(text).is_file():
        return Path(text)
    shipped = shipped_exhibits()
    found = shipped.get(name.removesuffix(EXHIBIT_SUFFIX))
    if found is not None:
        return found
    raise UserError(f"{text}: exhibit file not found, and no shipped exhibit has that name; "
                    f"shipped exhibits: {', '.join(shipped)}")
