"""Records to light: per-journey features, encodings into tiles, and the one loader from an exhibit's data to tiles."""
