"""Projector walls: edge blending, warping and several machines showing one canvas in step."""
