"""lumen: anonymized oral-health journeys rendered as a living, glowing mosaic."""

__version__ = "0.1.0"
