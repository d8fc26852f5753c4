"""Validate front matter against the collection schema and decide each page's URL.

Stage: content (model). Imports the standard library, slugify, `config`,
`errors`, `model` and `urls`. Unknown keys are kept for templates; wrong types,
bad dates and missing keys are errors naming the key's line.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from blogfolio.config import SiteConfig
from blogfolio.content.dates import date_problem
from blogfolio.errors import ContentError
from blogfolio.model import Excluded, Link, PageMeta, ParsedDoc, ProjectInfo
from blogfolio.slugs import slugify
from blogfolio.urls import is_external

DATED_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")
KNOWN_KEYS = frozenset(
    {
        "title",
        "date",
        "updated",
        "draft",
        "publish",
        "tags",
        "categories",
        "summary",
        "description",
        "kind",
        "menu",
        "template",
        "image",
        "slug",
        "skills",
        "contacts",
        "pinned",
    }
)
PROJECT_KEYS = frozenset({"role", "tools", "links"})
"""Keys the projects collection understands on top of KNOWN_KEYS."""
LIST_KEYS = ("aliases",)
"""Keys of later features, checked for shape now and passed to templates in `extra`."""
_TYPE_NAMES = {str: "text", bool: "true or false", int: "a whole number", list: "a list"}


@dataclass(frozen=True, slots=True)
class PublishRules:
    """What the build publishes: drafts and future posts only on request."""

    now: datetime
    """Current time, aware, in the site's zone."""
    drafts: bool = False
    """Include `draft: true` sources."""
    future: bool = False
    """Include sources dated after `now`."""


@functools.lru_cache(maxsize=65536)
def make_slug(text: str) -> str:
    """URL-safe, Unicode-aware slug (keeps letters of any script, lowercases, hyphenates)."""
    return slugify(text)


def validate_meta(doc: ParsedDoc, config: SiteConfig, rules: PublishRules) -> PageMeta | Excluded:
    """Check front matter; return the page's metadata, or why it is left out."""
    meta = doc.meta
    zone = ZoneInfo(config.timezone)
    get = _Getter(doc)
    title = get.text("title", required=True)
    name_date, name_slug = _from_file_name(doc)
    is_post = doc.source.collection == "posts"
    raw_date = meta.get("date", name_date)
    when = None
    if raw_date is not None or is_post:
        when = parse_date(doc, "date", raw_date, zone)
    updated = parse_date(doc, "updated", meta["updated"], zone) if "updated" in meta else None
    slug = _slug(doc, get, name_slug)
    draft = get.flag("draft", False)
    publish = get.flag("publish", True)
    menu = get.number("menu")
    for key in LIST_KEYS:
        if key in meta:
            get.names(key)
    url = permalink(config, doc.source.collection, slug, when, doc)
    is_project = doc.source.collection == "projects"
    known = KNOWN_KEYS | PROJECT_KEYS if is_project else KNOWN_KEYS
    page = PageMeta(
        doc=doc,
        title=title,
        slug=slug,
        url=url,
        date=when,
        updated=updated,
        draft=draft,
        tags=get.names("tags"),
        categories=get.names("categories"),
        summary=get.text("summary"),
        description=get.text("description"),
        kind=get.text("kind"),
        menu=menu,
        template=get.text("template") or None,
        template_line=doc.meta_lines.get("template"),
        image=_image(get.text("image"), url),
        extra={k: v for k, v in meta.items() if k not in known},
        skills=get.names("skills"),
        contacts=get.names("contacts"),
        project=_project(get) if is_project else None,
        pinned=get.flag("pinned", False),
    )
    reason = _exclusion(page, publish, rules)
    return Excluded(doc.span_path, reason) if reason else page


def _exclusion(page: PageMeta, publish: bool, rules: PublishRules) -> str | None:
    if not publish:
        return "publish: false"
    if page.draft and not rules.drafts:
        return "draft: true (build with --drafts to include it)"
    if page.date is not None and page.date > rules.now and not rules.future:
        stamp = page.date.strftime("%Y-%m-%d %H:%M %Z")
        return f"dated {stamp}, in the future (build with --future to include it)"
    return None


def permalink(
    config: SiteConfig, collection: str, slug: str, when: datetime | None, doc: ParsedDoc
) -> str:
    """Fill the collection's permalink pattern."""
    pattern = config.collection(collection).permalink
    values = {"slug": slug, "collection": collection}
    if when is not None:
        values.update(year=f"{when.year:04d}", month=f"{when.month:02d}", day=f"{when.day:02d}")
    elif any(p in pattern for p in ("{year}", "{month}", "{day}")):
        raise ContentError(
            f"'date' is required: the {collection} permalink {pattern} uses the date",
            doc.span(),
            hint="add a line such as 'date: 2025-01-31' to the front matter",
        )
    return pattern.format(**values)


def _from_file_name(doc: ParsedDoc) -> tuple[str | None, str]:
    path = PurePosixPath(doc.source.rel)
    stem = path.parent.name if doc.source.is_bundle else path.stem
    match = DATED_NAME.match(stem)
    if match:
        return match.group(1), match.group(2)
    return None, stem


def _slug(doc: ParsedDoc, get: _Getter, fallback: str) -> str:
    raw = get.text("slug")
    if raw and ("/" in raw or "\\" in raw or ".." in raw):
        raise ContentError(
            f"'slug': {raw!r} contains a path separator or '..'",
            doc.span("slug"),
            hint="a slug is one URL segment such as 'my-first-post'",
        )
    slug = make_slug(raw or fallback)
    if not slug:
        raise ContentError(
            "cannot make a URL slug from this file's name",
            doc.span("slug" if raw else None),
            hint="set 'slug: some-words' in the front matter",
        )
    return slug


