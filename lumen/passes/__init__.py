"""Pass kinds: one module per kind, with its shaders under shaders/passes/<kind>/.

This package's own module imports nothing, so that GL-free code can import `lumen.passes.frame`
without loading moderngl; the GL classes are in `lumen.passes.registry`."""
