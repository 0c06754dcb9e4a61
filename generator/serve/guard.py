"""Which requests the preview answers: the `Host` names and socket origins of this machine only
(README: "Private by default"), and the addresses that the warning for a non-loopback address
names. DNS rebinding and cross-site socket hijacking are the known weaknesses of dev servers."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def is_loopback(host: str) -> bool:
    if host in ("localhost", "[::1]"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bracketed(host: str) -> str:
    """An address as a URL writes it: IPv6 in brackets."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def machine_names() -> tuple[str, ...]:
    """This machine's own names: its host name, and the same name on the local network (mDNS)."""
    name = socket.gethostname().lower()
    if not name:
        return ()
    return (name,) if "." in name else (name, f"{name}.local")


def machine_addresses() -> list[str]:
    """Examples for the warning: this machine's non-loopback addresses that its name resolves to,
    and the one it sends from to the local network."""
    addresses = {ipaddress.ip_address(address.split("%")[0]) for address in (*_resolved_addresses(), *_route_address())}
    return [bracketed(str(address)) for address in sorted(addresses, key=lambda a: (a.version, a))
            if not (address.is_loopback or address.is_unspecified)]


def _resolved_addresses() -> set[str]:
    try:
        return {str(info[4][0]) for info in socket.getaddrinfo(socket.gethostname(), None, proto=socket.IPPROTO_TCP)}
    except OSError:
        return set()


def _route_address() -> set[str]:
    """The source address of the route to a private network (a UDP socket's connect sends nothing)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 9))
            return {probe.getsockname()[0]}
    except OSError:
        return set()


def split_host(header: str) -> tuple[str, int] | None:
    """`name:port` (or `[v6]:port`, or a bare name meaning port 80) as a lower-case name and a
    port; None when it is not of that form."""
    header = header.lower()
    name, colon, port = header.rpartition(":") if not header.endswith("]") else ("", "", "")
    if not colon:
        return header, 80
    if not port.isdigit() or (":" in name and not name.startswith("[")):
        return None
    return name, int(port)


def is_address(name: str) -> bool:
    """Whether a Host name is an IP address literal (IPv6 in brackets)."""
    try:
        ipaddress.ip_address(name[1:-1] if name.startswith("[") and name.endswith("]") else name)
    except ValueError:
        return False
    return True


class Guard:
    """Which `Host` headers and socket origins the server answers (README: "Private by default").

    DNS rebinding makes a browser send a page of another site, with that site's name as `Host`, to
    this server. So the server answers only names it knows: bound to loopback, the loopback names;
    bound to another address, also this machine's own names and any IP address written as such
    (which no rebinding can send: a page at `http://192.168.1.10:8000/` is this server's own origin)."""

    def __init__(self, host: str, port: int, own_names: Iterable[str] = ()) -> None:
        self.port = port
        self.local_only = is_loopback(host)
        names = [*LOOPBACK_NAMES, bracketed(host).lower()] + ([] if self.local_only else [*own_names])
        self.names = tuple(dict.fromkeys(name for name in names if name))

    def host_ok(self, host_header: str | None) -> bool:
        parsed = split_host(host_header or "")
        if parsed is None or parsed[1] != self.port:
            return False
        return parsed[0] in self.names or (not self.local_only and is_address(parsed[0]))

    def origin_ok(self, origin: str | None) -> bool:
        return bool(origin and origin.startswith("http://") and self.host_ok(origin.removeprefix("http://")))

    def description(self) -> str:
        """The names answered, as the warning for a non-loopback address states them."""
        if self.local_only:
            return ", ".join(self.names)
        addresses = ", ".join(machine_addresses())
        return ", ".join(self.names) + " and any IP address" + (f" (this machine's: {addresses})" if addresses else "")
