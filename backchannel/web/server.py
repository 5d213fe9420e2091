"""Running the app: uvicorn on this machine only unless told otherwise."""
from __future__ import annotations

import ipaddress
import socket
import threading
from pathlib import Path
from typing import Any

import uvicorn

from backchannel.web.app import create_app


def is_local(host: str) -> bool:
    """Whether ``host`` is a loopback address (only this machine can connect)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def port_free(host: str, port: int) -> bool:
    """Whether ``port`` can be listened on at ``host`` (checked before serving, for a clear message)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def serve(db: Path, host: str = "127.0.0.1", port: int = 8765, scenario: Path | None = None,
          review: bool = False) -> None:
    """Serve the knowledge base at ``db`` until interrupted (Ctrl-C); with ``review``, judgements
    can be made from the pages, and only on this machine's loopback address."""
    if review and not is_local(host):
        raise ValueError(f"review needs a loopback address to listen on, not {host}")
    app = create_app(db, scenario, review=review)
    warm(app)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def warm(app: Any) -> None:
    """Read the knowledge base now, so the first page is as quick as the rest; lay out the network
    and run the model in the background (each takes a second or two on a large base)."""
    web = app.state.web
    web.overview()

    def later() -> None:
        web.network()
        app.state.model.page()

    threading.Thread(target=later, daemon=True).start()
