"""`blogfolio import wordpress`: a WordPress export becomes a blogfolio, offline.

Stage: importers (beside serve and scaffold, above build). Posts become
bundles (`content/posts/<slug>/index.md`) with their approved and pending
comments as comment files; pages become `content/<slug>.md`. Each keeps its old
permalink in `aliases`, so the build writes a redirect there. Nothing is ever
downloaded: images are listed in a report with the post that uses them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from blogfolio.config import CONFIG_FILE
from blogfolio.content.frontmatter import format_front_matter
from blogfolio.content.pages import make_slug
from blogfolio.importers.files import STATUSES, FileWriter
from blogfolio.importers.wp_html import Attachment, to_markdown
from blogfolio.importers.wxr import WxrComment, WxrExport, WxrItem, read_wxr

REPORT_FILE = "wordpress-import.md"
RESERVED_SLUGS = frozenset({"posts", "tags", "categories", "archives", "page", "404"})
"""Page slugs that would take a URL the build already uses."""
_SKIPPED_STATUS = {
    "private": "private posts and pages",
    "trash": "trashed posts and pages",
    "auto-draft": "auto-drafts",
    "inherit": "revisions",
}
_SKIPPED_COMMENTS = {"spam": "spam comments", "trash": "trashed comments"}
_OTHER_TYPES = {
    "attachment": "attachments (their images are in the report)",
    "nav_menu_item": "navigation menu items",
    "revision": "revisions",
}


@dataclass(slots=True)
class ImportReport:
    """What an import did, for the summary table and the report file."""

    source: Path
    into: Path
    posts: int = 0
    drafts: int = 0
    pages: int = 0
    comments: int = 0
    pending: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    """Reason → how many items were skipped for it."""
    skipped_items: list[str] = field(default_factory=list)
    """Skipped posts and pages the student should know about, by title."""
    warnings: list[str] = field(default_factory=list)
    images: list[tuple[str, str]] = field(default_factory=list)
    """(image URL, file that uses it)."""
    files: dict[str, list[str]] = field(default_factory=dict)
    """Outcome → files (see importers.files.STATUSES)."""
    config_created: bool = False


def import_wordpress(export_path: Path, into: Path, force: bool = False) -> ImportReport:
    """Convert an export into content files under `into`; never overwrite edits unless forced."""
    export = read_wxr(export_path)
    into.mkdir(parents=True, exist_ok=True)
    report = ImportReport(export_path, into)
    writer = FileWriter(into, force)
    _Importer(export, report, writer).run()
    if not (into / CONFIG_FILE).exists():
        (into / CONFIG_FILE).write_text(site_config(export), encoding="utf-8")
        report.config_created = True
    writer.save_manifest()
    report.files = writer.outcomes
    (into / REPORT_FILE).write_text(report_markdown(report), encoding="utf-8")
    return report


class _Importer:
    def __init__(self, export: WxrExport, report: ImportReport, writer: FileWriter) -> None:
        self.export = export
        self.report = report
        self.writer = writer
        self.base_path = _base_path(export.base_url)
        self.attachments = {
            item.id: Attachment(
                item.attachment_url,
                item.title,
                item.meta.get("_wp_attachment_image_alt", ""),
                item.parent,
            )
            for item in export.items
            if item.type == "attachment" and item.attachment_url
        }
        self.taken: set[str] = set()

    def run(self) -> None:
        for item in self.export.items:
            reason = self._skip_reason(item)
            if reason is not None:
                self.report.skipped[reason] += 1
                if item.type in ("post", "page") and item.status in ("private", "publish", "draft"):
                    self.report.skipped_items.append(f"“{item.title}” ({reason})")
                if item.type == "post" and item.comments:
                    self.report.skipped["comments on skipped posts"] += len(item.comments)
                continue
            if item.type == "post":
                self._post(item)
            else:
                self._page(item)

    def _skip_reason(self, item: WxrItem) -> str | None:
        if item.type not in ("post", "page"):
            return _OTHER_TYPES.get(item.type, f"'{item.type}' items")
        if item.status in _SKIPPED_STATUS:
            return _SKIPPED_STATUS[item.status]
        if item.password:
            return "password-protected posts and pages"
        return None

    # -- posts and pages -------------------------------------------------------

    def _post(self, item: WxrItem) -> None:
        slug = self._unique(_slug(item), prefix="posts/")
        folder = f"content/posts/{slug}"
        converted = to_markdown(item.content, item.id, self.attachments)
        meta = self._meta(item, include_date=True)
        tags = [t.name for t in item.terms if t.domain == "post_tag"]
        categories = [
            t.name for t in item.terms if t.domain == "category" and t.slug != "uncategorized"
        ]
        if tags:
            meta["tags"] = tags
        if categories:
            meta["categories"] = categories
        self._cover(item, meta, f"{folder}/index.md")
        self._finish(item, meta, converted.markdown, f"{folder}/index.md", converted)
        self.report.posts += 1
        self.report.drafts += bool(meta.get("draft"))
        self._comments(item, folder)

    def _page(self, item: WxrItem) -> None:
        slug = _slug(item)
        if slug in RESERVED_SLUGS:
            slug += "-page"
        slug = self._unique(slug, prefix="pages/")
        converted = to_markdown(item.content, item.id, self.attachments)
        meta = self._meta(item, include_date=False)
        self._finish(item, meta, converted.markdown, f"content/{slug}.md", converted)
        self.report.pages += 1
        comments = [c for c in item.comments if c.type in ("", "comment")]
        if comments:
            self.report.skipped["comments on pages"] += len(comments)

    def _meta(self, item: WxrItem, include_date: bool) -> dict[str, Any]:
        meta: dict[str, Any] = {"title": _title(item)}
        date = wp_date(item.date, item.date_gmt)
        if include_date:
            if date is None:
                date = datetime.now(UTC).replace(microsecond=0).isoformat()
                self.report.warnings.append(f"“{meta['title']}” has no date; used today's")
            meta["date"] = date
        author = self.export.authors.get(item.creator, item.creator)
        if author and include_date:
            meta["author"] = author
        summary = _plain(item.excerpt)
        if summary:
            meta["summary"] = summary
        if item.status in ("draft", "pending"):
            meta["draft"] = True
        alias = self._alias(item)
        if alias:
            meta["aliases"] = [alias]
        meta["wordpress_id"] = int(item.id) if item.id.isdigit() else item.id
        return meta

    def _finish(
        self, item: WxrItem, meta: dict[str, Any], body: str, rel: str, converted: Any
    ) -> None:
        for url in converted.images:
            self._image(url, rel)
        if converted.shortcodes:
            names = ", ".join(converted.shortcodes)
            self.report.warnings.append(
                f"{rel}: kept shortcode(s) {names} as text (no equivalent here); edit them by hand"
            )
        self.writer.write(rel, format_front_matter(meta, body))

    def _cover(self, item: WxrItem, meta: dict[str, Any], rel: str) -> None:
        cover = self.attachments.get(item.meta.get("_thumbnail_id", ""))
        if cover is None:
            return
        meta["image"] = cover.url
        if cover.alt:
            meta["image_alt"] = cover.alt
        self._image(cover.url, rel)

    def _image(self, url: str, rel: str) -> None:
        if (url, rel) not in self.report.images:
            self.report.images.append((url, rel))

    def _alias(self, item: WxrItem) -> str | None:
        parts = urlsplit(item.link)
        if parts.query or not parts.path or item.status in ("draft", "pending"):
            return None
        path = parts.path
        if self.base_path != "/" and path.startswith(self.base_path):
            path = "/" + path[len(self.base_path) :]
        if path in ("", "/"):
            return None
        first = path.strip("/").split("/", 1)[0]
        if path.count("/") <= 3 and first in RESERVED_SLUGS:
            self.report.warnings.append(
                f"“{_title(item)}”: old address {path} is a URL this site uses itself; "
                "no redirect written"
            )
            return None
        return path

    def _unique(self, slug: str, prefix: str) -> str:
        candidate, n = slug, 2
        while prefix + candidate in self.taken:
            candidate, n = f"{slug}-{n}", n + 1
        self.taken.add(prefix + candidate)
        return candidate

    # -- comments --------------------------------------------------------------

    def _comments(self, item: WxrItem, folder: str) -> None:
        kept: dict[str, WxrComment] = {}
        for comment in item.comments:
            kind = comment.type or "comment"
            if kind != "comment":
                self.report.skipped[f"{kind}s"] += 1
            elif comment.approved in _SKIPPED_COMMENTS:
                self.report.skipped[_SKIPPED_COMMENTS[comment.approved]] += 1
            else:
                kept[comment.id] = comment
        for comment in kept.values():
            meta: dict[str, Any] = {
                "author": unescape(comment.author) or "Anonymous",
                "date": wp_date(comment.date, comment.date_gmt) or _meta_date(item),
            }
            if comment.url and comment.url not in ("http://", "https://"):
                meta["url"] = comment.url
            if comment.email:
                meta["email"] = comment.email
            if comment.parent != "0":
                if comment.parent in kept:
                    meta["reply_to"] = f"comment-{comment.parent}"
                else:
                    self.report.warnings.append(
                        f"{folder}/comments/comment-{comment.id}.md answered a comment that was "
                        "not imported (spam, trash or a pingback); it is now a top-level comment"
                    )
            if comment.approved != "1":
                meta["approved"] = False
                self.report.pending += 1
            body = to_markdown(comment.content).markdown
            rel = f"{folder}/comments/comment-{comment.id}.md"
            self.writer.write(rel, format_front_matter(meta, body))
            self.report.comments += 1


def wp_date(local: str, gmt: str) -> str | None:
    """ISO 8601 from WordPress's local and GMT times, with the offset they imply."""
    when = _parse(local)
    if when is None:
        return None
    utc = _parse(gmt)
    if utc is None:
        return when.isoformat()
    offset = when - utc
    if abs(offset) > timedelta(hours=14):
        return when.isoformat()
    return when.replace(tzinfo=timezone(offset)).isoformat()


