"""What `rag serve` and `rag mcp --http` check before they listen: is the address this machine
only, and is the port free (said at once, before the slow part)."""
from __future__ import annotations

import ipaddress
import socket

from rag.errors import RagError


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_port(host: str, port: int) -> None:
    """A one-line RagError when ``host:port`` cannot be bound (unknown address, port in use)."""
    if not 0 < port < 65536:
        raise RagError(f"--port must be between 1 and 65535, not {port}")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise RagError(f"cannot serve on {host}: unknown address ({exc.strerror})") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            raise RagError(f"cannot serve on {host}:{port} ({exc.strerror or exc}); "
                           f"pick another --port or --host") from None
