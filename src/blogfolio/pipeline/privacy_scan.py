"""The privacy check over the output, each file's result keyed by its bytes and the secrets.

Stage: pipeline. The private values are part of every key here (as a digest,
never stored as text of their own). A build whose every output file and secret
is unchanged settles the whole check with one lookup.
"""

from __future__ import annotations

from collections.abc import Sequence

from blogfolio.cache.keys import bytes_digest, digest
from blogfolio.errors import Diagnostic
from blogfolio.model import PrivateValue, RenderedFile
from blogfolio.pipeline.context import Stages
from blogfolio.pipeline.outcome import Outcome
from blogfolio.privacy import file_leaks, leak_diagnostic, prepare_needles


def scan_output(
    stages: Stages, files: Sequence[RenderedFile], secrets: Sequence[PrivateValue]
) -> Outcome[None]:
    """One error per leaked value, naming where it is declared and the files it is in."""
    if not secrets:
        return Outcome(None)
    ordered = sorted(set(secrets), key=repr)
    needles_key = digest(*(repr(s) for s in ordered))
    prints = [(f.path, bytes_digest(f.data or b"")) for f in files]
    whole = stages.key("privacy-all", needles_key, *(p for pair in prints for p in pair))
    if stages.get("privacy-all", whole) == "clean":
        return Outcome(None)
    needles = None
    index = {s: i for i, s in enumerate(ordered)}
    where: dict[int, list[str]] = {}
    for item, (path, found) in zip(files, prints, strict=True):
        key = stages.key("privacy", needles_key, found)
        hits = stages.get("privacy", key)
        if not isinstance(hits, tuple):
            needles = needles or prepare_needles(ordered)
            hits = tuple(index[s] for s in file_leaks(item.data or b"", needles))
            stages.put("privacy", key, hits)
        for i in hits:
            where.setdefault(i, []).append(path)
    if not where:
        stages.put("privacy-all", whole, "clean")
    errors: list[Diagnostic] = [leak_diagnostic(ordered[i], paths) for i, paths in where.items()]
    return Outcome(None, tuple(errors))
