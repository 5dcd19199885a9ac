"""Posting to a partner's address without letting the address reach inside our own network.

An address is checked when it is registered and again at every delivery, against every address its host name
resolves to; the request then goes to the very address that was checked (a host name that resolves differently a
second later cannot slip past), with the host name kept for the Host header and TLS. Redirects are not followed.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

import urllib3
from django.conf import settings
from django.utils.translation import gettext as _

# Cloud metadata services outside the link-local range (fd00:ec2::254 is AWS's IPv6 one).
METADATA_ADDRESSES = {ipaddress.ip_address("fd00:ec2::254")}


class UnsafeAddress(ValueError):
    """An address we refuse to post to, with the reason in words."""


def _allowed(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_link_local or ip.is_multicast or ip.is_unspecified or ip.is_reserved or ip in METADATA_ADDRESSES:
        return False
    if ip.is_global:
        return True
    # Loopback and private networks: a developer's own machine, and the test suite's local server.
    return settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES and (ip.is_loopback or ip.is_private)


def parse(url: str):
    """The parts of a webhook address, its port and its host name in ASCII (an internationalised name in its
    xn-- form, as DNS, the Host header and TLS need it), or UnsafeAddress saying what is wrong with it."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise UnsafeAddress(_("The address is not a valid URL.")) from error
    if parts.scheme not in ("http", "https"):
        raise UnsafeAddress(_("Only http:// and https:// addresses are accepted."))
    if not parts.hostname:
        raise UnsafeAddress(_("The address has no host name."))
    if parts.username or parts.password:
        raise UnsafeAddress(_("The address may not carry a user name or password; check the signature instead."))
    try:
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise UnsafeAddress(_("The host name %(host)s is not a valid domain name.") % {"host": parts.hostname}) from error
    return parts, port, host


def resolve(url: str) -> str:
    """The one IP address to post to for `url`, after checking every address its host resolves to."""
    parts, port, host = parse(url)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise UnsafeAddress(_("The host name %(host)s does not resolve.") % {"host": parts.hostname}) from error
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    refused = [str(ip) for ip in addresses if not _allowed(ip)]
    if not addresses or refused:
        raise UnsafeAddress(
            _("%(host)s resolves to an address webhooks may not reach (%(address)s).")
            % {"host": parts.hostname, "address": ", ".join(refused) or "?"}
        )
    return str(addresses[0])


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int | None, str]:
    """POST `body`; the response status (None when there was none) and an error message ('' on a 2xx)."""
    try:
        ip = resolve(url)
    except UnsafeAddress as error:
        return None, str(error)
    parts, port, host = parse(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    timeout = urllib3.Timeout(connect=settings.WEBHOOK_TIMEOUT_SECONDS, read=settings.WEBHOOK_TIMEOUT_SECONDS)
    if parts.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(ip, port, timeout=timeout, retries=False, server_hostname=host,
                                           assert_hostname=host, cert_reqs="CERT_REQUIRED")
    else:
        pool = urllib3.HTTPConnectionPool(ip, port, timeout=timeout, retries=False)
    header = f"[{host}]" if ":" in host else host  # an IPv6 literal keeps its brackets
    if parts.port is not None:
        header = f"{header}:{parts.port}"
    try:
        with pool:
            response = pool.urlopen("POST", path, body=body, headers={**headers, "Host": header}, redirect=False,
                                    retries=False, preload_content=False, assert_same_host=False)
            response.read(2048, decode_content=False)  # enough to be polite; the answer's content is not kept
            response.release_conn()
    except urllib3.exceptions.HTTPError as error:
        return None, f"{type(error).__name__}: {error}"[:300]
    if 200 <= response.status < 300:
        return response.status, ""
    return response.status, f"HTTP {response.status}"
