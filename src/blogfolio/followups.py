"""`blogfolio followups`: who to get back to, and which thank-you notes are still owed.

Sits above build in the layers, beside scaffold: it reads every networking
entry, private ones included, for the student's own eyes. It never writes into
the output folder, nor into any folder the build publishes, and the calendar
file carries names and dates but none of the `private:` values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from blogfolio.config import SiteConfig, load_config
from blogfolio.content.discover import NETWORKING, discover
from blogfolio.content.frontmatter import read_source, split_front_matter
from blogfolio.content.networking import parse_contact
from blogfolio.errors import BlogfolioError, BuildError, Diagnostic, SourceSpan
from blogfolio.model import Contact
from blogfolio.output import PROTECTED

FOLLOW_UP = "Follow up"
THANK_YOU = "Send a thank-you note"
THANK_YOU_DAYS = 1
"""A thank-you note is due the day after the conversation."""


@dataclass(frozen=True, slots=True)
class Reminder:
    """One thing to do for one contact."""

    due: date
    """When it is due."""
    action: str
    """FOLLOW_UP or THANK_YOU."""
    contact: Contact
    """Whom it concerns."""

    @property
    def span(self) -> SourceSpan:
        """The entry's line that set this reminder off."""
        key = "follow_up" if self.action == FOLLOW_UP else "thank_you_sent"
        return self.contact.span(key if key in self.contact.lines else "date")

    def when(self, today: date) -> str:
        """ "overdue by 3 days", "today", "in 2 days"."""
        days = (self.due - today).days
        if days < 0:
            return f"overdue by {-days} day{'s' if days != -1 else ''}"
        if days == 0:
            return "today"
        return f"in {days} day{'s' if days != 1 else ''}"


def load_contacts(root: Path) -> tuple[SiteConfig, list[Contact]]:
    """Every networking entry of the site; raise BuildError listing the broken ones."""
    config = load_config(root.resolve())
    contacts: list[Contact] = []
    problems: list[Diagnostic] = []
    for source in discover(config):
        if source.collection != NETWORKING:
            continue
        span_path = source.path.relative_to(config.root)
        try:
            doc = split_front_matter(source, read_source(source, span_path), span_path)
            contacts.append(parse_contact(doc, config))
        except BlogfolioError as exc:
            problems.append(exc.to_diagnostic())
    if problems:
        raise BuildError(problems)
    return config, contacts


def reminders(contacts: Sequence[Contact], today: date, days: int) -> list[Reminder]:
    """Follow-ups due within `days` (or overdue) and unsent thank-you notes, soonest first."""
    horizon = today + timedelta(days=days)
    found: list[Reminder] = []
    for contact in contacts:
        if contact.follow_up is not None and contact.follow_up <= horizon:
            found.append(Reminder(contact.follow_up, FOLLOW_UP, contact))
        met = contact.date.date()
        if not contact.thank_you_sent and met <= today:
            found.append(Reminder(met + timedelta(days=THANK_YOU_DAYS), THANK_YOU, contact))
    return sorted(found, key=lambda r: (r.due, r.action, r.contact.slug))


def check_target(path: Path, config: SiteConfig) -> None:
    """Refuse to write the calendar where a build would publish or overwrite it."""
    target = path.resolve()
    root = config.root.resolve()
    guarded = [root / config.output_dir, *(root / name for name in PROTECTED)]
    for folder in guarded:
        folder = folder.resolve()
        if target == folder or folder in target.parents:
            raise BlogfolioError(
                f"refusing to write {path} inside {folder}: follow-ups are private",
                SourceSpan(path),
                hint="write it outside the site's folders, e.g. --ics ~/followups.ics",
            )


def to_ics(items: Sequence[Reminder], stamp: datetime) -> str:
    """An iCalendar (RFC 5545) file with one all-day event per reminder."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//blogfolio//followups//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Networking follow-ups",
    ]
    utc = stamp.strftime("%Y%m%dT%H%M%SZ")
    for item in items:
        contact = item.contact
        verb = "with" if item.action == FOLLOW_UP else "to"
        about = ", ".join(p for p in (contact.role, contact.organization) if p)
        details = [about, f"Networking log: {contact.span_path.as_posix()}"]
        kind = "follow-up" if item.action == FOLLOW_UP else "thank-you"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{kind}-{contact.slug}-{item.due:%Y%m%d}@blogfolio",
            f"DTSTAMP:{utc}",
            f"DTSTART;VALUE=DATE:{item.due:%Y%m%d}",
            f"DTEND;VALUE=DATE:{item.due + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(f'{item.action} {verb} {contact.name}')}",
            f"DESCRIPTION:{_escape(chr(10).join(d for d in details if d))}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _escape(text: str) -> str:
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Split lines longer than 75 octets, as RFC 5545 asks, never inside a character."""
    parts: list[str] = []
    current = ""
    for char in line:
        limit = 75 if not parts else 74
        if len((current + char).encode("utf-8")) > limit:
            parts.append(current)
            current = ""
        current += char
    parts.append(current)
    return "\r\n ".join(parts)
