"""The networking log: validate `content/networking/*.md` entries into `Contact`s.

Stage: content (model). Imports the standard library, `config`, `errors`,
`model` and `content.pages` (dates, slugs). An entry is private unless
`public: true`; its `private:` mapping becomes `PrivateValue`s that only the
privacy check and the student's own tools (`followups`) ever see.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo

from blogfolio.config import SiteConfig
from blogfolio.content.pages import make_slug, parse_date
from blogfolio.errors import ContentError, Diagnostic, Severity
from blogfolio.model import HONORIFICS, Contact, PageMeta, ParsedDoc, PrivateValue

CHANNELS = ("phone", "in-person", "letter", "email", "video", "event")
"""How a conversation happened."""
KINDS = ("informational-interview", "coffee-chat", "career-fair", "referral", "mentor")
"""What kind of contact it was."""
FIELDS = (
    "name", "role", "organization", "connection", "introduced_by", "date", "channel", "kind",
    "questions", "follow_up", "thank_you_sent", "public", "consent", "private",
)  # fmt: skip
"""Every key an entry may have; anything else is an error, so personal details never
slip out under a made-up key."""
LOG_URL = "/networking/"
"""Site path of the public log page."""
ANCHOR_DIGITS = 8
"""Hex digits in the id of an entry without consent (a clash needs tens of thousands)."""

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[\d\s().\-/]+$")
_HEADING = re.compile(r"<(/?)h([1-6])\b")
_ID_ATTR = re.compile(r'\b(id|href)="(#?)([^"]*)"')


def contact_slug(rel: str) -> str:
    """`networking/jane-doe.md` (or `networking/jane-doe/index.md`) → `jane-doe`."""
    path = PurePosixPath(rel)
    return path.parent.name if path.name == "index.md" else path.stem


def parse_contact(doc: ParsedDoc, config: SiteConfig) -> Contact:
    """Check an entry's front matter; the body is rendered later, and only if public."""
    meta = doc.meta
    for key in meta:
        if key not in FIELDS:
            close = difflib.get_close_matches(key, FIELDS, n=1)
            guess = f"did you mean '{close[0]}'? " if close else ""
            raise ContentError(
                f"networking entry: unknown key '{key}'",
                doc.span(key),
                hint=f"{guess}personal details such as email, phone and notes go under "
                "'private:', which is never published",
            )
    get = _Fields(doc)
    zone = ZoneInfo(config.timezone)
    when = parse_date(doc, "date", meta.get("date"), zone)
    follow_up = None
    if meta.get("follow_up") is not None:
        follow_up = parse_date(doc, "follow_up", meta["follow_up"], zone).date()
        if follow_up < when.date():
            raise ContentError(
                f"'follow_up' ({follow_up.isoformat()}) is before the entry's date "
                f"({when.date().isoformat()})",
                doc.span("follow_up"),
                hint="a follow-up comes after the conversation; check both dates",
            )
    introduced_by = get.text("introduced_by")
    name = get.text("name", required=True)
    consent = get.flag("consent")
    return Contact(
        span_path=doc.span_path,
        rel=doc.source.rel,
        slug=contact_slug(doc.source.rel),
        name=name,
        role=get.text("role"),
        organization=get.text("organization"),
        connection=get.text("connection"),
        introduced_by=introduced_by.removesuffix(".md") or None,
        date=when,
        channel=get.choice("channel", CHANNELS),
        kind=get.choice("kind", KINDS),
        questions=get.texts("questions"),
        follow_up=follow_up,
        thank_you_sent=get.flag("thank_you_sent"),
        public=get.flag("public"),
        consent=consent,
        private=private_values(doc) + ((_name_value(doc, name),) if not consent else ()),
        lines=dict(doc.meta_lines),
    )


def private_values(doc: ParsedDoc) -> tuple[PrivateValue, ...]:
    """Every scalar under `private:`, labelled with its key path."""
    raw = doc.meta.get("private")
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise ContentError(
            "networking entry: 'private' must be a set of 'key: value' lines",
            doc.span("private"),
            hint="indent the details under it, e.g.\nprivate:\n  email: jane@example.org",
        )
    span = doc.span("private")
    found: list[PrivateValue] = []
    for label, value in _leaves(raw, "private"):
        kind = "text"
        if _EMAIL.match(value):
            kind = "email"
        elif _PHONE.match(value) and sum(c.isdigit() for c in value) >= 7:
            kind = "phone"
        found.append(PrivateValue(value, label, span, kind))
    return tuple(found)


def _name_value(doc: ParsedDoc, name: str) -> PrivateValue:
    """Without consent the full name is private too (honorifics dropped: "Ada Byron")."""
    words = [w for w in name.split() if w.strip(".").casefold() not in HONORIFICS]
    return PrivateValue(" ".join(words), "name", doc.span("name"), "name")


