"""The search index: Pagefind run on the pages the theme marks searchable, remembered.

Stage: pipeline, after `render_site` and before the privacy check, which reads
the index like any other output file. Only pages carrying `data-pagefind-body`
(posts, pages and projects in the default theme) are handed to Pagefind; lists,
archives, tags and the 404 page are not. Drafts and unapproved comments are
never rendered, so they cannot be indexed. The index is keyed by the path and
bytes of every indexed page, the Pagefind version and these settings: a warm
build with unchanged pages does not run Pagefind at all, nor load those pages.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TypeGuard

from blogfolio.cache.keys import bytes_digest
from blogfolio.config import CONFIG_FILE
from blogfolio.errors import BlogfolioError, Diagnostic, Severity, SourceSpan
from blogfolio.model import RenderedFile
from blogfolio.pipeline.context import Stages
from blogfolio.pipeline.outcome import Outcome
from blogfolio.pipeline.outputs import Output
from blogfolio.search import INDEX_FOLDER, find_indexer, run_indexer
from blogfolio.search.pagefind import HINT_INSTALL, IGNORED, UNUSED

MARKER = b"data-pagefind-body"
"""The attribute a template puts on the part of a page that search should read."""
SETTINGS = f"--exclude-selectors {IGNORED} --silent; without {'/'.join(UNUSED)}"
"""What this stage asks of Pagefind besides the pages: part of the key."""

IndexFiles = tuple[tuple[str, bytes], ...]


def index_search(stages: Stages, output: Output, wanted: bool = True) -> Outcome[Output]:
    """The output with the search index added under pagefind/, when search is on.

    `wanted` is false for builds that skip indexing (the live preview).
    """
    if not (wanted and stages.config.search.enabled):
        return Outcome(output)
    span = SourceSpan(Path(CONFIG_FILE))
    taken = [f.path for f in output.files if f.path.startswith(INDEX_FOLDER + "/")]
    if taken:
        return Outcome(output, (_clash(taken, span),))
    pages = _marked_pages(stages, output.files)
    if not pages:
        note = Diagnostic(
            "search: no page is marked data-pagefind-body, so there is nothing to index",
            span,
            hint="add data-pagefind-body to the main element of your post and page templates",
            severity=Severity.WARNING,
        )
        return Outcome(output, warnings=(note,))
    indexer = find_indexer()
    if indexer is None:
        missing = "search: the Pagefind indexer is not installed, so no search index was made"
        return Outcome(output, (Diagnostic(missing, span, hint=HINT_INSTALL),))
    prints = (part for path, found, _item in pages for part in (path, found))
    key = stages.key("search", indexer.version, SETTINGS, *prints)
    files: IndexFiles | None = stages.get("search", key)
    if not _is_index(files):
        try:
            files = run_indexer(indexer, [(path, item.generated()) for path, _f, item in pages])
        except BlogfolioError as exc:  # named at the config, where search can be turned off
            return Outcome(output, tuple(replace(d, span=span) for d in exc.diagnostics))
        stages.put("search", key, files)
    made = [RenderedFile(path, data) for path, data in files]
    merged = sorted((*output.files, *made), key=lambda f: f.path)
    return Outcome(Output(tuple(merged), output.rendered))


def _marked_pages(
    stages: Stages, files: tuple[RenderedFile, ...]
) -> list[tuple[str, bytes, RenderedFile]]:
    """(path, digest, file) of every page marked for search. Whether a page is marked is
    remembered by its digest, so unchanged pages kept in the store are not loaded to see."""
    key = stages.key("search marks")
    stored = stages.get("search marks", key)
    known: dict[bytes, bool] = stored if isinstance(stored, dict) else {}
    marks: dict[bytes, bool] = {}
    pages: list[tuple[str, bytes, RenderedFile]] = []
    for item in files:
        if not item.path.endswith(".html"):
            continue
        marked = known.get(item.digest) if item.digest is not None else None
        if item.digest is None or marked is None:
            data = item.generated()
            found = item.digest or bytes_digest(data)
            marked = MARKER in data
        else:
            found = item.digest
        marks[found] = marked
        if marked:
            pages.append((item.path, found, item))
    if marks != known:
        stages.put("search marks", key, marks)
    return pages


def _is_index(value: object) -> TypeGuard[IndexFiles]:
    """Whether a stored value is an index this stage made (a cache entry is only data)."""
    return isinstance(value, tuple) and all(
        isinstance(item, tuple)
        and len(item) == 2
        and isinstance(item[0], str)
        and item[0].startswith(INDEX_FOLDER + "/")
        and isinstance(item[1], bytes)
        for item in value
    )


def _clash(paths: list[str], span: SourceSpan) -> Diagnostic:
    shown = ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
    return Diagnostic(
        f"search: the search index goes in {INDEX_FOLDER}/, but the site already has {shown}",
        span,
        hint=f"rename the {INDEX_FOLDER}/ folder in static/ or content/, "
        "or set [search] enabled = false",
    )
