"""Downloads for pages and feeds, refused unless the address is public and the answer small.

The fetch runs on whatever machine hosts the pipeline or the dashboard, so an address typed
by a user must never reach that machine's own network (a router's admin page, a cloud's
metadata service at 169.254.169.254, a database on localhost). Every address a host name
resolves to is checked, the connection goes to the address that was checked (a second
lookup could answer differently), and the same checks run again on every redirect. Limits on
time, bytes, redirects and content type keep one bad page from stalling or flooding a batch;
each refusal says which rule refused it, so the user can tell a typo from a paywall.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

ALLOW_PRIVATE = "TIMELINE_FETCH_ALLOW_PRIVATE"
SCHEMES = ("http", "https")
PAGE_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)
USER_AGENT = "TimelineDesk/0.2 (+news timeline reader)"


class Refused(Exception):
    """A download refused or failed, with the reason in words a user can act on."""


@dataclass(frozen=True)
class Limits:
    timeout: float = 20.0  # seconds for one download, redirects included
    max_bytes: int = 5_000_000  # a news page is rarely a tenth of this
    max_redirects: int = 5
    allow_private: bool = False

    @classmethod
    def from_environment(cls) -> Limits:
        """The limits, with private addresses allowed only when the setting says so."""
        return cls(allow_private=os.environ.get(ALLOW_PRIVATE, "").strip() == "1")

    def describe(self) -> str:
        reach = (
            "private addresses allowed"
            if self.allow_private
            else "public addresses only (no private, loopback or link-local ones)"
        )
        return (
            f"http and https only, {reach}; up to {self.max_bytes // 1_000_000} MB, "
            f"{self.timeout:.0f} s and {self.max_redirects} redirects per page; "
            "web pages (HTML) and feeds (RSS, Atom) only"
        )


@dataclass(frozen=True)
class Download:
    requested: str
    url: str  # where the answer came from, after redirects
    content_type: str
    body: bytes
    redirects: tuple[str, ...] = field(default=())


def _kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    for name, flag in (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("private", ip.is_private),
        ("multicast", ip.is_multicast),
        ("unspecified", ip.is_unspecified),
        ("reserved", ip.is_reserved),
    ):
        if flag:
            return name
    return "non-public"


def is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Reachable on the public internet: not private, loopback, link-local, reserved or shared."""
    mapped = getattr(ip, "ipv4_mapped", None)
    return (mapped or ip).is_global


def check_address(url: str) -> tuple[str, int, str]:
    """The host, port and scheme of an address the rules allow, or Refused naming the rule."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        shown = f"{scheme}:" if scheme else "no scheme"
        raise Refused(f"only http and https addresses are fetched, not {shown}")
    if parts.username or parts.password:
        raise Refused("an address with a user name or password is not fetched")
    if not parts.hostname:
        raise Refused("the address names no host")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise Refused("the address's port is not a number from 1 to 65535") from None
    return parts.hostname, port, scheme


def resolve(host: str, port: int, *, allow_private: bool) -> list[str]:
    """Every address the host resolves to, refused if any of them is not public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as err:
        raise Refused(f"the host {host} could not be found ({err})") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if allow_private:
        return addresses
    for text in addresses:
        ip = ipaddress.ip_address(text.split("%")[0])
        if not is_public(ip):
            raise Refused(
                f"{host} resolves to {text}, a {_kind(getattr(ip, 'ipv4_mapped', None) or ip)} "
                "address: only public "
                f"addresses are fetched (set {ALLOW_PRIVATE}=1 to allow others)"
            )
    return addresses


def _media_type(header: str | None) -> str:
    return (header or "").split(";")[0].strip().lower()


def _pool(scheme: str, ip: str, port: int, host: str, timeout):
    import urllib3

    if scheme == "https":
        # the system's trust store (and SSL_CERT_FILE), as the machine's other clients use
        return urllib3.HTTPSConnectionPool(
            ip,
            port,
            timeout=timeout,
            retries=False,
            maxsize=1,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
        )
    return urllib3.HTTPConnectionPool(ip, port, timeout=timeout, retries=False, maxsize=1)


def download(url: str, *, accept: tuple[str, ...] = PAGE_TYPES, limits: Limits) -> Download:
    """The body at `url`, checked at every hop; Refused with the reason otherwise."""
    import urllib3

    deadline = time.monotonic() + limits.timeout
    current, hops = url.strip(), list[str]()
    while True:
        host, port, scheme = check_address(current)
        ip = resolve(host, port, allow_private=limits.allow_private)[0]
        parts = urlsplit(current)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        default = port == (443 if scheme == "https" else 80)
        host_header = (f"[{host}]" if ":" in host else host) + ("" if default else f":{port}")
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise Refused(f"took longer than the {limits.timeout:.0f} s limit")
        timeout = urllib3.Timeout(connect=remaining, read=remaining)
        try:
            response = _pool(scheme, ip, port, host, timeout).urlopen(
                "GET",
                target,
                headers={
                    "Host": host_header,
                    "User-Agent": USER_AGENT,
                    "Accept": ", ".join(accept) + ", */*;q=0.1",
                },
                redirect=False,
                preload_content=False,
                assert_same_host=False,
            )
        except urllib3.exceptions.TimeoutError:
            raise Refused(f"took longer than the {limits.timeout:.0f} s limit") from None
        except urllib3.exceptions.HTTPError as err:
            raise Refused(f"could not connect to {host}: {type(err).__name__}") from None
        try:
            if 300 <= response.status < 400 and response.headers.get("Location"):
                if len(hops) >= limits.max_redirects:
                    raise Refused(f"more than {limits.max_redirects} redirects")
                hops.append(current)
                current = urljoin(current, response.headers["Location"])
                continue
            if response.status != 200:
                raise Refused(f"the server answered {response.status} {response.reason or ''}")
            media = _media_type(response.headers.get("Content-Type"))
            if media not in accept:
                raise Refused(
                    f"the content type is {media or 'not given'}, not one of {', '.join(accept)}"
                )
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limits.max_bytes:
                raise Refused(
                    f"over the byte limit: {int(declared):,} bytes (limit {limits.max_bytes:,})"
                )
            body = _read(response, limits, deadline)
            return Download(url, current, media, body, tuple(hops))
        finally:
            response.release_conn()


def _read(response, limits: Limits, deadline: float) -> bytes:
    """The body, stopped at the byte limit (counted after decompression) or the deadline.

    Each read returns whatever one receive brought, so a server trickling a byte at a time
    is stopped at the deadline rather than when a full buffer arrives.
    """
    import urllib3

    chunks, size = [], 0
    try:
        while chunk := response.read1(65_536, decode_content=True):
            size += len(chunk)
            if size > limits.max_bytes:
                raise Refused(f"over the byte limit of {limits.max_bytes:,} bytes")
            if time.monotonic() > deadline:
                raise Refused(f"took longer than the {limits.timeout:.0f} s limit")
            chunks.append(chunk)
    except urllib3.exceptions.TimeoutError:
        raise Refused(f"took longer than the {limits.timeout:.0f} s limit") from None
    except urllib3.exceptions.HTTPError as err:
        raise Refused(f"the download broke off: {type(err).__name__}") from None
    return b"".join(chunks)
