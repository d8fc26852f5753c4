"""Site paths and the URLs between them.

Imports nothing from blogfolio. A *site path* is the URL path of a page
relative to the site root, starting and ending with `/` ("/posts/2025/x/").
Links in HTML are written relative to the page that holds them, so a built
site works under any base path and straight from disk.
"""

from __future__ import annotations

import functools
import posixpath
from urllib.parse import urlsplit


def is_external(href: str) -> bool:
    """True for URLs with a scheme or host (https:, mailto:, //cdn…)."""
    parts = urlsplit(href)
    return bool(parts.scheme or parts.netloc)


def relative_url(from_path: str, to_path: str) -> str:
    """Return the URL of site path `to_path` as seen from the page at `from_path`."""
    if (not to_path.startswith("/") or to_path.startswith("//")) and is_external(to_path):
        return to_path
    return _relative(from_path, to_path)


@functools.lru_cache(maxsize=8192)
def _relative(from_path: str, to_path: str) -> str:
    # A page links to the same targets many times (a tag on five of its cards): the
    # cache makes repeats free. Pages differ, so it need not hold a whole site.
    target, _, fragment = to_path.partition("#")
    base = from_path if from_path.endswith("/") else posixpath.dirname(from_path) + "/"
    rel = _relpath(target or "/", base)
    if target.endswith("/") and not rel.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    if fragment:
        rel = f"{rel}#{fragment}" if target else f"#{fragment}"
    return rel


def _relpath(path: str, start: str) -> str:
    """`posixpath.relpath` for two site paths, without its normalising (a third of a
    list page's render time went there); paths with `.` or `..` parts still take it."""
    if not (path.startswith("/") and start.startswith("/")) or "/." in path or "/." in start:
        return posixpath.relpath(path, start)
    here = [part for part in start.split("/") if part]
    there = [part for part in path.split("/") if part]
    common = 0
    for mine, theirs in zip(here, there, strict=False):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "."


@functools.lru_cache(maxsize=131072)
def output_file(site_path: str) -> str:
    """The file, relative to the output folder, that serves a site path."""
    path = site_path.lstrip("/")
    if not path or path.endswith("/"):
        return path + "index.html"
    return path


def absolute_url(base_url: str, site_path: str) -> str:
    """Join a site path to the configured base URL (which may carry a path)."""
    if is_external(site_path):
        return site_path
    return base_url.rstrip("/") + "/" + site_path.lstrip("/")
