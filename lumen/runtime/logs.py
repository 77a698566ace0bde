"""Rotating, size-bounded logs and the runtime's state directory (logs, status, screenshots)."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_BYTES = 2 << 20     # per file
LOG_BACKUPS = 4         # so at most 10 MiB of logs, ever
log = logging.getLogger("lumen.runtime")


def state_dir() -> Path:
    """$LUMEN_STATE_DIR, else $XDG_STATE_HOME/lumen, else ~/.local/state/lumen (created)."""
    base = os.environ.get("LUMEN_STATE_DIR")
    if base:
        path = Path(base)
    else:
        xdg = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
        path = Path(xdg) / "lumen"
    path.mkdir(parents=True, exist_ok=True)
    return path


def setup_logging(directory: Path, name: str = "show", max_bytes: int = LOG_BYTES,
                  backups: int = LOG_BACKUPS, stderr: bool = True) -> Path:
    """Send lumen.runtime records to <directory>/<name>.log (rotating) and to stderr; return the path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.log"
    root = logging.getLogger("lumen")
    root.setLevel(logging.INFO)
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    fmt = logging.Formatter("%(asctime)s %(levelname)s [%(process)d] %(message)s")
    file_handler = RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    file_handler.setFormatter(fmt)
    root.addHandler(file_handler)
    if stderr:
        err = logging.StreamHandler()
        err.setFormatter(logging.Formatter("lumen: %(message)s"))
        root.addHandler(err)
    root.propagate = False
    return path


def write_json_atomic(path: Path, value: dict) -> None:
    """Write JSON through a temp file and rename, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name, dir=path.parent)
    # dumps, not dump: json.dump streams through the pure-Python encoder, whose closures form
    # reference cycles; written twice a second they pile up until a rare full collection.
    text = json.dumps(value)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)
