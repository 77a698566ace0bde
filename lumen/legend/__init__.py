"""The visitor legend: a printable wall card that explains the mosaic."""
