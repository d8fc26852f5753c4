"""Who the site is about, as the home page, header and footer show it.

Stage: render. `[author]` in blogfolio.toml comes first; the résumé's `basics`
(photo, summary, profiles) fills what it leaves empty, so a student who keeps a
JSON Resume writes those once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from blogfolio.config import SiteConfig
from blogfolio.model import Page, Site

LABELS = {
    "github": "GitHub",
    "gitlab": "GitLab",
    "linkedin": "LinkedIn",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "email": "Email",
    "website": "Website",
    "orcid": "ORCID",
}
"""Display names of the networks the theme has an icon for; others show a link icon."""


@dataclass(frozen=True, slots=True)
class ProfileLink:
    """One social or contact link: `.network` (icon name), `.label`, `.url`, `.rel`."""

    network: str
    label: str
    url: str
    rel: str
    """"me" for profiles (Mastodon verifies it), "" for email."""


@dataclass(frozen=True, slots=True)
class ProfileView:
    """`site.profile`: `.name`, `.photo` (site path or https, may be ""), `.intro`,
    `.links`, `.initials`."""

    name: str
    photo: str
    intro: str
    links: tuple[ProfileLink, ...]
    initials: str


def profile_view(config: SiteConfig, site: Site) -> ProfileView:
    """The author's profile from `[author]`, then the résumé's basics."""
    author = config.author
    basics: Mapping[str, Any] = {}
    if site.resume is not None:
        found = site.resume.data.get("basics")
        basics = found if isinstance(found, Mapping) else {}
    name = author.name or _text(basics.get("name")) or config.title
    photo = author.photo or _photo(_text(basics.get("image")))
    intro = author.intro or _text(basics.get("summary")) or config.description
    links = [_link(k, v) for k, v in author.links.items()]
    if not links:
        links = [p for p in map(_profile, _list(basics.get("profiles"))) if p is not None]
    return ProfileView(name, photo, " ".join(intro.split()), tuple(links), initials(name))


def initials(name: str) -> str:
    """Up to two capital letters from a name ("Maya Okafor" → "MO")."""
    words = [w for w in name.replace("·", " ").split() if w[:1].isalpha()]
    letters = [w[0].upper() for w in words[:1] + words[1:][-1:]]
    return "".join(letters) or "B"


def _link(network: str, address: str) -> ProfileLink:
    key = network.lower()
    label = LABELS.get(key, network.replace("_", " ").replace("-", " ").title())
    if key == "email":
        return ProfileLink("email", label, "mailto:" + address.removeprefix("mailto:"), "")
    return ProfileLink(key if key in LABELS else "link", label, address, "me")


def _profile(entry: Any) -> ProfileLink | None:
    if not isinstance(entry, Mapping):
        return None
    url = _text(entry.get("url"))
    network = _text(entry.get("network")) or "Profile"
    if urlsplit(url).scheme not in ("http", "https"):
        return None
    return _link(network, url)


def _photo(value: str) -> str:
    """A résumé image usable as a photo: a site path or an https address."""
    if value.startswith("/") or urlsplit(value).scheme == "https":
        return value
    return ""


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _list(value: Any) -> Sequence[Any]:
    return value if isinstance(value, list | tuple) else ()


def featured_projects(site: Site) -> list[Page]:
    """Projects whose front matter says `featured: true`, newest first as in the gallery."""
    chosen = [
        p for p in site.pages if p.collection == "projects" and p.extra.get("featured") is True
    ]
    return sorted(chosen, key=lambda p: (p.date or site.build_date, p.title), reverse=True)


def latest_reflections(site: Site, count: int) -> list[Page]:
    """The newest `count` posts with `kind: reflection`."""
    return [p for p in site.posts if p.kind == "reflection"][:count]


def copyright_years(site: Site) -> tuple[int, int]:
    """The first and last year of the site's dated content, for the footer's notice;
    the build year only when nothing is dated."""
    years = [
        d.year for p in (*site.posts, *site.pages) for d in (p.date, p.updated) if d is not None
    ]
    if not years:
        return site.build_date.year, site.build_date.year
    return min(years), max(years)