def _image(image: str, url: str) -> str:
    """A cover image beside a bundle's index.md ("cover.svg") becomes a site path."""
    if not image or image.startswith("/") or is_external(image):
        return image
    return url + image


def _project(get: _Getter) -> ProjectInfo:
    return ProjectInfo(get.text("role"), get.names("tools"), _links(get))


def _links(get: _Getter) -> tuple[Link, ...]:
    raw = get.meta.get("links")
    if raw is None:
        return ()
    items: list[Any]
    if isinstance(raw, dict):
        items = [{"title": k, "url": v} for k, v in raw.items()]
    elif isinstance(raw, list):
        items = raw
    else:
        raise get.fail("links", "a list of links", raw)
    links: list[Link] = []
    for item in items:
        if isinstance(item, str):
            item = {"title": "", "url": item}
        url = item.get("url") if isinstance(item, dict) else None
        title = item.get("title", "") if isinstance(item, dict) else None
        if not isinstance(url, str) or not isinstance(title, str):
            raise get.fail("links", "a list of links", item)
        if not (url.startswith("/") or urlsplit(url).scheme in ("http", "https", "mailto")):
            raise ContentError(
                f"front matter 'links': {url!r} is not a full address or a site path",
                get.doc.span("links"),
                hint="write links as https://… addresses, or site paths starting with /",
            )
        links.append(Link(title.strip() or urlsplit(url).netloc or url, url))
    return tuple(links)


def parse_date(doc: ParsedDoc, key: str, raw: Any, zone: ZoneInfo) -> datetime:
    """Read a front-matter date in `zone`; ContentError at the key's line when it is not one."""
    return _parse_date(doc, key, raw, zone)


def _parse_date(doc: ParsedDoc, key: str, raw: Any, zone: ZoneInfo) -> datetime:
    value: datetime | None = None
    if isinstance(raw, datetime):
        value = raw
    elif isinstance(raw, date):
        value = datetime.combine(raw, time())
    elif isinstance(raw, str):
        try:
            value = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
        except ValueError:
            value = None
    if value is None:
        got = "nothing" if raw is None else repr(raw)
        what = "is required" if raw is None else f"expected YYYY-MM-DD, got {got}"
        problem = date_problem(raw) if isinstance(raw, str) else None
        what = f"{got} is not a date: {problem}" if problem else what
        raise ContentError(
            f"front matter '{key}': {what}",
            doc.span(key if key in doc.meta else None),
            hint="dates are ISO 8601, e.g. '2025-01-13', or with a time '2025-01-13T09:30'",
        )
    try:
        value = value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)
        value.astimezone(UTC)  # feeds and sorting may need it in UTC
    except OverflowError:
        zones = "UTC" if zone.key == "UTC" else f"UTC or {zone.key}"
        raise ContentError(
            f"front matter '{key}': {raw!s} is out of range: in {zones} it falls before "
            "the year 1 or after 9999",
            doc.span(key if key in doc.meta else None),
            hint="dates are ISO 8601, e.g. '2025-01-13', or with a time '2025-01-13T09:30'",
        ) from None
    return value


class _Getter:
    """Typed access to front-matter keys with errors at the key's line."""

    def __init__(self, doc: ParsedDoc) -> None:
        self.doc = doc
        self.meta: Mapping[str, Any] = doc.meta

    def fail(self, key: str, expected: str, value: Any) -> ContentError:
        got = _TYPE_NAMES.get(type(value), type(value).__name__)
        if isinstance(value, dict):
            got = "a mapping"
        return ContentError(
            f"front matter '{key}': expected {expected}, got {got}",
            self.doc.span(key),
            hint=_HINTS.get(key, f"fix the value of '{key}'"),
        )

    def text(self, key: str, required: bool = False) -> str:
        value = self.meta.get(key)
        if value is None:
            if required:
                raise ContentError(
                    f"front matter '{key}' is required",
                    self.doc.span(),
                    hint=f"add '{key}: …' between the --- lines at the top of the file",
                )
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.fail(key, "text", value)
        text = str(value).strip()
        if required and not text:
            raise ContentError(f"front matter '{key}' is empty", self.doc.span(key))
        return text

    def flag(self, key: str, default: bool) -> bool:
        value = self.meta.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, "true or false", value)
        return value

    def number(self, key: str) -> int | None:
        value = self.meta.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, "a whole number", value)
        return value

    def names(self, key: str) -> tuple[str, ...]:
        value = self.meta.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(
            isinstance(v, str | int | float) and not isinstance(v, bool) for v in value
        ):
            raise self.fail(key, "a list of names", value)
        names = [str(v).strip() for v in value]
        return tuple(dict.fromkeys(n for n in names if n))


_HINTS: dict[str, str] = {
    "title": "write the title as one line of text, quoted if it contains ': '",
    "tags": "write tags as a list: tags: [career, networking]",
    "categories": "write categories as a list: categories: [Career]",
    "draft": "use draft: true or draft: false",
    "menu": "menu takes a number that orders the menu, e.g. menu: 10",
    "skills": "write skills as a list: skills: [Communication, Teamwork]",
    "contacts": "list networking-log entries by file name: contacts: [jane-doe]",
    "tools": "write tools as a list: tools: [Python, Tableau]",
    "links": "write links as a list of 'title: …' / 'url: …' pairs, or as https:// addresses",
}
