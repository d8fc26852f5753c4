"""What `new site` asks a student, and the checks on each answer.

Sits beside scaffold. In a terminal, `new site` asks for a name, the email that
replies go to and a GitHub user name or site address; flags answer the same
questions for scripts. The time zone defaults to the computer's (tzlocal), so a
post written at 9 pm in Chicago is dated that day, not the next.
"""

from __future__ import annotations

import difflib
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

PLACEHOLDER_URL = "https://example.github.io/"
"""`base_url` until the student says where the site goes (`publish` refuses it)."""

_GITHUB_USER = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
_GITHUB_REPO = re.compile(r"^[A-Za-z0-9._-]{1,100}$")
_EMAIL = re.compile(r"^[^@\s\"<>,;:]+@[^@\s\"<>,;:]+\.[A-Za-z]{2,}$")
_HOST = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,}$")


@dataclass(frozen=True, slots=True)
class SiteAnswers:
    """What a new site's blogfolio.toml is filled in from."""

    title: str
    author: str = ""
    email: str = ""
    """Where reader replies go (`[comments] email`); empty: no reply link yet."""
    base_url: str = PLACEHOLDER_URL
    timezone: str = "UTC"


def base_url_from(reply: str) -> str:
    """A site address from a GitHub user name (`maya` → https://maya.github.io/), a user and
    repository (`maya/folio` → https://maya.github.io/folio/), a host or a full URL."""
    text = reply.strip()
    if not text:
        return PLACEHOLDER_URL
    if _GITHUB_USER.match(text):
        return f"https://{text.lower()}.github.io/"
    user, _, repo = text.partition("/")
    if repo and _GITHUB_USER.match(user) and _GITHUB_REPO.match(repo.strip("/")):
        repo = repo.strip("/")
        if repo.lower() == f"{user.lower()}.github.io":
            return f"https://{user.lower()}.github.io/"
        return f"https://{user.lower()}.github.io/{repo}/"
    if "://" not in text:
        host, _, path = text.partition("/")
        if not _HOST.match(host):
            raise ValueError(
                f"{text!r} is neither a GitHub user name (maya), a repository (maya/folio) "
                "nor a site address (https://maya.github.io/)"
            )
        text = f"https://{host}/{path}"
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{reply.strip()!r} is not a web address: start it with https://")
    if parts.query or parts.fragment:
        raise ValueError("a site address has no ?query or #fragment")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{path}"


def check_email(reply: str) -> str:
    """The address replies go to, or "" for none; ValueError when it is not an address."""
    text = reply.strip()
    if text and not _EMAIL.match(text):
        raise ValueError(f"{text!r} is not an email address (like maya@example.org)")
    return text


def check_timezone(reply: str) -> str:
    """An IANA time zone name (America/Chicago); ValueError with a suggestion otherwise."""
    text = reply.strip()
    try:
        zoneinfo.ZoneInfo(text)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        close = difflib.get_close_matches(text, sorted(zoneinfo.available_timezones()), n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        raise ValueError(
            f"{text!r} is not a time zone: {hint}use a name like America/Chicago or Europe/Paris"
        ) from None
    return text


def check_author(reply: str) -> str:
    """The author's name on one line (quotes and backslashes are escaped when written)."""
    text = " ".join(reply.split())
    if len(text) > 200:
        raise ValueError("a name of at most 200 characters, please")
    return text


def local_timezone() -> str:
    """The computer's IANA time zone, or UTC when it cannot be told."""
    try:
        import tzlocal

        name = tzlocal.get_localzone_name()
    except Exception:
        return "UTC"
    try:
        return check_timezone(name or "UTC")
    except ValueError:
        return "UTC"


def default_title(directory: Path, author: str) -> str:
    """"Maya Okafor's blogfolio" once a name is known, else from the folder's name."""
    if author:
        return f"{author}'s blogfolio"
    return directory.resolve().name.replace("-", " ").replace("_", " ").title() or "My blogfolio"


Ask = Callable[[str, str, Callable[[str], str]], str]
"""ask(question, default, check) → the checked answer; asks again while check raises."""


@dataclass(frozen=True, slots=True)
class Given:
    """Answers from the command line; None where a flag was not given."""

    title: str | None = None
    author: str | None = None
    email: str | None = None
    base_url: str | None = None
    timezone: str | None = None


def answers_from(directory: Path, given: Given, ask: Ask | None) -> SiteAnswers:
    """Fill in what the flags left open: by asking (`ask`), or with defaults (None)."""

    def value(flag: str | None, question: str, default: str, check: Callable[[str], str]) -> str:
        if flag is not None:
            return check(flag)
        if ask is None:
            return check(default)
        return ask(question, default, check)

    author = value(given.author, "Your name (as readers should see it)", "", check_author)
    email = value(given.email, "Email for readers' replies (optional)", "", check_email)
    base_url = value(
        given.base_url,
        "GitHub user name, or the site's address (e.g. maya, maya/folio, https://maya.dev/)",
        "",
        base_url_from,
    )
    timezone = value(given.timezone, "Time zone", local_timezone(), check_timezone)
    title = given.title or default_title(directory, author)
    return SiteAnswers(title, author, email, base_url, timezone)
