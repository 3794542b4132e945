"""Running the desk: bind the address, say the URL (with the token), serve with uvicorn."""

from __future__ import annotations

import ipaddress
import socket
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn

from ..timeutil import Clock, system_clock
from ..web.policy import Resolver, system_resolver
from .app import create_app
from .desk import Desk

__all__ = ["DeskServer", "is_loopback", "prepare"]


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reached only from this computer."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass
class DeskServer:
    """A bound socket, the application on it, and the uvicorn server that will serve it."""

    url: str
    desk: Desk
    server: uvicorn.Server
    sock: socket.socket

    def run(self) -> None:
        """Serve until Ctrl-C (or :meth:`stop`); runs in progress are cancelled on the way out."""
        try:
            self.server.run(sockets=[self.sock])
        finally:
            self.desk.jobs.cancel_all()
            self.sock.close()

    def start_thread(self) -> threading.Thread:
        """Serve from a daemon thread (tests); returns once the server accepts requests."""
        thread = threading.Thread(target=self.run, name="verify-desk", daemon=True)
        thread.start()
        while not self.server.started and thread.is_alive():
            thread.join(0.02)
        return thread

    def stop(self) -> None:
        self.server.should_exit = True


def prepare(
    case_path: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    officer: str | None = None,
    clock: Clock = system_clock,
    resolver: Resolver = system_resolver,
    log_level: str = "warning",
    **options: Any,
) -> DeskServer:
    """Bind ``host:port`` (``0``: a free port) and build the desk on it; nothing is served
    until :meth:`DeskServer.run`. The URL carries the access token."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    bound = sock.getsockname()[1]
    app, desk = create_app(case_path, port=bound, host=host, officer=officer, clock=clock,
                           resolver=resolver, **options)  # fmt: skip
    shown = "127.0.0.1" if host in ("127.0.0.1", "0.0.0.0", "") else host  # noqa: S104
    shown = f"[{shown}]" if ":" in shown and not shown.startswith("[") else shown
    if host in ("::", "[::]"):
        shown = "[::1]"
    url = f"http://{shown}:{bound}/?token={desk.keys.token}"
    config = uvicorn.Config(
        app,
        log_level=log_level,
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=2,
        server_header=False,
        date_header=False,
    )
    return DeskServer(url, desk, uvicorn.Server(config), sock)
