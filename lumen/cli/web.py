"""`lumen web`: the community's web face (a resident form and a staff page), its own process beside the show."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from lumen.cli.args import EXHIBIT_HELP, open_exhibit


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 0 to 65535, got {value}")
    return value


def cmd_web(args: argparse.Namespace) -> int:
    from lumen.web.config import WebConfig, exhibit_districts, exhibit_first_date, web_state_dir
    from lumen.web.server import serve, setup_logging
    from lumen.web.staff import TOKEN_FILE_NAME, load_or_create_token
    from lumen.web.throttle import limit_arg

    exhibit = open_exhibit(args.exhibit)
    first_date = exhibit_first_date(exhibit)  # before anything else: no day 0, no form
    for option, value in (("--client-limit", args.client_limit), ("--total-limit", args.total_limit)):
        limit_arg(value, option)
    if args.state_dir:
        os.environ["LUMEN_STATE_DIR"] = str(args.state_dir.resolve())
    state = web_state_dir()
    journal = (args.journal or state / "journal").resolve()
    token_file = args.staff_token_file or state / TOKEN_FILE_NAME
    token, created = load_or_create_token(token_file)
    if created:
        print(f"lumen web: staff token (shown once; kept in {token_file}, mode 0600): {token}", flush=True)
    setup_logging(state / "logs")
    config = WebConfig(
        title=exhibit.title, districts=exhibit_districts(exhibit), first_date=first_date, journal=journal,
        state=state, staff_token=token, host=args.host, port=args.port, show_osc_port=args.show_osc_port,
        show_status=args.show_status, client_limit=args.client_limit, total_limit=args.total_limit,
        allowed_hosts=tuple(args.allowed_host),
    )
    print(f"lumen web: journal {journal}; run the show beside it with: lumen run --watch {journal}",
          file=sys.stderr)
    return serve(config)


def register(sub) -> None:
    """Add `web` to the `lumen` subparsers."""
    p = sub.add_parser("web", help="the resident form and staff page (one process beside `lumen run --watch`)")
    p.add_argument("exhibit", help=EXHIBIT_HELP)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default loopback only; 0.0.0.0 for a "
                   "kiosk tablet on the venue network)")
    p.add_argument("--port", type=_port, default=8137, help="HTTP port (default 8137; 0 picks a free one)")
    p.add_argument("--journal", type=Path, help="the folder submissions go to, and the show watches "
                   "(default <state>/journal)")
    p.add_argument("--staff-token-file", type=Path, help="staff token file (default <state>/web-staff-token, "
                   "made with mode 0600 on first start)")
    p.add_argument("--show-osc-port", type=_port, default=9137, help="the show's OSC port on 127.0.0.1 (default 9137)")
    p.add_argument("--show-status", type=Path, help="the show's status JSON (default <state>/status.json)")
    p.add_argument("--state-dir", type=Path, help="logs, token, default journal (default $LUMEN_STATE_DIR or "
                   "~/.local/state/lumen)")
    p.add_argument("--client-limit", default="10/minute", help="submissions per client (default 10/minute)")
    p.add_argument("--total-limit", default="120/minute", help="submissions from everyone together "
                   "(default 120/minute)")
    p.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                   help="a Host name the kiosk uses besides the bound address (repeatable)")
    p.set_defaults(func=cmd_web)
