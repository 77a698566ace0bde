"""Shader sources from shaders/: #include resolution, and errors mapped back to file:line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import moderngl

from lumen.assets import SHADERS
from lumen.errors import UserError

SHADER_ROOT = SHADERS
GLSL_VERSION = "#version 330 core"

_INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"\s*$')
_VERSION = re.compile(r"^\s*#\s*version\b")
# Mesa: "0:12(5): error: ..."  NVIDIA: "0(12) : error C1008: ..."
_MESA_LOC = re.compile(r"^(\d+):(\d+)\(\d+\):\s*(.*)$")
_NVIDIA_LOC = re.compile(r"^(\d+)\((\d+)\)\s*:\s*(.*)$")
_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
# `uniform [precision] <type> <name>[size], <name>...;` (not blocks: lumen's shaders declare none)
_UNIFORM = re.compile(r"\buniform\s+(?:(?:lowp|mediump|highp)\s+)?\w+\s+([^;{}]+);")


class ShaderError(UserError):
    """A shader failed to load, compile or link; the message names shaders/<file>:<line>."""


@dataclass
class ShaderSource:
    """GLSL text after include expansion; `files[i]` is the file that `#line N i` refers to."""

    text: str
    files: list[str] = field(default_factory=list)

    def locate(self, source_index: int, line: int) -> str:
        """Return 'shaders/<file>:<line>' for a driver's (source string, line) pair."""
        name = self.files[source_index] if 0 <= source_index < len(self.files) else "?"
        return f"shaders/{name}:{line}"


def _rel(path: Path, root: Path) -> str:
    return path.resolve().relative_to(root.resolve()).as_posix()


def load_source(name: str, root: Path = SHADER_ROOT, defines: dict[str, object] | None = None) -> ShaderSource:
    """Expand `#include "lib/..."` (paths from the shaders root) with one `#line` per file switch.

    Each file gets its own source-string number so that a driver error such as `3:17(2)` maps
    back to the third file at its own line 17; a file already included is skipped (include once),
    and an include cycle is an error that names the chain.
    """
    out = ShaderSource(text="")
    lines: list[str] = [GLSL_VERSION]
    for key, value in (defines or {}).items():
        lines.append(f"#define {key} {value}")
    seen: set[str] = set()

    def expand(path: Path, chain: tuple[str, ...]) -> None:
        rel = _rel(path, root)
        if rel in chain:
            raise ShaderError(f"shaders/{rel}: include cycle: {' -> '.join(chain + (rel,))}")
        if rel in seen:
            return
        seen.add(rel)
        index = len(out.files)
        out.files.append(rel)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ShaderError(f"shaders/{rel}: cannot read shader file ({exc.strerror})") from exc
        lines.append(f"#line 1 {index}")
        for number, line in enumerate(text.splitlines(), start=1):
            if _VERSION.match(line):
                lines.append("")  # the loader owns #version; keep line numbers aligned
                continue
            match = _INCLUDE.match(line)
            if not match:
                lines.append(line)
                continue
            target = root / match.group(1)
            if not target.is_file():
                raise ShaderError(f"shaders/{rel}:{number}: included file '{match.group(1)}' not found under shaders/")
            expand(target, chain + (rel,))
            lines.append(f"#line {number + 1} {index}")

    top = root / name
    if not top.is_file():
        raise ShaderError(f"shaders/{name}: shader file not found")
    expand(top, ())
    out.text = "\n".join(lines) + "\n"
    return out


def declared_uniforms(source: ShaderSource) -> set[str]:
    """Every uniform the expanded source declares, active or not; arrays by their base name."""
    names = set()
    for match in _UNIFORM.finditer(_COMMENT.sub(" ", source.text)):
        names.update(declarator.split("[", 1)[0].strip() for declarator in match.group(1).split(","))
    return names


def map_driver_log(log: str, source: ShaderSource) -> list[str]:
    """Rewrite each located line of a Mesa or NVIDIA compile log as 'shaders/f:line: message'."""
    mapped = []
    for raw in log.splitlines():
        raw = raw.strip()
        if not raw:
            continue
        match = _MESA_LOC.match(raw) or _NVIDIA_LOC.match(raw)
        if match:
            where = source.locate(int(match.group(1)), int(match.group(2)))
            mapped.append(f"{where}: {match.group(3)}")
        else:
            mapped.append(raw)
    return mapped


def build_program(
    ctx: moderngl.Context,
    vertex: str,
    fragment: str,
    defines: dict[str, object] | None = None,
    root: Path = SHADER_ROOT,
) -> moderngl.Program:
    """Compile and link a program from two shader files, raising ShaderError with mapped locations."""
    return link_program(ctx, load_stages(vertex, fragment, defines, root))


def load_stages(vertex: str, fragment: str, defines: dict[str, object] | None = None,
                root: Path = SHADER_ROOT) -> dict[str, ShaderSource]:
    """The expanded sources of a program's two stages, keyed 'vertex' and 'fragment'."""
    return {"vertex": load_source(vertex, root, defines), "fragment": load_source(fragment, root, defines)}


def link_program(ctx: moderngl.Context, sources: dict[str, ShaderSource]) -> moderngl.Program:
    """Compile and link loaded stages (load_stages), raising ShaderError with mapped locations."""
    vertex, fragment = sources["vertex"].files[0], sources["fragment"].files[0]
    try:
        return ctx.program(vertex_shader=sources["vertex"].text, fragment_shader=sources["fragment"].text)
    except moderngl.Error as exc:
        raise _compile_error(str(exc), sources, vertex, fragment) from None


def _compile_error(message: str, sources: dict[str, ShaderSource], vertex: str, fragment: str) -> ShaderError:
    # moderngl prefixes the log with the failing stage name ("fragment_shader" / "vertex_shader").
    stage = "vertex" if "vertex_shader" in message else "fragment"
    source = sources[stage]
    body = message.split("\n", 1)[1] if "\n" in message else message
    lines = [line for line in map_driver_log(body, source) if not set(line) <= set("=-")]
    if "linker" in message.split("\n", 1)[0].lower():
        return ShaderError(f"shaders/{vertex} + shaders/{fragment}: link error:\n  " + "\n  ".join(lines))
    located = [line for line in lines if line.startswith("shaders/")]
    return ShaderError("\n".join(located or [f"shaders/{source.files[0]}: {line}" for line in lines]))
