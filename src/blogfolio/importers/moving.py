"""The part of moving in from Jekyll or Hugo that both share: URLs, aliases and writes.

Stage: importers. Each old file becomes one file under `content/`, named by a
safe segment (importers/wp_names.py) and written through the import writer
(importers/files.py), which refuses anything landing outside the site. The
new URL comes from the site's own permalink settings; the old one becomes an
alias when it differs, unless the site itself uses that address.
"""

from __future__ import annotations

import posixpath
import re
import tomllib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from blogfolio.config import CONFIG_FILE, SiteConfig, load_config
from blogfolio.content.frontmatter import format_front_matter
from blogfolio.errors import BuildError, ContentError, SourceSpan
from blogfolio.importers.files import FileWriter, UnsafeWriteError, contained, inside
from blogfolio.importers.old_site import OldFile
from blogfolio.importers.prose import Note
from blogfolio.importers.report import MoveReport, report_file, report_markdown
from blogfolio.importers.wp_names import printable, safe_alias

SECTION_RENAMES = frozenset({"networking", "comments", "tags", "categories", "archives", "page"})
"""Folders under content/ that mean something else here; an old section so named is renamed."""
LISTS = frozenset({"tags", "categories", "archives", "page"})
"""First segments of the lists blogfolio writes (`/tags/x/`, `/page/2/`)."""
OWN_PAGES = frozenset({"reflections", "skills", "projects", "networking", "resume", "404.html"})
"""Pages blogfolio writes itself."""
_SITE_PATH = re.compile(
    r"""(?<=[(\s"'=])/(?!/)[^\s"'()<>\]]+?\.(?:png|jpe?g|gif|svg|webp|avif|pdf|mp4|webm|mp3|ogg)"""
    r"""(?=[\s"')\]>#?]|$)""",
    re.I | re.M,
)


