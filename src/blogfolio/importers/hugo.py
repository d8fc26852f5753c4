"""`blogfolio import hugo DIR`: a Hugo site's content becomes a blogfolio, offline.

Stage: importers. Pages of the posts sections (`post`, `posts`, `blog` and
`params.mainSections`) become bundles `content/posts/<slug>/index.md`; pages
of other sections stay in a folder of that name; top-level files become
pages. A section's `_index.md` becomes a page at the section's address.
Bundles bring their images along. Headless bundles, unrendered pages,
drafts and expired pages are imported as drafts, and translations are not
imported: every one is listed in the report with the reason. Shortcodes are
kept or made Markdown (importers/hugo_body.py); old addresses (the file's
path, `[permalinks]`, `url`, `aliases`, relative ones resolved) become aliases.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from blogfolio.errors import BlogfolioError, ContentError, SourceSpan
from blogfolio.importers.front import (
    finish_front,
    get_key,
    iso_date,
    name_list,
    sort_key,
    title_from_name,
)  # fmt: skip
from blogfolio.importers.hugo_body import convert_shortcodes
from blogfolio.importers.hugo_paths import LANGUAGE, absolute_alias, find_ref, parents, stem_of
from blogfolio.importers.moving import (
    LISTS,
    OWN_PAGES,
    SECTION_RENAMES,
    Mover,
    link_to,
    site_config,
)  # fmt: skip
from blogfolio.importers.old_site import (
    OldDoc,
    OldFile,
    list_files,
    read_config,
    read_text,
    split_doc,
)  # fmt: skip
from blogfolio.importers.old_urls import PostFacts, as_written, hugo_pattern, hugo_url
from blogfolio.importers.prose import clean_raw_html
from blogfolio.importers.report import MoveReport
from blogfolio.importers.wordpress import RESERVED_SLUGS
from blogfolio.importers.wp_html import to_markdown
from blogfolio.importers.wp_names import one_line, printable, safe_segment

CONFIG_NAMES = tuple(
    f"{stem}.{ext}" for stem in ("hugo", "config") for ext in ("toml", "yaml", "yml", "json")
)
PAGE_TYPES = (".md", ".markdown", ".mdown", ".html", ".htm")
_POST_SECTIONS = frozenset({"post", "posts", "blog"})
_USED = frozenset(
    {"title", "date", "publishdate", "pubdate", "published", "lastmod", "modified", "draft"}
    | {"expirydate", "unpublishdate", "slug", "url", "aliases", "tags", "categories", "summary"}
    | {"description", "images", "image", "featured_image", "cover", "headless", "build", "_build"}
)


@dataclass(slots=True)
class _Item:
    old: OldFile
    doc: OldDoc
    rel: str
    url: str
    meta: dict[str, Any]
    assets: list[tuple[OldFile, str]]


def import_hugo(
    root: Path, into: Path, force: bool = False, now: datetime | None = None
) -> MoveReport:
    """Convert the Hugo site at `root` into content files under `into`."""
    config, found = read_config(root, CONFIG_NAMES)
    if not found and not (root / "content").is_dir():
        raise ContentError(
            f"{root} is not a Hugo site: it has neither hugo.toml (or config.toml) nor content/",
            SourceSpan(root),
            hint="give the folder that holds content/ and the site's config file",
        )
    text = {k.lower(): str(v) for k, v in config.items() if isinstance(v, str | int | float)}
    default = text.get("defaultcontentlanguage", "en").lower()
    mover = Mover("Hugo", root, into, force, site_config(
        text.get("title", ""), text.get("baseurl", ""), text.get("languagecode", default),
        text.get("timezone", "UTC"),
    ))  # fmt: skip
    _Hugo(root, config, default, mover, now or datetime.now(UTC)).run()
    return mover.finish()


class _Hugo:
    def __init__(
        self, root: Path, config: dict[str, Any], default: str, mover: Mover, now: datetime
    ) -> None:
        self.root = root
        self.config = config
        self.mover = mover
        self.report = mover.report
        self.now = now
        self.default = default
        raw_languages = get_key(config, "languages")
        languages = raw_languages if isinstance(raw_languages, dict) else {}
        self.languages = {str(k).lower() for k in languages} - {default}
        own = languages.get(default) if isinstance(languages.get(default), dict) else {}
        self.content = str(get_key(own or {}, "contentDir") or get_key(config, "contentDir")
                           or "content").strip("/")  # fmt: skip
        others: list[str] = []
        for code, settings in languages.items():
            folder = get_key(settings, "contentDir") if isinstance(settings, dict) else None
            if str(code).lower() != default and isinstance(folder, str) and folder.strip("/"):
                others.append(folder.strip("/") + "/")
                for old in list_files(root, folder.strip("/")).files:
                    self.report.skip(old.rel, f"a translation ({printable(str(code))}): one "
                                     f"language per site here, {default} was imported")  # fmt: skip
        params = get_key(config, "params")
        main = get_key(params, "mainSections") if isinstance(params, dict) else None
        self.post_sections = _POST_SECTIONS | set(name_list(main, False))
        self.lower = get_key(config, "disablePathToLower") is not True
        self.ugly = get_key(config, "uglyURLs") is True
        static = list_files(root, "static")
        self.static = {f.rel.partition("/")[2]: f for f in static.files}
        listing = list_files(root, self.content)
        for rel, reason in [*listing.refused, *static.refused]:
            self.report.skip(rel, reason)
        self.files = [f for f in listing.files if not f.rel.startswith(tuple(others))]
        self.items: dict[str, _Item] = {}
        """Path under the content folder → item."""

    def run(self) -> None:
        cut = len(self.content) + 1
        bundles = {posixpath.dirname(f.rel[cut:]) for f in self.files if stem_of(f.rel) == "index"}
        assets: dict[str, list[tuple[OldFile, str]]] = {}
        pages: list[OldFile] = []
        for old in self.files:
            rel = old.rel[cut:]
            bundle = next((b for b in parents(rel) if b in bundles), None)
            if posixpath.splitext(rel)[1].lower() in PAGE_TYPES and (
                bundle is None or stem_of(rel) == "index"
            ):
                pages.append(old)
            elif bundle is not None:
                assets.setdefault(bundle, []).append((old, posixpath.relpath(rel, bundle)))
            else:
                self.report.skip(old.rel, "not a page, nor in a page bundle: not copied")
        for old in pages:
            rel = old.rel[cut:]
            folder = posixpath.dirname(rel) if stem_of(rel) == "index" else None
            self._plan(old, rel, assets.get(folder, []) if folder is not None else [])
        for item in self.items.values():
            self._write(item)

    def _plan(self, old: OldFile, rel: str, assets: list[tuple[OldFile, str]]) -> None:
        name = posixpath.basename(rel)
        stem, _, lang = posixpath.splitext(name)[0].rpartition(".")
        known = lang in self.languages or (not self.languages and LANGUAGE.fullmatch(lang))
        if stem and known and lang != self.default:
            self.report.skip(old.rel, f"a translation ({printable(lang)}): one language per "
                             f"site here, {self.default} was imported")  # fmt: skip
            return
        try:
            doc = split_doc(old, read_text(old))
        except BlogfolioError as exc:
            self.report.errors.extend(exc.diagnostics)
            return
        parts = rel.split("/")[:-1]
        is_index = stem_of(rel) == "index"
        filename = parts[-1] if is_index and parts else stem_of(rel)
        folders = parts[:-1] if is_index else parts
        section = parts[0] if parts else ""
        meta = doc.meta
        title = one_line(str(get_key(meta, "title") or "")) or title_from_name(filename)
        new: dict[str, Any] = {"title": title}
        when = self._dates(meta, new, old, doc)
        kind = "post" if section in self.post_sections else "page"
        if stem_of(rel) == "_index":
            kind = "section"
        if kind == "post" and when is None:
            when = new["updated"] if "updated" in new else self.now.date().isoformat()
            self.report.note(old.rel, None, f"no date: used {when}")
        if when is not None and kind == "post":
            new["date"] = when
        self._publishing(meta, new, old)
        self._terms(meta, new, old)
        slug_value = one_line(str(get_key(meta, "slug") or ""))
        if kind == "section":
            if not section:
                self.report.skip(old.rel, "the home page's list: blogfolio makes its own home "
                                 "page (any text of it was not imported)")  # fmt: skip
                return
            base = safe_segment(section) or "section"
            if base in LISTS | OWN_PAGES:
                self.report.skip(old.rel, f"blogfolio makes /{base}/ itself: this section's "
                                 "list page was not imported")  # fmt: skip
                return
            target, collection = f"content/{self.mover.claim('pages', base)}.md", "pages"
            slug = posixpath.basename(target)[:-3]
        else:
            slug = safe_segment(slug_value or filename) or safe_segment(title) or "page"
            collection = "posts" if kind == "post" else (safe_segment(section) if section else "")
            if collection in SECTION_RENAMES:
                collection += "-pages"
            if collection:
                slug = self.mover.claim(collection, slug)
                target = f"content/{collection}/{slug}/index.md"
            else:
                slug = self.mover.claim("pages", slug + "-page" if slug in RESERVED_SLUGS else slug)
                target, collection = f"content/{slug}.md", "pages"
        url = self.mover.new_url(collection, slug, when)
        shown = iso_date(get_key(meta, "date")) or when  # Hugo's :year is the shown date
        facts = PostFacts(as_written(shown), slug_value, title, (), section, folders, filename)
        old_url = self._old_url(meta, facts, kind)
        if not new.get("draft"):
            self.mover.add_alias(new, old_url, url, old.rel)
            for alias in name_list(get_key(meta, "aliases"), False):
                folder = "/" + "/".join(folders) + "/" if folders else "/"
                alias = absolute_alias(alias, folder.lower() if self.lower else folder)
                self.mover.add_alias(new, alias, url, old.rel)
        self.items[rel] = _Item(old, doc, target, url, new, assets)

    def _old_url(self, meta: Any, facts: PostFacts, kind: str) -> str | None:
        url = get_key(meta, "url")
        if isinstance(url, str) and url.strip():
            return "/" + url.strip().lstrip("/")
        if kind == "section":
            return "/" + facts.section + "/"
        pattern = hugo_pattern(self.config, facts.section) if facts.section else None
        return hugo_url(pattern, facts, self.lower, self.ugly)

    def _dates(self, meta: Any, new: dict[str, Any], old: OldFile, doc: OldDoc) -> str | None:
        when = iso_date(get_key(meta, "date"))
        publish = iso_date(get_key(meta, "publishDate", "pubdate", "published"))
        if publish and (when is None or sort_key(publish) > sort_key(when)):
            if when:
                self.report.note(old.rel, doc.key_lines.get("publishDate"), f"shown date was "
                                 f"{when}; now publishDate {publish}, so it stays hidden until "
                                 "then")  # fmt: skip
            when = publish
        updated = iso_date(get_key(meta, "lastmod", "modified"))
        if updated:
            new["updated"] = updated
        expiry = iso_date(get_key(meta, "expiryDate", "unpublishdate"))
        if expiry and sort_key(expiry) <= sort_key(self.now.replace(tzinfo=None).isoformat()):
            new["draft"] = True
            self.report.skip(old.rel, f"expired on {expiry}: imported as a draft")
        elif expiry:
            new["expiry_date"] = expiry
            self.report.note(old.rel, None, f"expiryDate {expiry}: blogfolio has no expiry; "
                             "unpublish it by hand then (draft: true)")  # fmt: skip
        return when

    def _publishing(self, meta: Any, new: dict[str, Any], old: OldFile) -> None:
        build = get_key(meta, "build", "_build")
        render = get_key(build, "render") if isinstance(build, dict) else None
        if get_key(meta, "headless") is True or render in (False, "never", "false"):
            new["draft"] = True
            self.report.skip(old.rel, "headless or never rendered on the old site: imported as "
                             "a draft")  # fmt: skip
        elif get_key(meta, "draft") is True:
            new["draft"] = True
            self.report.skip(old.rel, "a draft on the old site: imported as a draft")

    def _terms(self, meta: Any, new: dict[str, Any], old: OldFile) -> None:
        for key in ("tags", "categories"):
            names = name_list(get_key(meta, key), False)
            if names:
                new[key] = names
        for key in ("summary", "description"):
            value = get_key(meta, key)
            if isinstance(value, str) and one_line(value):
                new[key] = one_line(value)
        image = get_key(meta, "cover", "image", "featured_image", "images")
        left_out = finish_front(new, meta, image, _USED)
        if left_out:
            self.report.note(old.rel, None, left_out)

    def _write(self, item: _Item) -> None:
        old, doc = item.old, item.doc
        body, notes = convert_shortcodes(doc.body, lambda t: self._ref(t, item))
        if posixpath.splitext(old.rel)[1].lower() in (".html", ".htm"):
            body = to_markdown(body).markdown
        else:
            body, cleaned, _embeds = clean_raw_html(body)
            notes += cleaned
        self.mover.notes(old.rel, doc.body_line, notes)
        self.mover.copy_site_files(body + "\n(" + str(item.meta.get("image", "")) + ")",
                                   old.rel, self.static.get)  # fmt: skip
        if not self.mover.write_page(old.rel, item.rel, item.meta, body):
            return
        for asset, inner in item.assets:
            self.mover.copy(asset, posixpath.join(posixpath.dirname(item.rel), inner))
        if item.rel.startswith("content/posts/"):
            self.report.posts += 1
            self.report.drafts += bool(item.meta.get("draft"))
        else:
            self.report.pages += 1

    def _ref(self, target: str, source: _Item) -> str | None:
        here = posixpath.dirname(source.old.rel[len(self.content) + 1 :])
        key, anchor = find_ref(target, here, self.items.keys())
        if key is None:
            return None
        found = self.items[key]
        link = link_to(found.rel, found.url, bool(found.meta.get("draft")), source.rel)
        return link + (f"#{anchor}" if anchor else "")
