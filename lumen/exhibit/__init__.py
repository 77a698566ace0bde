"""Exhibits: TOML configs that compose data, layout, encodings, palette, passes and timeline."""

from lumen.exhibit.load import load_exhibit
from lumen.exhibit.model import Exhibit

__all__ = ["Exhibit", "load_exhibit"]
