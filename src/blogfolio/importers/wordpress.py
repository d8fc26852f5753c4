"""`blogfolio import wordpress`: a WordPress export becomes a blogfolio, offline.

Stage: importers (beside serve and scaffold, above build). Posts become
bundles (`content/posts/<slug>/index.md`) with their approved and pending
comments as comment files; pages become `content/<slug>.md`, their comments
`content/<slug>/comments/`. Sticky posts get `pinned: true`. Each keeps its old
permalink in `aliases`, so the build writes a redirect there. Nothing is ever
downloaded: images are listed in the report (importers/wp_report.py).

The export is untrusted input: every name taken from it becomes one safe path
segment (importers/wp_names.py), every write is checked to stay inside the
site folder (importers/files.py), and its HTML is cut down to an allow-list
(importers/wp_html.py). A write that is refused is an error naming the item;
the rest of the import still happens.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from blogfolio.config import CONFIG_FILE
from blogfolio.content.frontmatter import format_front_matter
from blogfolio.errors import BuildError, ContentError, SourceSpan
from blogfolio.importers.files import FileWriter, UnsafeWriteError, inside
from blogfolio.importers.wp_comments import CommentPlan, plan_comments
from blogfolio.importers.wp_config import site_config
from blogfolio.importers.wp_dates import wp_date
from blogfolio.importers.wp_html import Attachment, Converted, to_markdown
from blogfolio.importers.wp_names import one_line, printable, safe_alias, safe_segment
from blogfolio.importers.wp_report import REPORT_FILE, ImportReport, outcome_counts, report_markdown
from blogfolio.importers.wp_text import plain_text
from blogfolio.importers.wxr import WxrExport, WxrItem, read_wxr

__all__ = [
    "REPORT_FILE",
    "ImportReport",
    "import_wordpress",
    "outcome_counts",
    "report_markdown",
    "site_config",
    "wp_date",
]

RESERVED_SLUGS = frozenset({"posts", "tags", "categories", "archives", "page", "404", "index"})
"""Page slugs that would take a URL the build already uses."""
_SKIPPED_STATUS = {
    "private": "private posts and pages",
    "trash": "trashed posts and pages",
    "auto-draft": "auto-drafts",
    "inherit": "revisions",
}
_WEB_URL = re.compile(r"https?://[^\s<>\"'`\\]+", re.I)
_OTHER_TYPES = {
    "attachment": "attachments (their images are in the report)",
    "nav_menu_item": "navigation menu items",
    "revision": "revisions",
}


def import_wordpress(export_path: Path, into: Path, force: bool = False) -> ImportReport:
    """Convert an export into content files under `into`; never overwrite edits unless forced."""
    export = read_wxr(export_path)
    into.mkdir(parents=True, exist_ok=True)
    report = ImportReport(export_path, into)
    writer = FileWriter(into, force)
    _Importer(export, report, writer, export_path.read_text("utf-8", errors="replace")).run()
    try:
        config = inside(into, into / CONFIG_FILE, CONFIG_FILE)
        if not config.exists():
            config.write_text(site_config(export), encoding="utf-8")
            report.config_created = True
        writer.save_manifest()
        report.files = writer.outcomes
        inside(into, into / REPORT_FILE, REPORT_FILE).write_text(
            report_markdown(report), encoding="utf-8"
        )
    except UnsafeWriteError as exc:
        raise ContentError(
            f"refused to write into {into}: {exc}", hint="remove the symbolic link and import again"
        ) from None
    if report.errors:
        raise BuildError(report.errors)
    return report


class _Importer:
    def __init__(
        self, export: WxrExport, report: ImportReport, writer: FileWriter, source: str
    ) -> None:
        self.export = export
        self.source = source
        self.report = report
        self.writer = writer
        self.base_path = _base_path(export.base_url)
        self.base_host = urlsplit(export.base_url).netloc.lower()
        self.attachments = {
            item.id: Attachment(
                item.attachment_url,
                one_line(unescape(item.title)),
                one_line(item.meta.get("_wp_attachment_image_alt", "")),
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
                    self.report.skipped_items.append(f"“{printable(_title(item))}” ({reason})")
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
        converted = to_markdown(item.content, item.id, self.attachments, item.link)
        meta = self._meta(item, converted, include_date=True)
        names = [(t, one_line(unescape(t.name))) for t in item.terms]
        tags = [name for t, name in names if t.domain == "post_tag" and name]
        categories = [
            name
            for t, name in names
            if t.domain == "category" and t.slug != "uncategorized" and name
        ]
        if tags:
            meta["tags"] = tags
        if categories:
            meta["categories"] = categories
        if item.sticky:
            meta["pinned"] = True
        self._cover(item, meta, f"{folder}/index.md")
        if not self._finish(item, meta, converted.markdown, f"{folder}/index.md", converted):
            return
        self.report.posts += 1
        self.report.drafts += bool(meta.get("draft"))
        self._comments(item, plan_comments(item, folder, _meta_date(item)))

    def _page(self, item: WxrItem) -> None:
        """A page is `content/<slug>.md`; its comments go to `content/<slug>/comments/`,
        and `comments:` in its front matter turns its thread on (pages have none by default)."""
        slug = _slug(item)
        if slug in RESERVED_SLUGS:
            slug += "-page"
        slug = self._unique(slug, prefix="pages/")
        converted = to_markdown(item.content, item.id, self.attachments, item.link)
        meta = self._meta(item, converted, include_date=False)
        plan = plan_comments(item, f"content/{slug}", _meta_date(item))
        if plan.files:
            meta["comments"] = "closed" if item.comment_status == "closed" else True
        if not self._finish(item, meta, converted.markdown, f"content/{slug}.md", converted):
            return
        self.report.pages += 1
        self._comments(item, plan)

    def _comments(self, item: WxrItem, plan: CommentPlan) -> None:
        self.report.skipped.update(plan.skipped)
        self.report.warnings.extend(plan.warnings)
        for file in plan.files:
            where = f"<wp:comment_id>{file.comment.id}</wp:comment_id>"
            if self._write(item, file.rel, file.text, where):
                self.report.comments += 1
                self.report.pending += file.pending

    def _meta(self, item: WxrItem, converted: Converted, include_date: bool) -> dict[str, Any]:
        meta: dict[str, Any] = {"title": _title(item)}
        date = wp_date(item.date, item.date_gmt)
        if include_date:
            if date is None:
                date = datetime.now(UTC).replace(microsecond=0).isoformat()
                self.report.warnings.append(f"“{meta['title']}” has no date; used today's")
            meta["date"] = date
        author = one_line(unescape(self.export.authors.get(item.creator, item.creator)))
        if author and include_date:
            meta["author"] = author
        # WordPress lists show the excerpt, else the text before <!--more-->.
        summary = plain_text(item.excerpt) or plain_text(converted.teaser or "")
        if summary:
            meta["summary"] = summary
        if item.status in ("draft", "pending"):
            meta["draft"] = True
        alias = self._alias(item)
        if alias:
            meta["aliases"] = [alias]
        wp_id = one_line(item.id)
        meta["wordpress_id"] = int(wp_id) if wp_id.isascii() and wp_id.isdigit() else wp_id
        return meta

    def _finish(
        self, item: WxrItem, meta: dict[str, Any], body: str, rel: str, converted: Converted
    ) -> bool:
        for url in [*converted.images, *converted.embeds.media]:
            self._image(url, rel)
        for what in converted.embeds.dropped:
            self.report.dropped.append((printable(what), rel))
        if converted.shortcodes:
            names = printable(", ".join(converted.shortcodes))
            self.report.warnings.append(
                f"{rel}: kept shortcode(s) {names} as text (no equivalent here); edit them by hand"
            )
        return self._write(item, rel, format_front_matter(meta, body), f"<wp:post_id>{item.id}<")

    def _write(self, item: WxrItem, rel: str, text: str, where: str) -> bool:
        """Write one file; a refused write becomes an error naming the item, and False."""
        try:
            self.writer.write(rel, text)
        except UnsafeWriteError as exc:
            at = self.source.find(where)
            line = self.source.count("\n", 0, at) + 1 if at >= 0 else None
            self.report.errors.append(
                ContentError(
                    f"{item.type} “{printable(_title(item))}” (wp:post_id {printable(item.id)}): "
                    f"refused to write: {printable(str(exc))}",
                    SourceSpan(self.report.source, line),
                    hint="nothing was written for it; remove symbolic links in the site "
                    "folder, or rename the item in WordPress",
                ).to_diagnostic()
            )
            return False
        return True

    def _cover(self, item: WxrItem, meta: dict[str, Any], rel: str) -> None:
        cover = self.attachments.get(item.meta.get("_thumbnail_id", ""))
        if cover is None or not _WEB_URL.fullmatch(cover.url):
            return
        meta["image"] = cover.url
        if cover.alt:
            meta["image_alt"] = cover.alt
        self._image(cover.url, rel)

    def _image(self, url: str, rel: str) -> None:
        if (url, rel) not in self.report.images:
            self.report.images.append((url, rel))

    def _alias(self, item: WxrItem) -> str | None:
        if not item.link or item.status in ("draft", "pending"):
            return None
        if urlsplit(item.link).netloc.lower() not in ("", self.base_host):
            return None  # not an address on the old site
        path, problem = safe_alias(item.link, self.base_path)
        if path is None:
            if problem:
                self.report.warnings.append(
                    f"“{printable(_title(item))}”: old address {printable(item.link)!r} cannot "
                    f"be a redirect: {problem}"
                )
            return None
        first = path.strip("/").split("/", 1)[0]
        if path.count("/") <= 3 and first in RESERVED_SLUGS:
            self.report.warnings.append(
                f"“{printable(_title(item))}”: old address {path} is a URL this site uses "
                "itself; no redirect written"
            )
            return None
        return path

    def _unique(self, slug: str, prefix: str) -> str:
        candidate, n = slug, 2
        while (prefix + candidate).casefold() in self.taken:
            candidate, n = f"{slug}-{n}", n + 1
        self.taken.add((prefix + candidate).casefold())
        return candidate


def _meta_date(item: WxrItem) -> str:
    return wp_date(item.date, item.date_gmt) or datetime.now(UTC).isoformat()


def _slug(item: WxrItem) -> str:
    """The item's file or folder name: one safe segment whatever the export says."""
    return (
        safe_segment(item.slug)
        or safe_segment(plain_text(item.title))
        or safe_segment(f"{item.type}-{item.id}")
        or "item"
    )


def _title(item: WxrItem) -> str:
    """The title as text: WordPress titles may hold HTML (`E=mc<sup>2</sup>`)."""
    title = plain_text(item.title)
    return title or f"Untitled {one_line(item.type)} {one_line(item.id)}"


def _base_path(url: str) -> str:
    path = urlsplit(url).path or "/"
    return path if path.endswith("/") else path + "/"
