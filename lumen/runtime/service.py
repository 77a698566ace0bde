"""`lumen install-service`: a systemd user unit that starts `lumen supervise` with the session."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

UNIT = """\
# Written by `lumen install-service`. Enable with:
#   systemctl --user daemon-reload && systemctl --user enable --now {name}
#   loginctl enable-linger $USER   # start at boot, before anyone logs in (needs an X session on {display})
[Unit]
Description=lumen installation: {exhibit}
After=graphical-session.target
Wants=graphical-session.target

[Service]
Type=notify
NotifyAccess=main
ExecStart={command}
WorkingDirectory={workdir}
Environment=DISPLAY={display}
Environment=PYTHONUNBUFFERED=1
Restart=always
RestartSec=5
WatchdogSec=30
TimeoutStopSec=15
KillSignal=SIGTERM

[Install]
WantedBy=default.target
"""


def unit_text(args) -> str:
    exhibit = Path(args.exhibit)
    argv = [sys.executable, "-m", "lumen.cli", "supervise", str(exhibit)]
    if args.windowed:
        argv.append("--windowed")
    if args.monitor:
        argv += ["--monitor", args.monitor]
    if args.watch:
        argv += ["--watch", str(Path(args.watch).resolve())]
    return UNIT.format(name="lumen.service", exhibit=exhibit.name, command=shlex.join(argv),
                       workdir=Path.home(), display=args.display)


def install_service(args) -> Path:
    """Write the unit (default ~/.config/systemd/user/lumen.service) and return its path."""
    out = Path(args.out) if args.out else Path.home() / ".config" / "systemd" / "user" / "lumen.service"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(unit_text(args), encoding="utf-8")
    print("enable it with: systemctl --user daemon-reload && systemctl --user enable --now lumen.service",
          file=sys.stderr)
    return out