def _leaves(value: Any, label: str) -> Iterable[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{label}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _leaves(item, f"{label}.{i}")
    elif value is not None and not isinstance(value, bool):
        text = str(value).strip()
        if text:
            yield label, text


def check_contacts(
    contacts: Sequence[Contact], broken: Collection[str] = ()
) -> list[Diagnostic]:
    """`introduced_by` must name an existing entry, and introductions must not loop.

    `broken` names entries that failed to parse: they exist, with an error of their own."""
    by_slug = {c.slug: c for c in contacts}
    problems: list[Diagnostic] = []
    for contact in contacts:
        target = contact.introduced_by
        if target is not None and target not in by_slug and target not in broken:
            close = difflib.get_close_matches(target, list(by_slug), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "name the file without '.md'"
            problems.append(
                ContentError(
                    f"'introduced_by': no networking entry named '{target}'",
                    contact.span("introduced_by"),
                    hint=f"{hint} (entries in content/networking/ are named by file name)",
                ).to_diagnostic()
            )
    reported: set[str] = set()
    for contact in contacts:
        cycle = _cycle_from(contact, by_slug)
        if cycle and not reported.intersection(cycle):
            reported.update(cycle)
            first = by_slug[min(cycle)]
            loop = _loop_text(first.slug, by_slug)
            problems.append(
                ContentError(
                    f"'introduced_by': introductions go round in a circle: {loop} "
                    "(read ← as 'introduced by')",
                    first.span("introduced_by"),
                    hint="someone in the circle was met first; remove their 'introduced_by'",
                ).to_diagnostic()
            )
    return problems


def _cycle_from(start: Contact, by_slug: Mapping[str, Contact]) -> set[str]:
    seen: list[str] = []
    current: Contact | None = start
    while current is not None and current.slug not in seen:
        seen.append(current.slug)
        current = by_slug.get(current.introduced_by or "")
    if current is None:
        return set()
    return set(seen[seen.index(current.slug) :])


def _loop_text(slug: str, by_slug: Mapping[str, Contact]) -> str:
    names = [slug]
    current = by_slug[slug].introduced_by
    while current is not None and current != slug:
        names.append(current)
        current = by_slug[current].introduced_by
    return " ← ".join([*names, slug])


def check_citations(
    metas: Sequence[PageMeta], contacts: Sequence[Contact], broken: Collection[str] = ()
) -> list[Diagnostic]:
    """Every `contacts:` name on a post or project must be a networking entry (`broken`
    ones, which failed to parse, count: their own error is the one to fix)."""
    slugs = [c.slug for c in contacts]
    known = {*slugs, *broken}
    problems: list[Diagnostic] = []
    for meta in metas:
        for name in meta.contacts:
            slug = name.removesuffix(".md")
            if slug in known:
                continue
            close = difflib.get_close_matches(slug, slugs, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            problems.append(
                ContentError(
                    f"'contacts': no networking entry named '{name}'",
                    meta.doc.span("contacts"),
                    hint=f"{hint}name entries by their file in content/networking/ without .md",
                ).to_diagnostic()
            )
    return problems


def consent_warnings(contacts: Sequence[Contact]) -> list[Diagnostic]:
    """A public entry without `consent: true` is published with initials only; say so."""
    return [
        Diagnostic(
            f"public networking entry published as '{c.display_name}' (initials only): "
            "it has no 'consent: true'",
            c.span("public"),
            hint="add 'consent: true' once the person has agreed to be named",
            severity=Severity.WARNING,
        )
        for c in contacts
        if c.public and not c.consent
    ]


def nest_html(html: str, prefix: str, shift: int) -> str:
    """Fit an entry's body into the log page: prefix its ids and demote its headings."""

    def heading(match: re.Match[str]) -> str:
        return f"<{match.group(1)}h{min(6, int(match.group(2)) + shift)}"

    def ident(match: re.Match[str]) -> str:
        attr, hash_, value = match.groups()
        if attr == "href" and not hash_:
            return match.group(0)
        return f'{attr}="{hash_}{prefix}-{value}"'

    return _ID_ATTR.sub(ident, _HEADING.sub(heading, html))


def label(value: str) -> str:
    """`informational-interview` → `Informational interview`."""
    return value.replace("-", " ").capitalize()


def contact_url(contact: Contact) -> str:
    """Where a public entry appears: its anchor on the log page."""
    return f"{LOG_URL}#{contact_anchor(contact)}"


def contact_anchor(contact: Contact) -> str:
    """The entry's id on the log page. File names are usually the person's name, so only
    an entry with consent takes its id from its file name; the others get a stable code
    made from the file's path ("contact-3f9a0c1e") that spells nothing."""
    if contact.consent:
        return f"contact-{make_slug(contact.slug) or 'entry'}"
    return f"contact-{hashlib.sha256(contact.rel.encode()).hexdigest()[:ANCHOR_DIGITS]}"


class _Fields:
    """Typed access to an entry's keys, with errors at the key's line."""

    def __init__(self, doc: ParsedDoc) -> None:
        self.doc = doc

    def _fail(self, key: str, expected: str) -> ContentError:
        return ContentError(
            f"networking entry '{key}': expected {expected}",
            self.doc.span(key),
            hint=_HINTS.get(key, f"fix the value of '{key}'"),
        )

    def text(self, key: str, required: bool = False) -> str:
        value = self.doc.meta.get(key)
        if value is None or value == "":
            if required:
                raise ContentError(
                    f"networking entry: '{key}' is required",
                    self.doc.span(key if key in self.doc.meta else None),
                    hint=f"add '{key}: …' to the front matter",
                )
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self._fail(key, "text")
        return str(value).strip()

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.doc.meta.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self._fail(key, "a list of text lines")
        return tuple(v.strip() for v in value if v.strip())

    def flag(self, key: str) -> bool:
        value = self.doc.meta.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise self._fail(key, "true or false")
        return value

    def choice(self, key: str, allowed: Sequence[str]) -> str:
        value = self.text(key)
        if not value or value in allowed:
            return value
        close = difflib.get_close_matches(value.lower().replace(" ", "-"), allowed, n=1)
        guess = f"did you mean '{close[0]}'? " if close else ""
        raise ContentError(
            f"networking entry '{key}': unknown {key} {value!r}",
            self.doc.span(key),
            hint=f"{guess}{key} is one of: {', '.join(allowed)}",
        )


_HINTS = {
    "questions": "write questions as a list, one per line starting with '- '",
    "thank_you_sent": "use thank_you_sent: true or false",
    "public": "use public: true to show the entry on the log page, or false",
    "consent": "use consent: true when the person agreed to be named",
}
