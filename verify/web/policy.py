"""The safety policy of the HTTP client: which URLs and addresses we may connect to.

Only ``http`` and ``https``. A host name is resolved once; by default every address it resolves
to must be public (not loopback, private, link-local, multicast, reserved or unspecified), and
the client then connects to the very address that was checked (see ``client.py``), so a name
cannot be re-resolved to an inside address between the check and the connection.

``.invalid`` names never resolve (RFC 6761), so they are answered without asking DNS.

Resolution is a function (:data:`Resolver`, by default :func:`system_resolver`), so tests and
callers can give their own. ``getaddrinfo`` has no timeout of its own and cannot be
interrupted, so :class:`BoundedResolver` runs each lookup in a daemon thread and waits at most a
given time for it: a lookup that takes longer is reported as ``dns_error`` ("timed out") and its
thread is left to finish on its own (the operating system's resolver gives up eventually). At
most ``max_pending`` such threads exist per resolver; when all are still waiting, a further
lookup waits for a free slot within its own bound and is otherwise ``dns_error`` too.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "BoundedResolver",
    "PolicyDecision",
    "ResolveTimeout",
    "Resolver",
    "address_allowed",
    "resolve_checked",
    "system_resolver",
]

#: ``resolver(host, port)``: the host's addresses in preference order; raises
#: :class:`socket.gaierror` (or another :class:`OSError`) when the lookup fails.
Resolver = Callable[[str, int], list[str]]

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


class ResolveTimeout(Exception):
    """A lookup did not answer within its bound (or found no free lookup slot in time)."""


def system_resolver(host: str, port: int) -> list[str]:
    """The operating system's answer for ``host`` (``getaddrinfo``), IPv4 and IPv6 addresses."""
    addresses: list[str] = []
    for family, _type, _proto, _canon, sockaddr in socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM
    ):
        if family in (socket.AF_INET, socket.AF_INET6):
            ip = str(sockaddr[0])
            if ip not in addresses:
                addresses.append(ip)
    return addresses


class BoundedResolver:
    """Runs ``resolve`` in daemon threads and waits at most ``timeout`` seconds per lookup.

    A thread whose lookup hangs keeps its slot until the lookup returns, so at most
    ``max_pending`` threads are ever alive; no thread outlives its lookup, and none keeps the
    interpreter from exiting.
    """

    def __init__(
        self,
        resolve: Resolver = system_resolver,
        *,
        max_pending: int = 16,
        cancel: threading.Event | None = None,
    ) -> None:
        """``cancel``, when set, ends every wait at once (a lookup then raises
        :class:`ResolveTimeout`): an interrupted run does not wait for the resolver."""
        self._resolve = resolve
        self._slots = threading.BoundedSemaphore(max_pending)
        self._cancel = cancel

    def __call__(self, host: str, port: int, timeout: float) -> list[str]:
        """The addresses of ``host``; raises :class:`ResolveTimeout` after ``timeout`` s."""
        start = time.monotonic()
        if not self._slots.acquire(timeout=max(timeout, 0.0)):
            raise ResolveTimeout(f"no free DNS lookup slot within {timeout:g} s")
        done = threading.Event()
        box: dict[str, Any] = {}

        def run() -> None:
            try:
                box["value"] = self._resolve(host, port)
            except BaseException as exc:  # handed to the caller, never raised in the thread
                box["error"] = exc
            finally:
                self._slots.release()
                done.set()

        try:
            threading.Thread(target=run, name=f"verify-dns-{host}", daemon=True).start()
        except BaseException:
            self._slots.release()
            raise
        end = start + max(0.0, timeout)
        while not done.wait(max(0.0, min(0.1, end - time.monotonic()))):
            if self._cancel is not None and self._cancel.is_set():
                raise ResolveTimeout("the run was interrupted")
            if time.monotonic() >= end:
                raise ResolveTimeout(f"no answer within {timeout:g} s")
        if "error" in box:
            raise box["error"]
        return box["value"]


_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")


def _embedded_ipv4(addr: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries: mapped, 6to4, Teredo, NAT64."""
    out = []
    if addr.ipv4_mapped is not None:
        out.append(addr.ipv4_mapped)
    if addr.sixtofour is not None:
        out.append(addr.sixtofour)
    if addr.teredo is not None:
        out.extend(addr.teredo)
    if addr in _NAT64:
        out.append(ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF))
    return out


def address_allowed(ip: str) -> bool:
    """Whether ``ip`` is a public address (not loopback, private, link-local or reserved).

    An IPv6 address that carries an IPv4 address (mapped, 6to4 ``2002::/16``, Teredo
    ``2001::/32``, NAT64 ``64:ff9b::/96``) is allowed only when that IPv4 address is; the
    local-use NAT64 prefix ``64:ff9b:1::/48`` never is."""
    try:
        addr = ipaddress.ip_address(ip.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(addr, ipaddress.IPv6Address):
        if addr in _NAT64_LOCAL:
            return False
        embedded = _embedded_ipv4(addr)
        if embedded:
            return all(address_allowed(str(e)) for e in embedded)
    return _global(addr)


def _global(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return not (
        addr.is_loopback
        or addr.is_private
        or addr.is_link_local
        or addr.is_multicast
        or addr.is_reserved
        or addr.is_unspecified
        or not addr.is_global
    )


@functools.lru_cache(maxsize=4096)
def is_ip_literal(host: str) -> bool:
    """Whether ``host`` is an IP address, not a name (remembered: asked once per hop)."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def resolve_checked(
    url: str, allow_private: bool, resolver: Resolver = system_resolver
) -> PolicyDecision:
    """Resolve the host of ``url`` with ``resolver`` and pick the first address allowed.

    A lookup that times out (:class:`ResolveTimeout`) is ``dns_error``: DNS failed for now.
    """
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
    if is_ip_literal(host):  # nothing to look up
        addresses = [host]
    else:
        try:
            addresses = list(resolver(host, port))
        except socket.gaierror as exc:
            status = "dns_failure" if exc.errno in _NAME_MISSING else "dns_error"
            return PolicyDecision(None, status, f"{host}: {exc.strerror or exc}")
        except ResolveTimeout as exc:
            return PolicyDecision(None, "dns_error", f"{host}: DNS lookup timed out ({exc})")
        except (UnicodeError, OSError) as exc:
            return PolicyDecision(None, "dns_error", f"{host}: {exc}")
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
