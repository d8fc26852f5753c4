"""Read the folder of an old Jekyll or Hugo site without trusting anything in it.

Stage: importers. The old site is somebody's repository: a symbolic link in it
may point at `~/.ssh`, a file may be gigabytes, a name may hold control
characters. Files are listed without following a link out of the folder
(such a link is listed as refused), files over `MAX_BYTES` are refused, and
front matter is read as data only: YAML with the site's safe loader (no
tags, aliases capped), TOML with tomllib, JSON with json.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blogfolio.content.frontmatter import load_yaml, split_front_matter
from blogfolio.errors import ContentError, SourceSpan
from blogfolio.model import SourceFile

MAX_BYTES = 8 * 1024 * 1024
"""Largest file read or copied; a post is kilobytes, a photo a few megabytes."""
_NEVER_CONTENT = frozenset({".git", "node_modules", ".jekyll-cache", ".sass-cache"})
_BUILT_OUTPUT = frozenset({"_site", "public", "resources"})
"""Folders a previous build of the old site wrote (at its top)."""


@dataclass(frozen=True, slots=True)
class OldFile:
    """A regular file inside the old site."""

    path: Path
    """Where it is on disk."""
    rel: str
    """Its path inside the old site, with `/` separators (untrusted text)."""


@dataclass(frozen=True, slots=True)
class OldDoc:
    """A content file split into front matter and body."""

    meta: Mapping[str, Any]
    body: str
    body_line: int
    """1-based line of the body's first line in the file."""
    key_lines: Mapping[str, int]
    """1-based line of each front-matter key, when known."""


@dataclass(slots=True)
class Listing:
    """Files found under one folder, and what was refused."""

    files: list[OldFile]
    refused: list[tuple[str, str]]
    """(path inside the old site, reason)."""


def list_files(root: Path, sub: str = "") -> Listing:
    """Every regular file under `root/sub`, sorted; links out of `root` and huge files refused."""
    inside = root.resolve()
    start = root / sub if sub else root
    listing = Listing([], [])
    if not start.is_dir() or _leaves(start, inside):
        return listing
    for dirpath, dirnames, filenames in os.walk(start):
        here = Path(dirpath)
        kept = []
        for name in sorted(dirnames):
            if name in _NEVER_CONTENT or (here == start and name in _BUILT_OUTPUT):
                continue
            if _leaves(here / name, inside):
                listing.refused.append((_rel(here / name, root), "a link to outside the site"))
            elif not os.path.islink(here / name):
                kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            path = here / name
            rel = _rel(path, root)
            if _leaves(path, inside):
                listing.refused.append((rel, "a link to outside the site"))
            elif not path.is_file():
                listing.refused.append((rel, "not a regular file"))
            elif path.stat().st_size > MAX_BYTES:
                listing.refused.append((rel, f"larger than {MAX_BYTES // 1024 // 1024} MB"))
            else:
                listing.files.append(OldFile(path, rel))
    return listing


def _leaves(path: Path, inside: Path) -> bool:
    try:
        return not path.resolve().is_relative_to(inside)
    except (OSError, RuntimeError):
        return True


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def read_text(file: OldFile) -> str:
    """The file as text (bad bytes replaced), newlines normalised, no byte-order mark."""
    data = file.path.read_bytes()[:MAX_BYTES]
    return data.decode("utf-8", errors="replace").removeprefix("\ufeff").replace("\r\n", "\n")


def read_config(root: Path, names: tuple[str, ...]) -> tuple[dict[str, Any], str]:
    """The first of `names` that exists in `root`, parsed, and its name; ({}, "") if none."""
    inside = root.resolve()
    for name in names:
        path = root / name
        if not path.is_file() or _leaves(path, inside) or path.stat().st_size > MAX_BYTES:
            continue
        text = read_text(OldFile(path, name))
        try:
            data = parse_data(text, name)
        except ValueError as exc:
            raise ContentError(
                f"cannot read the old site's settings: {exc}",
                SourceSpan(path),
                hint="fix the file so the old tool itself could read it, then import again",
            ) from None
        return (data if isinstance(data, dict) else {}), name
    return {}, ""


def parse_data(text: str, name: str) -> Any:
    """A YAML, TOML or JSON document by its file name; ValueError when it is not valid."""
    try:
        if name.endswith(".toml"):
            return tomllib.loads(text)
        if name.endswith(".json"):
            return json.loads(text)
        return load_yaml(text)
    except ValueError:
        raise
    except Exception as exc:  # yaml errors and RecursionError: data we cannot read
        raise ValueError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None


def split_doc(file: OldFile, text: str) -> OldDoc:
    """Front matter (YAML `---`, TOML `+++` or a JSON object) and body; ContentError with a line."""
    if text.startswith("{"):
        return _split_json(file, text)
    source = SourceFile(file.path, file.rel, "posts")
    doc = split_front_matter(source, text if text.strip() else "\n", Path(file.rel))
    return OldDoc(doc.meta, doc.body, doc.body_first_line, doc.meta_lines)


def _split_json(file: OldFile, text: str) -> OldDoc:
    decoder = json.JSONDecoder()
    try:
        meta, end = decoder.raw_decode(text)
    except (ValueError, RecursionError) as exc:
        line = getattr(exc, "lineno", 1)
        raise ContentError(
            f"front matter is not valid JSON: {getattr(exc, 'msg', exc)}",
            SourceSpan(Path(file.rel), line),
            hint="JSON front matter is one {…} object at the top of the file",
        ) from None
    if not isinstance(meta, dict):
        meta = {}
    line = text.count("\n", 0, end) + 2
    return OldDoc({str(k): v for k, v in meta.items()}, text[end:].lstrip(" \t").removeprefix("\n"),
                  line, {})  # fmt: skip
