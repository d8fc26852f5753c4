"""The values that flow through the pipeline, as frozen slotted dataclasses.

Imports nothing from blogfolio except errors. Each stage takes one of these and
returns the next: SourceFile → ParsedDoc → Page → Site → RenderedFile. The
portfolio parts (networking contacts, skills, the résumé) join the Site beside
the pages.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date as calendar_date
from datetime import datetime
from pathlib import Path
from typing import Any

from blogfolio.errors import Diagnostic, SourceSpan


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A content file found on disk, before it is read."""

    path: Path
    """Absolute path of the Markdown file."""
    rel: str
    """Path relative to `content/`, with `/` separators; the key for `.md` links."""
    collection: str
    """Folder under `content/` ("posts"), or "pages" for top-level files."""
    bundle_assets: tuple[str, ...] = ()
    """For `<slug>/index.md` bundles: other files in the folder, relative to it."""

    @property
    def is_bundle(self) -> bool:
        """A folder bundle (`posts/<slug>/index.md`)."""
        return self.path.name == "index.md"


@dataclass(frozen=True, slots=True)
class ParsedDoc:
    """A content file split into front matter and body."""

    source: SourceFile
    """Where it came from."""
    span_path: Path
    """Path used in messages (relative to the site root)."""
    meta: Mapping[str, Any]
    """Front matter as parsed; dates stay strings until validation."""
    body: str
    """Markdown after the closing delimiter."""
    body_first_line: int
    """1-based file line of the body's first line."""
    meta_lines: Mapping[str, int]
    """1-based file line of each top-level front-matter key."""

    def span(self, key: str | None = None) -> SourceSpan:
        """The span of a front-matter key, or of the file's start."""
        line = self.meta_lines.get(key, 1) if key else 1
        return SourceSpan(self.span_path, line)


@dataclass(frozen=True, slots=True)
class TocEntry:
    """One heading in a page's table of contents."""

    level: int
    """2 for `##`, 3 for `###`…"""
    id: str
    """Anchor id of the heading."""
    title: str
    """Heading text without markup."""


@dataclass(frozen=True, slots=True)
class BodyResult:
    """A rendered Markdown body."""

    html: str
    """The body as HTML; links between content files already resolved."""
    summary_html: str
    """Inline HTML of the first paragraph, for lists and feeds."""
    toc: tuple[TocEntry, ...]
    """Headings, in order."""
    word_count: int
    """Words of prose, for reading time."""
    warnings: tuple[Diagnostic, ...] = ()
    """Problems that do not stop the build (an unknown shortcode, Liquid left in the text)."""


@dataclass(frozen=True, slots=True)
class Comment:
    """One published reader comment: approved, sanitized, with its replies."""

    id: str
    """File name without `.md`, slugged; the page anchor is `#comment-<id>`."""
    span_path: Path
    """The comment's file, for messages."""
    author: str
    """Name as given (plain text; escaped when shown)."""
    url: str
    """The author's http(s) address, or "" (unsafe addresses are dropped)."""
    date: datetime
    """When it was written, in the site's time zone."""
    html: str
    """The body: Markdown without raw HTML, rendered and then sanitized."""
    replies: tuple[Comment, ...] = ()
    """Published replies, oldest first."""


@dataclass(frozen=True, slots=True)
class CommentThread:
    """A post's comments: top-level comments oldest first, each with its replies."""

    comments: tuple[Comment, ...]
    """Top-level comments."""
    count: int
    """Published comments, replies included."""
    open: bool
    """Readers may reply (false for `comments: closed`)."""


