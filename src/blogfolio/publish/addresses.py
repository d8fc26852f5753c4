"""What the host of a URL really names, and target URLs with their secrets hidden.

Stage: publish. Pure functions over strings. `http://127.1/`, `http://0/`,
`http://2130706433/`, `http://[::ffff:127.0.0.1]/` and `http://localhost./`
all reach this computer, the way browsers and resolvers read them, so hosts
are brought to one form before any check compares them: percent-decoded,
width-folded and lowercased, without the trailing dot, and numbers of the
shorthand IPv4 forms (one to four parts, decimal, octal or hex) read as an
address, as the WHATWG URL standard does.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import unquote, urlsplit

_PART = re.compile(r"0[xX][0-9A-Fa-f]*|0[0-7]*|[1-9][0-9]*")
_NUMERIC_END = re.compile(r"(?:[0-9]+|0[xX][0-9A-Fa-f]*)")
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})
IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def url_host(url: str) -> str:
    """The host of `url` in its one comparable form; "" when there is none."""
    try:
        raw = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return normal_host(raw)


def normal_host(host: str) -> str:
    """Percent-decoded, NFKC width-folded, lowercase, without brackets or trailing dots."""
    text = unicodedata.normalize("NFKC", unquote(host)).translate(_DOTS).casefold()
    text = text.strip().removeprefix("[").removesuffix("]")
    return text.rstrip(".")


def host_address(host: str) -> IpAddress | None:
    """The IP address a normalised host spells, in any notation a browser accepts."""
    try:
        address: IpAddress = ipaddress.ip_address(host)
    except ValueError:
        number = _ipv4_number(host)
        return None if number is None else ipaddress.IPv4Address(number)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def is_this_computer(host: str) -> bool:
    """A normalised host that names this machine: localhost, loopback or "any" address."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    address = host_address(host)
    return address is not None and (address.is_loopback or address.is_unspecified)


def _ipv4_number(host: str) -> int | None:
    parts = host.split(".")
    if not parts or len(parts) > 4 or not _NUMERIC_END.fullmatch(parts[-1]):
        return None
    numbers: list[int] = []
    for part in parts:
        if not _PART.fullmatch(part):
            return None
        if part[:2].lower() == "0x":
            numbers.append(int(part[2:] or "0", 16))
        elif len(part) > 1 and part.startswith("0"):
            numbers.append(int(part[1:], 8))
        else:
            numbers.append(int(part))
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (4 - len(head)):
        return None
    return sum(n << (8 * (3 - i)) for i, n in enumerate(head)) + last


def url_userinfo(url: str) -> str:
    """What comes before the `@` of a target URL's host: a user, maybe a password."""
    text = url.strip()
    if text.startswith("dir:") or text == "gh-pages":
        return ""
    if "://" in text:
        netloc = text.split("://", 1)[1].split("/", 1)[0]
        return netloc.rpartition("@")[0]
    return text.partition("@")[0] if "@" in text.split("/", 1)[0] else ""


def carries_secret(url: str) -> bool:
    """A password in the URL, or any user part of an `s3://` URL (an access key)."""
    userinfo = url_userinfo(url)
    return ":" in userinfo or (bool(userinfo) and url.strip().lower().startswith("s3://"))


def redact_url(url: str) -> str:
    """The URL with what follows the user name (or, for s3, the whole user part) hidden."""
    userinfo = url_userinfo(url)
    if not carries_secret(url):
        return url
    user = userinfo.split(":", 1)[0]
    shown = "***" if url.strip().lower().startswith("s3://") else f"{user}:***"
    return url.replace(userinfo + "@", shown + "@", 1)


_URL_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^/@:\s]*):[^/@\s]*@")


def redact_secrets(text: str) -> str:
    """Any `scheme://user:password@` in free text (a tool's error) with the password hidden."""
    return _URL_PASSWORD.sub(r"\g<head>:***@", text)