class Mover:
    """Writes one import: the site's URL rules, the names taken, the aliases given."""

    def __init__(self, tool: str, source: Path, into: Path, force: bool, config_text: str) -> None:
        into.mkdir(parents=True, exist_ok=True)
        self.report = MoveReport(tool, source, into)
        self.writer = FileWriter(into, force)
        self.into = into
        self.config_text = config_text
        self.has_config = (into / CONFIG_FILE).is_file()
        if self.has_config:
            self.config = load_config(into)
        else:
            planned = tomllib.loads(config_text)
            self.config = SiteConfig(
                title=planned["title"], base_url=planned["base_url"],
                language=planned["language"], timezone=planned["timezone"], root=into,
            )  # fmt: skip
        self.zone = ZoneInfo(self.config.timezone)
        self.taken: set[str] = set()
        self.aliases: dict[str, str] = {}
        self.copied: set[str] = set()

    def claim(self, folder: str, slug: str) -> str:
        """`slug`, or `slug-2`, … so that no two files share a folder and name."""
        candidate, n = slug, 2
        while f"{folder}/{candidate}".casefold() in self.taken:
            candidate, n = f"{slug}-{n}", n + 1
        self.taken.add(f"{folder}/{candidate}".casefold())
        return candidate

    def new_url(self, collection: str, slug: str, when: str | None) -> str:
        """The URL blogfolio will give a file of `collection` with this slug and date."""
        pattern = self.config.collection(collection).permalink
        values = {"slug": slug, "collection": collection}
        stamp = self.when(when)
        if stamp is not None:
            values.update(year=f"{stamp.year:04d}", month=f"{stamp.month:02d}",
                          day=f"{stamp.day:02d}")  # fmt: skip
        try:
            return pattern.format(**values)
        except (KeyError, IndexError, ValueError):
            return ""

    def when(self, iso: str | None) -> datetime | None:
        """An ISO date in the site's zone, as the build will read it."""
        if iso is None:
            return None
        value = datetime.fromisoformat(iso)
        if value.tzinfo is None:
            return value.replace(tzinfo=self.zone)
        return value.astimezone(self.zone)

    def add_alias(self, meta: dict[str, Any], old_url: str | None, new_url: str, rel: str) -> None:
        """Give the page its old address as an alias, when it differs and is usable."""
        if not old_url:
            return
        path, problem = safe_alias(old_url, "/")
        if path is None:
            if problem:
                self.report.note(rel, None, f"old address {printable(old_url)!r} cannot redirect: "
                                 f"{problem}")  # fmt: skip
            return
        if path.rstrip("/") == new_url.rstrip("/"):
            return
        first = path.strip("/").split("/", 1)[0]
        if first in LISTS or path.strip("/") in OWN_PAGES:
            self.report.note(rel, None, f"old address {path} is one this site uses itself; "
                             "no redirect written")  # fmt: skip
            return
        owner = self.aliases.setdefault(path.casefold(), rel)
        if owner != rel:
            self.report.note(rel, None, f"old address {path} is also {owner}'s; it redirects there")
            return
        aliases = meta.setdefault("aliases", [])
        if path not in aliases:
            aliases.append(path)
            self.report.aliases += 1

    def notes(self, rel: str, first_line: int, notes: list[Note]) -> None:
        """Record a conversion's notes under the old file, at file lines."""
        for note in notes:
            self.report.note(rel, first_line + note.line - 1, note.text)

    def write_page(self, old_rel: str, rel: str, meta: dict[str, Any], body: str) -> bool:
        """Write one content file; a refused write is an error naming the old file."""
        return self.write(old_rel, rel, format_front_matter(meta, body.strip("\n") + "\n"))

    def write(self, old_rel: str, rel: str, text: str) -> bool:
        """Write text through the safe writer; an error naming `old_rel` if it is refused."""
        try:
            self.writer.write(rel, text)
        except UnsafeWriteError as exc:
            self._refused(old_rel, exc)
            return False
        return True

    def copy(self, old: OldFile, rel: str) -> bool:
        """Copy a file of the old site to `rel`, never over an edited file unless forced."""
        if rel.casefold() in self.copied:
            return True
        try:
            path = contained(self.into, rel)
            data = old.path.read_bytes()
            if path.exists():
                status = "unchanged" if path.read_bytes() == data else "kept"
                if status == "kept" and self.writer.force:
                    status = "overwritten"
            else:
                status = "created"
            if status in ("created", "overwritten"):
                path.parent.mkdir(parents=True, exist_ok=True)
                contained(self.into, rel)
                path.write_bytes(data)
        except UnsafeWriteError as exc:
            self.report.skip(old.rel, f"not copied: {printable(str(exc))}")
            return False
        self.copied.add(rel.casefold())
        self.writer.outcomes[status].append(rel)
        self.report.assets += 1
        return True

    def copy_site_files(
        self, text: str, old_rel: str, find: Callable[[str], OldFile | None]
    ) -> None:
        """Copy the old site's files that `text` links by site path (/images/a.png) to static/."""
        for match in _SITE_PATH.finditer(text):
            path = match.group(0)
            old = find(path.lstrip("/"))
            if old is not None:
                self.copy(old, "static/" + path.lstrip("/"))
            else:
                self.report.note(old_rel, None, f"{printable(path)} is not in the old site; "
                                 "copy it into static/ by hand")  # fmt: skip

    def _refused(self, old_rel: str, exc: UnsafeWriteError) -> None:
        self.report.errors.append(
            ContentError(
                f"refused to write: {printable(str(exc))}",
                SourceSpan(Path(printable(old_rel))),
                hint="nothing was written for it; remove symbolic links in the site folder",
            ).to_diagnostic()
        )

    def finish(self) -> MoveReport:
        """Write the config (if the site has none), the manifest and the report."""
        name = report_file(self.report.tool)
        try:
            if not self.has_config:
                inside(self.into, self.into / CONFIG_FILE, CONFIG_FILE).write_text(
                    self.config_text, encoding="utf-8"
                )
                self.report.config_created = True
            self.writer.save_manifest()
            self.report.files = self.writer.outcomes
            inside(self.into, self.into / name, name).write_text(
                report_markdown(self.report), encoding="utf-8"
            )
        except UnsafeWriteError as exc:
            raise ContentError(
                f"refused to write into {self.into}: {exc}",
                hint="remove the symbolic link and import again",
            ) from None
        if self.report.errors:
            raise BuildError(self.report.errors)
        return self.report


def link_to(target: str, target_url: str, draft: bool, source: str) -> str:
    """A relative `.md` link from `source` that the build resolves and checks; a draft's URL.

    A link to a draft would fail the build until the draft is published, so it
    names the address the draft will have instead.
    """
    if draft:
        return target_url
    start = posixpath.dirname(source.removeprefix("content/"))
    return posixpath.relpath(target.removeprefix("content/"), start)


def site_config(title: str, base_url: str, language: str, timezone: str) -> str:
    """A `blogfolio.toml` for a site moved in from another tool."""
    base = base_url if re.match(r"https?://[^/\s]+", base_url) else "https://example.github.io/"
    lang = language if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", language) else "en"
    try:
        zone = timezone if timezone and ZoneInfo(timezone) else "UTC"
    except (ValueError, OSError, KeyError):
        zone = "UTC"
    lines = [
        f"title = {_toml(title or 'My blogfolio')}",
        f"base_url = {_toml(base.rstrip('/') + '/')}",
        f"language = {_toml(lang)}",
        f"timezone = {_toml(zone)}",
    ]
    return "\n".join(lines) + "\n"


def _toml(value: str) -> str:
    escaped = "".join(ch for ch in value if ch.isprintable())
    return '"' + escaped.replace("\\", "\\\\").replace('"', '\\"') + '"'