@dataclass(frozen=True, slots=True)
class Page:
    """A published piece of content with its URL decided."""

    span_path: Path
    """Source path used in messages."""
    rel: str
    """Source path relative to `content/`."""
    collection: str
    """Collection name ("posts", "pages", …)."""
    title: str
    """Title from front matter."""
    slug: str
    """Last URL segment."""
    url: str
    """Site path, e.g. "/posts/2025/hello/"."""
    date: datetime | None
    """Publication time in the site's time zone; None for undated pages."""
    updated: datetime | None
    """Last meaningful update, when given."""
    draft: bool
    """Marked `draft: true` (only built with --drafts)."""
    tags: tuple[str, ...]
    """Tag names as written."""
    categories: tuple[str, ...]
    """Category names as written."""
    summary: str
    """Front-matter summary (plain text, escaped later), or "" to use the body's."""
    description: str
    """Plain-text description for meta tags."""
    kind: str
    """Free-form kind such as "reflection"."""
    menu: int | None
    """Menu weight when the page joins the menu."""
    template: str | None
    """Template override from front matter."""
    template_line: int | None
    """Line of the `template:` key, for "template not found" errors."""
    image: str
    """Cover image as a site path, or ""."""
    extra: Mapping[str, Any]
    """Front-matter keys the schema does not know; passed to templates."""
    body: BodyResult
    """The rendered body."""
    assets: tuple[tuple[Path, str], ...] = ()
    """Bundle files to copy: (source file, output path relative to the output folder)."""
    comments: CommentThread | None = None
    """Reader comments (posts only); None when comments are off for this page."""
    skills: tuple[str, ...] = ()
    """Skills this page gives evidence for, as written."""
    contacts: tuple[str, ...] = ()
    """Networking-log entries (their slugs) this page relates to."""
    project: ProjectInfo | None = None
    """Role, tools and links, for items of the projects collection."""
    lines: Mapping[str, int] = field(default_factory=dict)
    """1-based line of each front-matter key, for messages (`aliases:`, `slug:`)."""
    pinned: bool = False
    """`pinned: true`: listed before the other posts on the home page."""

    @property
    def reading_time(self) -> int:
        """Minutes at 220 words a minute, at least one."""
        return max(1, round(self.body.word_count / 220))


@dataclass(frozen=True, slots=True)
class Excluded:
    """A source left out of the build, and why ("Why is my post missing?")."""

    span_path: Path
    """The source file."""
    reason: str
    """Human-readable reason, e.g. "draft (build with --drafts to include)"."""


@dataclass(frozen=True, slots=True)
class Term:
    """A tag or category with the posts that carry it."""

    name: str
    """Name as first written."""
    slug: str
    """URL segment."""
    taxonomy: str
    """"tags" or "categories"."""
    url: str
    """Site path of the term's page."""
    posts: tuple[Page, ...]
    """Posts with this term, newest first."""


@dataclass(frozen=True, slots=True)
class MenuEntry:
    """A resolved menu link."""

    title: str
    """Link text."""
    url: str
    """Site path or external URL."""
    weight: int
    """Sort key."""


@dataclass(frozen=True, slots=True)
class Site:
    """Everything known about the site after assembly; the input of routing."""

    posts: tuple[Page, ...]
    """Published posts, newest first (feeds, archives, neighbours)."""
    pages: tuple[Page, ...]
    """Standalone pages and other collections' items."""
    tags: tuple[Term, ...]
    """Tags sorted by name."""
    categories: tuple[Term, ...]
    """Categories sorted by name."""
    menu: tuple[MenuEntry, ...]
    """Menu in display order."""
    data: Mapping[str, Any]
    """Data files from `data/`, by file stem."""
    excluded: tuple[Excluded, ...]
    """Sources left out, with reasons."""
    build_date: datetime
    """When the build ran (or SOURCE_DATE_EPOCH)."""
    contacts: tuple[Contact, ...] = ()
    """Every networking-log entry, public or not, newest first; views show only public fields."""
    skills: SkillFramework | None = None
    """Declared skills (data/skills.*, or the NACE competencies)."""
    resume: Resume | None = None
    """The résumé from data/resume.*, with unpublished fields already removed."""

    @property
    def home_posts(self) -> tuple[Page, ...]:
        """The home page's list: pinned posts first, then the rest, each newest first."""
        if not any(p.pinned for p in self.posts):
            return self.posts
        return (*(p for p in self.posts if p.pinned), *(p for p in self.posts if not p.pinned))


