"""Paths inside a Hugo content folder: bundles, languages, `ref` targets, relative aliases.

Stage: importers. Pure functions over content-relative paths (`posts/a/index.md`),
for importers/hugo.py.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})?")
"""A language code as Hugo puts it in file names (`post.fr.md`, `index.pt-br.md`)."""


def stem_of(rel: str) -> str:
    """The file name without its extension and language (`post.fr.md` → `post`)."""
    stem = posixpath.splitext(posixpath.basename(rel))[0]
    base, _, lang = stem.rpartition(".")
    return base if base and LANGUAGE.fullmatch(lang) else stem


def name_of(rel: str) -> str:
    """The name a page goes by: its file's stem, or its bundle's folder."""
    stem = stem_of(rel)
    return posixpath.basename(posixpath.dirname(rel)) if stem in ("index", "_index") else stem


def parents(rel: str) -> list[str]:
    """The folders holding `rel`, nearest first."""
    parts = rel.split("/")[:-1]
    return ["/".join(parts[:i]) for i in range(len(parts), 0, -1)]


def absolute_alias(alias: str, folder: str) -> str:
    """A Hugo alias as a site path: relative ones are relative to the page's section folder."""
    if alias.startswith(("/", "http://", "https://")):
        return alias
    return posixpath.join(folder, alias)


def find_ref(target: str, here: str, pages: Iterable[str]) -> tuple[str | None, str]:
    """The page a `ref`/`relref` names (tried beside `here`, then from the top), and its anchor.

    A bare name (`my-post`) matches a page or bundle of that name when exactly one has it.
    """
    path, _, anchor = target.partition("#")
    path = path.strip()
    known = set(pages)
    starts = [path.lstrip("/")] if path.startswith("/") else [posixpath.join(here, path), path]
    for start in starts:
        base = posixpath.normpath(start).removesuffix(".md")
        for end in (".md", "/index.md", "/_index.md"):
            if base + end in known:
                return base + end, anchor
    if path and "/" not in path:
        name = path.removesuffix(".md")
        matches = [key for key in sorted(known) if name_of(key) == name]
        if len(matches) == 1:
            return matches[0], anchor
    return None, anchor
