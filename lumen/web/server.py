"""The web face's process: logging (outcomes only, never addresses), the staff token, uvicorn."""

from __future__ import annotations

import gc
import logging
import socket
from dataclasses import replace
from logging.handlers import RotatingFileHandler
from pathlib import Path

import uvicorn

from lumen.errors import UserError
from lumen.web.app import create_app
from lumen.web.config import LOOPBACK, WebConfig

LOG_BYTES = 2 << 20
LOG_BACKUPS = 4
log = logging.getLogger("lumen.web")


def setup_logging(folder: Path) -> Path:
    """lumen.web and uvicorn's own messages to <state>/logs/web.log (rotating) and stderr.
    uvicorn's access log stays off: it would write every client's address and user agent."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "web.log"
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(message)s")
    handlers: list[logging.Handler] = [RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS,
                                                           encoding="utf-8"), logging.StreamHandler()]
    handlers[0].setFormatter(fmt)
    handlers[1].setFormatter(logging.Formatter("lumen web: %(message)s"))
    for name, level in (("lumen.web", logging.INFO), ("uvicorn", logging.WARNING)):
        logger = logging.getLogger(name)
        logger.handlers = list(handlers)
        logger.setLevel(level)
        logger.propagate = False
    logging.getLogger("uvicorn.access").disabled = True
    return path


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, bound here so that a taken port is a user error, not a traceback."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                            flags=socket.AI_PASSIVE)[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as err:
        raise UserError(f"--host {host} --port {port}: cannot listen there ({err.strerror or err}); "
                        "expected a free port on an address of this machine") from None
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def serve(config: WebConfig) -> int:
    """Listen, say where (one line on stdout), and serve until SIGINT or SIGTERM (uvicorn's handling)."""
    sock = bind(config.host, config.port)
    config = replace(config, port=sock.getsockname()[1])
    app = create_app(config)
    print(f"lumen web: http://{config.host}:{config.port}/", flush=True)
    log.info("serving %s; journal %s; moderation %s", config.title, config.journal, app.state.web.journal.mode)
    if config.host not in LOOPBACK:
        log.warning("bound to %s, not loopback: other machines can reach this form (--host)", config.host)
    server = uvicorn.Server(uvicorn.Config(
        app, log_config=None, access_log=False, proxy_headers=False, server_header=False, lifespan="off",
        timeout_keep_alive=5, limit_concurrency=200,
    ))
    # Everything loaded so far (exhibit, journeys, templates) lives as long as the process: moved out of
    # the collector's reach, so a full collection no longer walks it in the middle of a request.
    gc.collect()
    gc.freeze()
    try:
        server.run(sockets=[sock])
    finally:
        app.state.web.journal.close()
    log.info("stopped")
    return 0
