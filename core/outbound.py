"""Where the server may send a request whose URL a tenant chose.

A tenant admin can set an SMS gateway URL; the server then calls it. Without a
check that is a way into the server's own network (server-side request
forgery): ``http://127.0.0.1:6379/`` reaches Redis, ``http://169.254.169.254/``
the cloud metadata service. So a tenant-chosen URL is checked here, when it is
saved (a clear form error) and again before every call (DNS may have changed
since: rebinding):

- only ``http`` and ``https``; no user name or password in the URL; the port is
  the scheme's default, 80, 443 or any port from 1024 up;
- the host name is resolved and **every** address it resolves to must be a
  public one: loopback, private (10/8, 172.16/12, 192.168/16), link-local
  (169.254/16, the metadata address included), CGNAT (100.64/10), multicast,
  unspecified, reserved, IPv6 loopback, unique-local and link-local, and an IPv4
  address mapped or embedded in IPv6 are refused;
- odd spellings of numbers (``0x7f000001``, ``2130706433``, ``0177.0.0.1``) are
  refused before any resolution: they only serve to slip past filters.

The operator may allow hosts in ``OUTBOUND_ALLOWED_HOSTS`` (comma separated):
a host name or address (``sms.lan``, ``10.0.0.5``), optionally with a port
(``sms.lan:8080``, ``[fd00::5]:443``: then only that port), or a network
(``10.20.0.0/16``: any address in it). An allowed host skips the address check.

:func:`check` returns the addresses it validated; the caller connects to one of
those (see :mod:`core.notifications.provider_http`), not to whatever the name
resolves to a moment later, so a rebinding between check and connect does not
move the request. Redirects are not followed at all by provider calls.

Host names are resolved by :func:`system_resolver`; ``OUTBOUND_RESOLVER`` in
the config may name another callable ``(host, port) -> [address, ...]`` (tests
use it to make a public-looking name resolve to an internal address).
"""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from core.errors import N_, ValidationError

log = logging.getLogger(__name__)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

SCHEMES = {"http": 80, "https": 443}
LOWEST_FREE_PORT = 1024
URL_LONGEST = 500

# Refused whatever ``is_global`` says (multicast is "global" to ipaddress).
BLOCKED_NETWORKS = tuple(ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
    "::/96", "::ffff:0:0/96", "64:ff9b:1::/48", "100::/64", "2001:db8::/32",
    "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
))
NAT64 = ipaddress.ip_network("64:ff9b::/96")  # an IPv4 address reached through NAT64: judged as that address
_PRINTABLE_ASCII = "".join(chr(c) for c in range(33, 127))
# An integer, hex or octal spelling of an IPv4 address (or a part of one).
_NUMERIC_HOST = re.compile(r"^(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+))*$")


class BlockedUrl(ValidationError):
    """A URL the server will not call. ``code`` says why."""

    code = "outbound_blocked"
    message = N_("This address is not allowed: it points to an internal or private network")


class NotHttpUrl(BlockedUrl):
    code = "outbound_not_http"
    message = N_("Enter an http:// or https:// address")


class CredentialsInUrl(BlockedUrl):
    code = "outbound_credentials"
    message = N_("Do not put a user name or password in the address; use the token field")


class PortNotAllowed(BlockedUrl):
    code = "outbound_port"
    message = N_("This port is not allowed: use 80, 443 or a port from 1024 up")


class UnknownHost(BlockedUrl):
    code = "outbound_unknown_host"
    message = N_("The server name in this address could not be found")


class InternalAddress(BlockedUrl):
    code = "outbound_internal"
    message = N_("This address is not allowed: it points to an internal or private network")


@dataclass(frozen=True)
class Target:
    """A checked URL: where to connect (``addresses``, validated) and what to ask for."""

    scheme: str
    host: str  # as written (lower case, no trailing dot), for the Host header and TLS
    port: int
    path: str  # path and query, at least "/"
    addresses: tuple[str, ...]

    @property
    def https(self) -> bool:
        return self.scheme == "https"


