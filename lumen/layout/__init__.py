"""Tile geometry (numpy, no GL): grid and hex geometry, and seed layouts for flooded kinds."""
