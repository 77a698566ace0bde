"""Headless OpenGL contexts: EGL standalone (llvmpipe here, the vendor driver on a GPU)."""

from __future__ import annotations

import moderngl

from lumen.errors import UserError

GL_VERSION = 330


def create_headless_context() -> moderngl.Context:
    """Return a standalone EGL context, or raise UserError saying what is missing."""
    try:
        return moderngl.create_standalone_context(require=GL_VERSION, backend="egl")
    except Exception as exc:  # moderngl raises plain Exception for EGL failures
        raise UserError(
            f"could not create a headless OpenGL {GL_VERSION // 100}.{GL_VERSION % 100 // 10} context "
            f"through EGL ({exc}). Install Mesa's EGL drivers: "
            "apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri"
        ) from exc


def renderer_name(ctx: moderngl.Context) -> str:
    """Return the driver's renderer string, e.g. 'llvmpipe (LLVM 15.0.6, 256 bits)'."""
    return f"{ctx.info['GL_RENDERER']} / {ctx.info['GL_VERSION']}"
