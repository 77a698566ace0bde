"""GL plumbing: contexts, shader programs with includes, render targets, full-screen draws."""
