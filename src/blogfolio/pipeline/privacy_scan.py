"""The privacy check over the output, each file's result keyed by its bytes and the secrets.

Stage: pipeline. The private values are part of every key here (as a digest,
never stored as text of their own). A build whose every output file and secret
is unchanged settles the whole check with one lookup; paths are checked
together, keyed by the list of every output path.
"""

from __future__ import annotations

from collections.abc import Sequence

from blogfolio.cache.keys import bytes_digest, digest
from blogfolio.model import PrivateValue, RenderedFile
from blogfolio.pipeline.context import Stages
from blogfolio.pipeline.outcome import Outcome
from blogfolio.privacy import file_leaks, leak_diagnostics, path_leaks, prepare_needles
from blogfolio.privacy.needles import Needles


def scan_output(
    stages: Stages, files: Sequence[RenderedFile], secrets: Sequence[PrivateValue]
) -> Outcome[None]:
    """One error per leaked value, naming where it is declared and the files it is in."""
    if not secrets:
        return Outcome(None)
    ordered = sorted(set(secrets), key=repr)
    needles_key = digest(*(repr(s) for s in ordered))
    prints = [(f.path, f.digest or bytes_digest(f.generated())) for f in files]
    whole = stages.key("privacy-all", needles_key, *(p for pair in prints for p in pair))
    if stages.get("privacy-all", whole) == "clean":
        return Outcome(None)
    lazy: list[Needles] = []

    def needles() -> Needles:
        if not lazy:  # made once in a `serve` session: a pattern per value to compile
            made = stages.recall.keep("needles", (), lambda: prepare_needles(ordered), needles_key)
            lazy.append(made)
        return lazy[0]

    index = {s: i for i, s in enumerate(ordered)}
    where: dict[PrivateValue, list[tuple[str, bool]]] = {}
    for item, (path, found) in zip(files, prints, strict=True):
        key = stages.key("privacy", needles_key, found)
        hits = stages.get("privacy", key)
        if not isinstance(hits, tuple):
            hits = tuple(index[s] for s in file_leaks(item.generated(), needles()))
            stages.put("privacy", key, hits)
        for i in hits:
            where.setdefault(ordered[i], []).append((path, False))
    paths_key = stages.key("privacy-paths", needles_key, *(path for path, _found in prints))
    in_paths = stages.get("privacy-paths", paths_key)
    if not isinstance(in_paths, tuple):
        in_paths = tuple(
            (path, tuple(index[s] for s in path_leaks(path, needles()))) for path, _f in prints
        )
        in_paths = tuple((path, hits) for path, hits in in_paths if hits)
        stages.put("privacy-paths", paths_key, in_paths)
    for path, hits in in_paths:
        for i in hits:
            where.setdefault(ordered[i], []).append((path, True))
    if not where:
        stages.put("privacy-all", whole, "clean")
        return Outcome(None)
    return Outcome(None, tuple(leak_diagnostics(where, needles())))