@dataclass(frozen=True, slots=True)
class RenderedFile:
    """One file of output: in memory, or in a scratch file until written."""

    path: str
    """Path relative to the output folder, `/` separators."""
    data: bytes | None = None
    """Content, for generated files."""
    source: Path | None = None
    """File to copy, for static files and bundle assets; with `scratch`, where the
    generated bytes wait."""
    scratch: bool = False
    """The bytes were generated but kept in the scratch file `source`, not in memory
    (output/spill.py); the writer moves that file into place."""
    digest: bytes | None = None
    """The generated bytes' digest (`cache.keys.bytes_digest`), when the build knows it:
    a file the last build left in place with these bytes is then not read again."""
    load: Callable[[], bytes] | None = field(default=None, compare=False, repr=False)
    """Fetches generated bytes this build did not hold (an unchanged page in the store),
    only if a stage or the writer needs them."""

    def generated(self) -> bytes:
        """The bytes this build made: in memory, in the scratch file or in the store; empty
        for a file copied as it is."""
        if self.data is not None:
            return self.data
        if self.scratch and self.source is not None:
            return self.source.read_bytes()
        if self.load is not None:
            return self.load()
        return b""

    @property
    def made(self) -> bool:
        """Whether the build generated these bytes (rather than copying a file)."""
        return self.data is not None or self.scratch or self.load is not None


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build made and what it noticed."""

    files: tuple[RenderedFile, ...]
    """Every output file."""
    site: Site
    """The assembled site."""
    warnings: tuple[Diagnostic, ...] = ()
    """Problems that did not stop the build."""
    stats: Mapping[str, float] = field(default_factory=dict)
    """Timings and counts for the summary line."""
    next_change: datetime | None = None
    """When the output changes without an edit: the first scheduled post's time."""

    def summary(self) -> BuildSummary:
        """What the command line reports of this build."""
        site = self.site
        return BuildSummary(
            self.warnings, site.excluded, len(site.posts) + len(site.pages), len(self.files),
            self.stats.get("seconds", 0.0), self.next_change,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class BuildSummary:
    """A build as the command line reports it; small enough to remember between builds."""

    warnings: tuple[Diagnostic, ...]
    """Problems that did not stop the build."""
    excluded: tuple[Excluded, ...]
    """Sources left out, with reasons."""
    pages: int
    """Posts and pages built."""
    files: int
    """Output files."""
    seconds: float
    """How long the build took."""
    next_change: datetime | None = None
    """When the output changes without an edit."""


@dataclass(frozen=True, slots=True)
class PageMeta:
    """Validated front matter with the page's URL decided; the body is rendered later."""

    doc: ParsedDoc
    """The parsed source."""
    title: str
    """Title."""
    slug: str
    """Last URL segment."""
    url: str
    """Site path."""
    date: datetime | None
    """Publication time in the site's zone."""
    updated: datetime | None
    """Update time in the site's zone."""
    draft: bool
    """Draft flag."""
    tags: tuple[str, ...]
    """Tags."""
    categories: tuple[str, ...]
    """Categories."""
    summary: str
    """Front-matter summary or ""."""
    description: str
    """Front-matter description or ""."""
    kind: str
    """Kind such as "reflection"."""
    menu: int | None
    """Menu weight."""
    template: str | None
    """Template override."""
    template_line: int | None
    """Line of the `template:` key."""
    image: str
    """Cover image site path or ""."""
    extra: Mapping[str, Any]
    """Unknown front-matter keys."""
    skills: tuple[str, ...] = ()
    """Skills this page gives evidence for."""
    contacts: tuple[str, ...] = ()
    """Networking-log entries (slugs) this page relates to."""
    project: ProjectInfo | None = None
    """Project facts, for the projects collection."""
    pinned: bool = False
    """`pinned: true` (a WordPress sticky post): first on the home page."""


@dataclass(frozen=True, slots=True)
class Link:
    """A titled link, such as a project's repository."""

    title: str
    """Link text."""
    url: str
    """Full URL or site path."""


@dataclass(frozen=True, slots=True)
class ProjectInfo:
    """What a portfolio project adds to a page's front matter."""

    role: str = ""
    """What the student did ("Data lead, team of four")."""
    tools: tuple[str, ...] = ()
    """Languages, libraries and software used."""
    links: tuple[Link, ...] = ()
    """Repository, demo, slides…"""


@dataclass(frozen=True, slots=True)
class PrivateValue:
    """A value that must never appear in the output; the privacy check looks for it."""

    value: str
    """The text itself (never printed in messages)."""
    label: str
    """Where it sits, such as "private.email" or "basics.phone"."""
    span: SourceSpan
    """The file and line that declare it."""
    kind: str = "text"
    """"email", "phone" (matched by its digits in any formatting), "name" (only searched
    for when it has two words or more) or "text"."""


@dataclass(frozen=True, slots=True)
class Contact:
    """One networking-log entry: a person or a conversation.

    Everything but `private` may be published when `public` is true; `private`
    never is, and the build checks its output for those values.
    """

    span_path: Path
    """Source path used in messages."""
    rel: str
    """Source path relative to `content/`."""
    slug: str
    """File name without `.md`; how posts and `introduced_by` name the entry."""
    name: str
    """Full name as written."""
    role: str
    """Job title."""
    organization: str
    """Where they work."""
    connection: str
    """How the student knows them (former professor, employer, alum…)."""
    introduced_by: str | None
    """Slug of the entry for whoever made the introduction."""
    date: datetime
    """When the conversation happened (or the contact was made), in the site's zone."""
    channel: str
    """phone, in-person, letter, email, video or event; "" when not given."""
    kind: str
    """informational-interview, coffee-chat, career-fair, referral or mentor; "" when not given."""
    questions: tuple[str, ...]
    """Questions asked or planned."""
    follow_up: calendar_date | None
    """When to get back in touch."""
    thank_you_sent: bool
    """A thank-you note went out."""
    public: bool
    """Shown on the networking log page."""
    consent: bool
    """The person agreed to be named; without it only initials are published."""
    private: tuple[PrivateValue, ...]
    """What must never be published: the `private:` values, and the full name unless
    `consent` is true."""
    lines: Mapping[str, int] = field(default_factory=dict)
    """1-based line of each front-matter key, for messages."""
    body: BodyResult | None = None
    """What was learned, rendered only for public entries."""

    @property
    def display_name(self) -> str:
        """The name as published: in full with consent, else initials."""
        return self.name if self.consent else initials(self.name)

    def span(self, key: str | None = None) -> SourceSpan:
        """The span of a front-matter key, or of the file's start."""
        return SourceSpan(self.span_path, self.lines.get(key, 1) if key else 1)


HONORIFICS = frozenset({"dr", "prof", "professor", "mr", "mrs", "ms", "mx", "miss", "sir"})
"""Titles left out of initials and of the name the privacy check looks for."""


def initials(name: str) -> str:
    """ "Dr. Jolene Ruiz" → "J. R.": initials of the name without honorifics."""
    words = [w for w in name.replace(".", " ").split() if w.casefold() not in HONORIFICS]
    return " ".join(f"{w[0].upper()}." for w in words if w[0].isalpha()) or "Anonymous"


@dataclass(frozen=True, slots=True)
class Skill:
    """A declared skill."""

    name: str
    """Name as declared."""
    slug: str
    """Anchor on the skills page; also how spellings are compared."""
    description: str = ""
    """One or two sentences on what the skill means."""


@dataclass(frozen=True, slots=True)
class SkillGroup:
    """A heading on the skills page with its skills."""

    name: str
    """Group name."""
    description: str
    """What the group is."""
    skills: tuple[Skill, ...]
    """Skills in declared order."""


@dataclass(frozen=True, slots=True)
class SkillFramework:
    """Every declared skill, grouped."""

    groups: tuple[SkillGroup, ...]
    """Groups in declared order."""
    source: str = ""
    """The data file that declared them, or "" for the built-in NACE default."""

    def find(self, slug: str) -> Skill | None:
        """The declared skill with this slug (so case and spacing do not matter)."""
        for group in self.groups:
            for skill in group.skills:
                if skill.slug == slug:
                    return skill
        return None


@dataclass(frozen=True, slots=True)
class Resume:
    """A JSON Resume document, checked, with unpublished fields removed."""

    data: Mapping[str, Any]
    """The public part of the document, in JSON Resume's own shape."""
    hidden: tuple[PrivateValue, ...]
    """Phone and street address when not opted in; the privacy check looks for them."""
    span_path: Path
    """The data file, for messages."""
