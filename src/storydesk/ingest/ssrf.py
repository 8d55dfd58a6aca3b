"""The SSRF guard: which addresses the fetcher may reach.

Every host is resolved and every address checked: private, loopback, link-local, multicast, reserved and
unspecified addresses are refused, also when an IPv6 address wraps one (IPv4-mapped, 6to4, NAT64, Teredo),
unless ``fetch_allow_hosts`` admits them: ``host`` (ports 80 and 443 only), ``host:port`` or ``host:*``.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

from ..errors import FetchError, UnsafeURLError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


NAT64 = ipaddress.ip_network("64:ff9b::/96")
DEFAULT_PORTS = frozenset({80, 443})


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[tuple[str, ipaddress.IPv4Address]]:
    """IPv4 addresses an IPv6 address carries (mapped, 6to4, NAT64, Teredo server and client)."""
    found: list[tuple[str, ipaddress.IPv4Address]] = []
    if ip.ipv4_mapped is not None:
        found.append(("IPv4-mapped", ip.ipv4_mapped))
    if ip.sixtofour is not None:
        found.append(("6to4", ip.sixtofour))
    if ip in NAT64:
        found.append(("NAT64", ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)))
    if ip.teredo is not None:
        found += [("Teredo server", ip.teredo[0]), ("Teredo client", ip.teredo[1])]
    return found


def _unsafe(ip: IPAddress) -> str | None:
    """Why an address must not be reached, or None when it is a public one. An IPv6 address that embeds
    an IPv4 one (6to4 2002::/16, NAT64 64:ff9b::/96, Teredo 2001::/32, mapped ::ffff:0:0/96) is judged
    by the IPv4 address too: Python's ``is_global`` is true for 6to4 addresses that wrap 127.0.0.1."""
    if isinstance(ip, ipaddress.IPv6Address):
        for how, inner in _embedded_ipv4(ip):
            why = _unsafe(inner)
            if why:
                return why if how == "IPv4-mapped" else f"{how} wrapping {why} {inner}"
    for attr, why in (("is_loopback", "loopback"), ("is_link_local", "link-local"),
                      ("is_multicast", "multicast"), ("is_unspecified", "unspecified"),
                      ("is_reserved", "reserved"), ("is_private", "private")):
        if getattr(ip, attr):
            return why
    if not ip.is_global:
        return "not globally routable"
    return None


class HostGuard:
    """The SSRF guard: resolves a host and returns one address that may be reached."""

    def __init__(self, allow: Iterable[str] = ()) -> None:
        self.allow_names: list[tuple[str, frozenset[int] | None]] = []
        self.allow_nets: list[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, frozenset[int] | None]] = []
        for entry in allow:
            entry = entry.strip().lower()
            if not entry:
                continue
            host, ports = _split_port(entry)
            try:
                self.allow_nets.append((ipaddress.ip_network(host, strict=False), ports))
            except ValueError:
                self.allow_names.append((host.rstrip("."), ports))

    def _admitted(self, host: str, ip: IPAddress, port: int) -> bool:
        def ok(ports: frozenset[int] | None) -> bool:
            return ports is None or port in ports
        return any(name == host and ok(ports) for name, ports in self.allow_names) or \
            any(ip in net and ok(ports) for net, ports in self.allow_nets)

    async def check(self, url: str) -> str:
        """The address to connect to for ``url``; raises UnsafeURLError when none may be reached."""
        try:
            parts = urlsplit(url)
        except ValueError as exc:  # a bracketed host that is no IP address ("http://[\x00fd00::1]/")
            raise UnsafeURLError(url, f"malformed URL: {exc}") from exc
        if parts.scheme not in {"http", "https"}:
            raise UnsafeURLError(url, f"scheme {parts.scheme or '(none)'!r} not fetched (only http, https)")
        host = (parts.hostname or "").lower().rstrip(".")
        if not host:
            raise UnsafeURLError(url, "URL has no host")
        if parts.username or parts.password:
            raise UnsafeURLError(url, "URLs with credentials are not fetched")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise UnsafeURLError(url, "bad port") from exc
        try:
            addresses = [ipaddress.ip_address(host)]
        except ValueError:
            try:
                infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except (socket.gaierror, UnicodeError) as exc:
                raise FetchError(url, f"cannot resolve host {host!r}: {exc}") from exc
            addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
        if not addresses:
            raise FetchError(url, f"host {host!r} has no address")
        for ip in addresses:  # every answer must be safe, or a second lookup could pick the bad one
            why = _unsafe(ip)
            if why and not self._admitted(host, ip, port):
                raise UnsafeURLError(url, f"host {host!r} resolves to {why} address {ip}",
                                     f"add {f'[{host}]' if ':' in host else host}:{port} to the fetch_allow_hosts "
                                     "setting if this is intended")
        return str(addresses[0])


def _split_port(entry: str) -> tuple[str, frozenset[int] | None]:
    """``host:port`` -> (host, {port}); ``host:*`` -> (host, None: any port); a bare host or network admits
    only the default ports 80 and 443. IPv6 takes brackets for a port (``[::1]:8080``)."""
    if entry.startswith("["):
        host, _, rest = entry[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    elif entry.count(":") == 1:
        host, port = entry.split(":")
    else:
        host, port = entry, ""  # a bare IPv6 address or network
    if port == "*":
        return host, None
    if port.isdigit() and 0 < int(port) < 65536:
        return host, frozenset({int(port)})
    return host, DEFAULT_PORTS


def pinned_url(url: str, address: str) -> tuple[str, str]:
    """The URL with its host replaced by the checked address, and the Host header value."""
    parts = urlsplit(url)
    host_header = parts.netloc.rsplit("@", 1)[-1]
    ip_host = f"[{address}]" if ":" in address else address
    netloc = f"{ip_host}:{parts.port}" if parts.port else ip_host
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, "")), host_header