@dataclass(frozen=True)
class Policy:
    """What the operator allowed, and how names are resolved."""

    allowed_hosts: frozenset[tuple[str, int | None]] = frozenset()
    allowed_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    resolver: Resolver | None = None

    @classmethod
    def from_config(cls, config: Mapping) -> Policy:
        hosts: set[tuple[str, int | None]] = set()
        networks = []
        for entry in _entries(config.get("OUTBOUND_ALLOWED_HOSTS")):
            try:
                if "/" in entry:
                    networks.append(ipaddress.ip_network(entry, strict=False))
                else:
                    hosts.add(_host_and_port(entry))
            except ValueError:
                log.warning("OUTBOUND_ALLOWED_HOSTS: ignored %r, neither a host[:port] nor a network", entry)
        resolver = config.get("OUTBOUND_RESOLVER")
        return cls(frozenset(hosts), tuple(networks), resolver if callable(resolver) else None)

    def host_allowed(self, host: str, port: int) -> bool:
        return (host, None) in self.allowed_hosts or (host, port) in self.allowed_hosts

    def address_allowed(self, address: Address) -> bool:
        return any(address in network for network in self.allowed_networks if network.version == address.version)

    def resolve(self, host: str, port: int) -> list[str]:
        return (self.resolver or system_resolver)(host, port)


def _entries(value) -> list[str]:
    if not value:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    return [item.strip().lower() for item in items if item and item.strip()]


def _host_and_port(entry: str) -> tuple[str, int | None]:
    if entry.startswith("["):  # [v6] or [v6]:port
        host, _, rest = entry[1:].partition("]")
        return normalise_host(host), int(rest[1:]) if rest.startswith(":") else None
    if entry.count(":") == 1:
        host, port = entry.split(":")
        return normalise_host(host), int(port)
    return normalise_host(entry), None


def normalise_host(host: str) -> str:
    return host.strip().lower().rstrip(".")


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolves ``host`` to (IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def blocked(address: Address) -> bool:
    """True for an address the server must not call on a tenant's behalf."""
    if address.version == 6:
        embedded = address.ipv4_mapped or address.sixtofour
        if address in NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return blocked(embedded)
        if address.teredo is not None:
            return True
    if any(address in network for network in BLOCKED_NETWORKS if network.version == address.version):
        return True
    return not address.is_global or address.is_multicast


def split(url: str) -> tuple[str, str, int, str]:
    """Scheme, host, port and path of a URL a tenant may use; BlockedUrl if not."""
    if not isinstance(url, str) or not url or len(url) > URL_LONGEST or not url.isprintable() or " " in url:
        raise NotHttpUrl()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise NotHttpUrl() from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES or not parts.hostname:
        raise NotHttpUrl()
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise CredentialsInUrl()
    host = normalise_host(parts.hostname)
    if not host or "%" in host:  # an IPv6 zone (fe80::1%eth0) names a local interface
        raise InternalAddress()
    port = SCHEMES[scheme] if port is None else port
    if port not in (80, 443) and not LOWEST_FREE_PORT <= port <= 65535:
        raise PortNotAllowed()
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, host, port, quote(path, safe=_PRINTABLE_ASCII)  # a Thai path, percent-encoded


def check(url: str, policy: Policy) -> Target:
    """Parse, resolve and check ``url``; the returned target names the
    addresses that passed (connect to one of those). Raises a
    :class:`BlockedUrl` subclass, each with a message for the form."""
    scheme, host, port, path = split(url)
    literal = _ip_literal(host)
    if literal is None and _NUMERIC_HOST.match(host):
        raise InternalAddress()  # 2130706433, 0x7f000001, 127.1: never a gateway's real name
    if literal is not None:
        addresses = [literal]
    else:
        try:
            addresses = [ipaddress.ip_address(a.split("%")[0]) for a in policy.resolve(_idna(host), port)]
        except (OSError, UnicodeError, ValueError):
            raise UnknownHost() from None
        if not addresses:
            raise UnknownHost()
    if not policy.host_allowed(host, port):
        for address in addresses:
            if blocked(address) and not policy.address_allowed(address):
                raise InternalAddress()
    return Target(scheme, host, port, path, tuple(str(a) for a in addresses))


def _ip_literal(host: str) -> Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _idna(host: str) -> str:
    return host.encode("idna").decode("ascii") if not host.isascii() else host

