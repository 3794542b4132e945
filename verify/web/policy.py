"""The safety policy of the HTTP client: which URLs and addresses we may connect to.

Only ``http`` and ``https``. A host name is resolved once; by default every address it resolves
to must be public (not loopback, private, link-local, multicast, reserved or unspecified), and
the client then connects to the very address that was checked (see ``client.py``), so a name
cannot be re-resolved to an inside address between the check and the connection.

``.invalid`` names never resolve (RFC 6761), so they are answered without asking DNS.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["PolicyDecision", "address_allowed", "resolve_checked"]

# getaddrinfo error codes meaning "this name does not exist" (POSIX and Windows).
_NAME_MISSING = {
    getattr(socket, "EAI_NONAME", -2),
    getattr(socket, "EAI_NODATA", -5),
    11001,  # WSAHOST_NOT_FOUND
    11004,  # WSANO_DATA
}


@dataclass(frozen=True)
class PolicyDecision:
    """The result of resolving and checking one host: an address to use, or a status."""

    ip: str | None
    status: str | None = None  # refused | dns_failure | dns_error | invalid_url
    detail: str | None = None


def address_allowed(ip: str) -> bool:
    """Whether ``ip`` is a public address (not loopback, private, link-local or reserved)."""
    try:
        addr = ipaddress.ip_address(ip.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return not (
        addr.is_loopback
        or addr.is_private
        or addr.is_link_local
        or addr.is_multicast
        or addr.is_reserved
        or addr.is_unspecified
        or not addr.is_global
    )


def resolve_checked(url: str, allow_private: bool) -> PolicyDecision:
    """Resolve the host of ``url`` and pick the first address the policy allows."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        return PolicyDecision(None, "invalid_url", str(exc))
    if parts.scheme not in ("http", "https"):
        return PolicyDecision(None, "invalid_url", f"scheme {parts.scheme!r} is not http(s)")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        return PolicyDecision(None, "invalid_url", "no host name")
    if host.endswith(".invalid") or host == "invalid":
        return PolicyDecision(None, "dns_failure", f"{host} does not exist (.invalid)")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        status = "dns_failure" if exc.errno in _NAME_MISSING else "dns_error"
        return PolicyDecision(None, status, f"{host}: {exc.strerror or exc}")
    except (UnicodeError, OSError) as exc:
        return PolicyDecision(None, "dns_error", f"{host}: {exc}")
    addresses: list[str] = []
    for family, _type, _proto, _canon, sockaddr in infos:
        if family in (socket.AF_INET, socket.AF_INET6):
            ip = str(sockaddr[0])
            if ip not in addresses:
                addresses.append(ip)
    if not addresses:
        return PolicyDecision(None, "dns_failure", f"{host} has no address")
    if allow_private:
        return PolicyDecision(addresses[0])
    # Every address must be public: a name that also points inside is refused.
    bad = [ip for ip in addresses if not address_allowed(ip)]
    if bad:
        return PolicyDecision(
            None, "refused", f"{host} resolves to a non-public address ({bad[0]})"
        )
    return PolicyDecision(addresses[0])