def _parse(value: str) -> datetime | None:
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def _meta_date(item: WxrItem) -> str:
    return wp_date(item.date, item.date_gmt) or datetime.now(UTC).isoformat()


def _slug(item: WxrItem) -> str:
    return make_slug(item.slug) or make_slug(item.title) or f"{item.type}-{item.id}"


def _title(item: WxrItem) -> str:
    title = " ".join(unescape(item.title).split())
    return title or f"Untitled {item.type} {item.id}"


def _plain(html: str) -> str:
    extractor = _Text()
    extractor.feed(html)
    extractor.close()
    return " ".join("".join(extractor.parts).split())


class _Text(HTMLParser):
    """The text of an HTML fragment (excerpts become plain-text summaries)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _base_path(url: str) -> str:
    path = urlsplit(url).path or "/"
    return path if path.endswith("/") else path + "/"


def site_config(export: WxrExport) -> str:
    """A `blogfolio.toml` for a site made from an export."""
    parts = urlsplit(export.base_url)
    base = export.base_url if parts.scheme in ("http", "https") and parts.netloc else ""
    language = export.language if export.language.replace("-", "").isalnum() else "en"
    lines = [
        f"title = {_toml(unescape(export.title) or 'My blogfolio')}",
        f"description = {_toml(unescape(export.description))}",
        f"base_url = {_toml(base.rstrip('/') + '/' if base else 'https://example.github.io/')}",
        f"language = {_toml(language or 'en')}",
        '# WordPress exports do not say their time zone: set yours, e.g. "America/Chicago".',
        'timezone = "UTC"',
        "",
        "[comments]",
        "# Where reply forms post (a form service or your own endpoint); without it,",
        "# readers get a mailto link to `email`.",
        'form_action = ""',
        'email = ""',
    ]
    return "\n".join(lines) + "\n"


def _toml(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def report_markdown(report: ImportReport) -> str:
    """The report file written beside the site: what was imported, skipped and still to do."""
    out = [
        "# WordPress import",
        "",
        f"From `{report.source.name}`: {_count(report.posts, 'post')} "
        f"({_count(report.drafts, 'draft')}), {_count(report.pages, 'page')}, "
        f"{_count(report.comments, 'comment')} ({report.pending} awaiting approval).",
        "",
    ]
    if report.skipped:
        out += ["## Skipped", ""]
        out += [f"- {count} {reason}" for reason, count in sorted(report.skipped.items())]
        out += [f"- {item}" for item in report.skipped_items]
        out.append("")
    if report.warnings:
        out += ["## Check by hand", ""] + [f"- {w}" for w in report.warnings] + [""]
    if report.images:
        out += [
            "## Images still on the old site",
            "",
            "Nothing was downloaded. Save each image into the post's folder and change its",
            "link, or keep the old address while the old site stays online.",
            "",
        ]
        out += [f"- {url} (in `{rel}`)" for url, rel in report.images]
        out.append("")
    kept = report.files.get("kept", []) + report.files.get("not recreated", [])
    if kept:
        out += ["## Files left as they were", ""] + [f"- `{rel}`" for rel in kept] + [""]
    return "\n".join(out)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def outcome_counts(report: ImportReport) -> Mapping[str, int]:
    """Files per outcome, in display order."""
    return {s: len(report.files.get(s, [])) for s in STATUSES}
