"""Read and parse content files: front matter validated, URL decided, body not yet rendered.

Stage: pipeline. A parse result is keyed by the file's bytes and where it was
found. "Now" is deliberately not an input here: sources are parsed as if every
date were past, and `apply_clock` then leaves out what is still scheduled, so a
post whose time comes needs no re-parse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from blogfolio.cache.recall import Entry
from blogfolio.cache.store import MemoryStore
from blogfolio.content.discover import NETWORKING
from blogfolio.content.frontmatter import decode_source, split_front_matter
from blogfolio.content.networking import parse_contact
from blogfolio.content.pages import PublishRules, validate_meta
from blogfolio.errors import BlogfolioError, ContentError, Diagnostic, SourceSpan
from blogfolio.model import Contact, Excluded, PageMeta, ParsedDoc, SourceFile
from blogfolio.pipeline.context import Stages
from blogfolio.pipeline.outcome import Outcome

Parsed = PageMeta | Excluded | Contact | Diagnostic
FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)
"""Sources are parsed as if this were now; `apply_clock` applies the real time."""


@dataclass(frozen=True, slots=True)
class Sources:
    """Every source, parsed: pages, sources left out, networking entries with their docs."""

    metas: tuple[PageMeta, ...]
    excluded: tuple[Excluded, ...]
    contacts: tuple[tuple[Contact, ParsedDoc], ...]
    failed: frozenset[str] = frozenset()
    """Content-relative paths of sources with errors: they exist, for links and evidence."""


def read_sources(stages: Stages, sources: Sequence[SourceFile], drafts: bool) -> Outcome[Sources]:
    """Parse each source, or take its result from the store.

    A source that is the same object at the same place as in the last build, with the
    same digest object (the file index keeps it while the file is unchanged), has the
    same result again (`serve`): only the others are looked up."""
    metas: list[PageMeta] = []
    excluded: list[Excluded] = []
    contacts: list[tuple[Contact, ParsedDoc]] = []
    errors: list[Diagnostic] = []
    failed: set[str] = set()
    rules = PublishRules(FAR_FUTURE, drafts, future=True)
    last = stages.recall.latest(WALK)
    if not isinstance(last, _Walk) or last.drafts != drafts or len(last.sources) != len(sources):
        last = None
    steps: list[_Step] = []
    for place, source in enumerate(sources):
        found, data = stages.files.digest(source.path)
        step = last.steps[place] if last is not None and last.sources[place] is source else None
        if step is None or step.digest is not found:
            step = _parsed(stages, source, rules, found, data)
        steps.append(step)
        result, doc = step.parsed
        if isinstance(result, Diagnostic):
            errors.append(result)
            failed.add(source.rel)
        elif isinstance(result, Excluded):
            excluded.append(result)
        elif isinstance(result, Contact):
            if doc is not None:
                contacts.append((result, doc))
        else:
            metas.append(result)
    walk = _Walk(tuple(sources), drafts, tuple(steps))
    stages.recall.set_latest(WALK, walk, [step.pins[0] for step in steps])
    if isinstance(stages.store, MemoryStore):
        stages.store.pin(WALK, [step.pins[1] for step in steps])
    found_sources = Sources(tuple(metas), tuple(excluded), tuple(contacts), frozenset(failed))
    return Outcome(found_sources, tuple(errors))


WALK = "source walk"
"""The `Recall.latest` table (and memory store pin) of the last build's sources in order."""


class _Step(NamedTuple):
    digest: bytes
    """The digest of the file's bytes the result was made of."""
    parsed: tuple[Parsed, ParsedDoc | None]
    pins: tuple[Entry | None, list[Any] | None]
    """Its "parse key" recall entry and its memory store entry."""


class _Walk(NamedTuple):
    sources: tuple[SourceFile, ...]
    drafts: bool
    steps: tuple[_Step, ...]


def _parsed(
    stages: Stages, source: SourceFile, rules: PublishRules, found: bytes, data: bytes | None
) -> _Step:
    """The source's result, keyed by its digest `found` (`data`: its bytes if just read)."""
    extra = (found, rules.drafts)
    key = stages.recall.get("parse key", (source,), extra)
    if key is None:
        key = stages.key("parse", repr(source), str(rules.drafts), found)
        stages.recall.put("parse key", (source,), key, extra)
    cached = stages.get("parse", key)
    if cached is None:
        if data is None:  # known digest, missing entry: read the file again, key by what is read
            found, data = stages.files.read(source.path)
            extra = (found, rules.drafts)
            key = stages.key("parse", repr(source), str(rules.drafts), found)
            stages.recall.put("parse key", (source,), key, extra)
        cached = _parse(source, data, stages, rules)
        stages.put("parse", key, cached)
    memory = stages.store if isinstance(stages.store, MemoryStore) else None
    pins = (stages.recall.held("parse key", (source,), extra),
            memory.held("parse", key) if memory is not None else None)  # fmt: skip
    return _Step(found, cached, pins)


def _parse(
    source: SourceFile, data: bytes | None, stages: Stages, rules: PublishRules
) -> tuple[Parsed, ParsedDoc | None]:
    config = stages.config
    span_path = source.path.relative_to(config.root)
    try:
        if data is None:
            raise _unreadable(span_path)
        doc = split_front_matter(source, decode_source(data, span_path), span_path)
        if source.collection == NETWORKING:
            return parse_contact(doc, config), doc
        return validate_meta(doc, config, rules), None
    except BlogfolioError as exc:
        return exc.to_diagnostic(), None


def _unreadable(span_path: Path) -> BlogfolioError:
    return ContentError(
        "file could not be read", SourceSpan(span_path), hint="check that it exists and is readable"
    )


@dataclass(frozen=True, slots=True)
class Published:
    """The pages published at this moment, those still scheduled, and when the next one is due."""

    metas: tuple[PageMeta, ...]
    scheduled: tuple[Excluded, ...]
    next_change: datetime | None


def apply_clock(metas: Sequence[PageMeta], now: datetime, future: bool) -> Published:
    """Leave out posts dated after `now` (unless `future`); say when the first of them is due."""
    if future:
        return Published(tuple(metas), (), None)
    kept: list[PageMeta] = []
    scheduled: list[Excluded] = []
    due: datetime | None = None
    for meta in metas:
        if meta.date is not None and meta.date > now:
            stamp = meta.date.strftime("%Y-%m-%d %H:%M %Z")
            reason = f"dated {stamp}, in the future (build with --future to include it)"
            scheduled.append(Excluded(meta.doc.span_path, reason))
            due = meta.date if due is None or meta.date < due else due
        else:
            kept.append(meta)
    return Published(tuple(kept), tuple(scheduled), due)
