"""`blogfolio import jekyll DIR`: a Jekyll site's posts and pages become a blogfolio, offline.

Stage: importers. Posts in `_posts/` (and `_drafts/`, as drafts) become
bundles `content/posts/<slug>/index.md`; Markdown pages at the top of the site
become `content/<slug>.md`. Front matter is mapped to blogfolio's keys
(importers/front.py), Liquid and kramdown converted (importers/liquid.py,
importers/kramdown.py), HTML posts sanitized and converted like WordPress
posts, and each post's old address, computed from the old `permalink:`
setting, becomes an alias. Images linked by site path are copied to static/.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from blogfolio.errors import BlogfolioError, ContentError, SourceSpan
from blogfolio.importers.front import (
    dated_name,
    finish_front,
    get_key,
    iso_date,
    name_list,
    title_from_name,
)  # fmt: skip
from blogfolio.importers.kramdown import convert_kramdown
from blogfolio.importers.liquid import LiquidContext, convert_liquid
from blogfolio.importers.moving import Mover, link_to, site_config
from blogfolio.importers.old_site import (
    OldDoc,
    OldFile,
    list_files,
    read_config,
    read_text,
    split_doc,
)  # fmt: skip
from blogfolio.importers.old_urls import (
    PostFacts,
    as_written,
    jekyll_page_url,
    jekyll_pattern,
    jekyll_url,
)
from blogfolio.importers.prose import Note, clean_raw_html
from blogfolio.importers.report import MoveReport
from blogfolio.importers.wordpress import RESERVED_SLUGS
from blogfolio.importers.wp_html import to_markdown
from blogfolio.importers.wp_names import one_line, printable, safe_segment

MARKDOWN = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
HTML = (".html", ".htm")
_USED = frozenset(
    {"title", "date", "categories", "category", "tags", "tag", "published", "permalink"}
    | {"excerpt", "last_modified_at", "image", "description", "slug", "redirect_from", "summary"}
)


@dataclass(slots=True)
class _Item:
    old: OldFile
    doc: OldDoc
    rel: str
    """The new file, under the site folder."""
    url: str
    """Its new URL (or "" when the site's pattern cannot be filled)."""
    meta: dict[str, Any]


JEKYLL_MACHINERY = frozenset(
    {"_layouts", "_includes", "_sass", "_data", "_site", "_plugins", "_config", "_templates"}
)
"""Folders Jekyll builds with, not content: never reported as left out."""


def import_jekyll(
    root: Path, into: Path, force: bool = False, now: datetime | None = None
) -> MoveReport:
    """Convert the Jekyll site at `root` into content files under `into`."""
    config, found = read_config(root, ("_config.yml", "_config.yaml", "_config.toml"))
    if not found and not (root / "_posts").is_dir():
        raise ContentError(
            f"{root} is not a Jekyll site: it has neither _config.yml nor _posts/",
            SourceSpan(root),
            hint="give the folder that holds _config.yml and _posts/",
        )
    text = {k: str(v) for k, v in config.items() if isinstance(v, str | int | float)}
    base = text.get("url", "").rstrip("/") + "/" + text.get("baseurl", "").strip("/")
    mover = Mover("Jekyll", root, into, force, site_config(
        text.get("title", ""), base, text.get("lang", text.get("locale", "en")).replace("_", "-"),
        text.get("timezone", "UTC"),
    ))  # fmt: skip
    _Jekyll(root, config, text, mover, now or datetime.now(UTC)).run()
    return mover.finish()


class _Jekyll:
    def __init__(
        self, root: Path, config: dict[str, Any], text: dict[str, str], mover: Mover, now: datetime
    ) -> None:
        self.root = root
        self.mover = mover
        self.report = mover.report
        self.site = text
        self.now = now
        self.pattern = jekyll_pattern(config.get("permalink"))
        self.pretty = config.get("permalink") == "pretty" or self.pattern.endswith("/")
        listing = list_files(root)
        for rel, reason in listing.refused:
            self.report.skip(rel, reason)
        self.files = {f.rel: f for f in listing.files}
        self.posts: dict[str, _Item] = {}
        """Post name (path under _posts/ without extension) → item."""
        self.pages: dict[str, _Item] = {}

    def run(self) -> None:
        for old in self.files.values():
            top, _, rest = old.rel.partition("/")
            ext = posixpath.splitext(old.rel)[1].lower()
            if top in ("_posts", "_drafts") and rest:
                if ext in MARKDOWN + HTML:
                    self._plan_post(old, draft=top == "_drafts")
                else:
                    self.report.skip(old.rel, "not a post (copy it by hand if a post needs it)")
            elif ext in MARKDOWN + HTML and not top.startswith(("_", ".")):
                self._plan_page(old, top_level=not rest)
            elif ext in MARKDOWN + HTML and rest and top not in JEKYLL_MACHINERY:
                self.report.skip(old.rel, f"in the collection {top}/, which is not imported: "
                                 "move it into content/ by hand (projects: content/projects/)")
        for item in [*self.posts.values(), *self.pages.values()]:
            self._write(item)

    def _read(self, old: OldFile) -> OldDoc | None:
        try:
            return split_doc(old, read_text(old))
        except BlogfolioError as exc:
            self.report.errors.extend(exc.diagnostics)
            return None

    def _plan_post(self, old: OldFile, draft: bool) -> None:
        name = posixpath.splitext(old.rel.partition("/")[2])[0]
        file_date, words = dated_name(posixpath.basename(name))
        if file_date is None and not draft:
            self.report.skip(old.rel, "its name does not start with a date, so Jekyll never "
                             "published it")  # fmt: skip
            return
        doc = self._read(old)
        if doc is None:
            return
        meta = doc.meta
        title = one_line(str(get_key(meta, "title") or "")) or title_from_name(words)
        when = iso_date(get_key(meta, "date"))
        if get_key(meta, "date") is not None and when is None:
            self.mover.report.note(old.rel, doc.key_lines.get("date"), "date not understood; "
                                   "used the one in the file name")  # fmt: skip
        when = when or file_date or self.now.date().isoformat()
        slug_text = str(get_key(meta, "slug") or words)
        slug = self.mover.claim("posts", safe_segment(slug_text) or safe_segment(title) or "post")
        new: dict[str, Any] = {"title": title, "date": when}
        categories = name_list(get_key(meta, "categories"), True) + name_list(
            get_key(meta, "category"), False
        )
        tags = name_list(get_key(meta, "tags"), True) + name_list(get_key(meta, "tag"), False)
        if tags:
            new["tags"] = list(dict.fromkeys(tags))
        if categories:
            new["categories"] = list(dict.fromkeys(categories))
        if draft or get_key(meta, "published") is False:
            new["draft"] = True
            self.report.skip(old.rel, "not published on the old site: imported as a draft")
        self._common(meta, new, doc, old)
        url = self.mover.new_url("posts", slug, when)
        item = _Item(old, doc, f"content/posts/{slug}/index.md", url, new)
        if not new.get("draft"):
            pattern = get_key(meta, "permalink")
            facts = PostFacts(as_written(when), words if "slug" not in meta else slug_text,
                              title, categories)  # fmt: skip
            old_url = jekyll_url(pattern if isinstance(pattern, str) else self.pattern, facts)
            if old_url is None:
                self.report.note(old.rel, None, "its old address uses a permalink placeholder "
                                 "not known here; add it to aliases: by hand")  # fmt: skip
            self.mover.add_alias(new, old_url, url, old.rel)
            for extra in name_list(get_key(meta, "redirect_from"), False):
                self.mover.add_alias(new, extra, url, old.rel)
        self.posts[name] = item

    def _plan_page(self, old: OldFile, top_level: bool) -> None:
        text = read_text(old)
        if not text.startswith("---"):
            return  # without front matter Jekyll copies the file as it is: not a page
        stem = posixpath.splitext(posixpath.basename(old.rel))[0]
        if not top_level or posixpath.splitext(old.rel)[1].lower() in HTML:
            why = "in a folder" if not top_level else "an HTML page of the old theme"
            self.report.skip(old.rel, f"a page {why}: not imported; recreate it as a Markdown page "
                             "under content/ if you need it")  # fmt: skip
            return
        if stem in ("index", "404"):
            self.report.skip(old.rel, "blogfolio makes its own home and not-found pages")
            return
        doc = self._read(old)
        if doc is None:
            return
        title = one_line(str(get_key(doc.meta, "title") or "")) or title_from_name(stem)
        slug = safe_segment(stem) or safe_segment(title) or "page"
        slug = self.mover.claim("pages", slug + "-page" if slug in RESERVED_SLUGS else slug)
        new: dict[str, Any] = {"title": title}
        self._common(doc.meta, new, doc, old)
        url = self.mover.new_url("pages", slug, None)
        permalink = get_key(doc.meta, "permalink")
        if isinstance(permalink, str):
            old_url = jekyll_page_url(permalink, old.rel, self.pretty)
        else:
            old_url = jekyll_page_url("", old.rel, self.pretty)
        self.mover.add_alias(new, old_url, url, old.rel)
        self.pages[old.rel] = _Item(old, doc, f"content/{slug}.md", url, new)

    def _common(self, meta: Any, new: dict[str, Any], doc: OldDoc, old: OldFile) -> None:
        summary = get_key(meta, "excerpt", "summary")
        if isinstance(summary, str) and one_line(summary):
            new["summary"] = one_line(summary)
        description = get_key(meta, "description")
        if isinstance(description, str) and one_line(description):
            new["description"] = one_line(description)
        updated = iso_date(get_key(meta, "last_modified_at"))
        if updated:
            new["updated"] = updated
        left_out = finish_front(new, meta, get_key(meta, "image"), _USED)
        if left_out:
            self.report.note(old.rel, None, left_out)

    def _write(self, item: _Item) -> None:
        old, doc = item.old, item.doc
        is_html = posixpath.splitext(old.rel)[1].lower() in HTML
        context = LiquidContext(self.site, str(item.meta["title"]),
                                lambda n: self._post_link(n, item), lambda p: self._link(p, item),
                                html=is_html)  # fmt: skip
        body, notes = convert_liquid(doc.body, context)
        if is_html:
            converted = to_markdown(body)
            body = converted.markdown
            for what in converted.embeds.dropped:
                notes.append(Note(1, f"embedded {printable(what)} removed"))
        else:
            body, more = convert_kramdown(body)
            notes += more
            body, cleaned, _embeds = clean_raw_html(body)
            notes += cleaned
        self.mover.notes(old.rel, doc.body_line, notes)
        self.mover.copy_site_files(body + "\n(" + str(item.meta.get("image", "")) + ")",
                                   old.rel, self.files.get)  # fmt: skip
        if not self.mover.write_page(old.rel, item.rel, item.meta, body):
            return
        if item.rel.startswith("content/posts/"):
            self.report.posts += 1
            self.report.drafts += bool(item.meta.get("draft"))
        else:
            self.report.pages += 1

    def _post_link(self, name: str, source: _Item) -> str | None:
        target = self.posts.get(name.strip("/")) or next(
            (i for n, i in self.posts.items() if posixpath.basename(n) == name.strip("/")), None
        )
        return None if target is None else _link_to(target, source)

    def _link(self, path: str, source: _Item) -> str | None:
        path = path.strip().lstrip("/")
        if path.startswith(("_posts/", "_drafts/")):
            return self._post_link(posixpath.splitext(path.partition("/")[2])[0], source)
        if path in self.pages:
            return _link_to(self.pages[path], source)
        if path in self.files:
            return "/" + path
        return None


def _link_to(target: _Item, source: _Item) -> str:
    return link_to(target.rel, target.url, bool(target.meta.get("draft")), source.rel)
