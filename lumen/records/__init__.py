"""Journey records: schema 1, loaders into columns, validation, privacy guard and quarantine."""

from lumen.records.journeys import Journeys
from lumen.records.loader import LoadResult, load_records

__all__ = ["Journeys", "LoadResult", "load_records"]
