"""Digests of each template's closure: the template and everything it extends or includes.

Stage: pipeline. The closure of a template is found by parsing it (render/deps.py);
that is stored under a digest of every template file's name and bytes, so it is
parsed again only after some template changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from blogfolio.cache.keys import digest
from blogfolio.pipeline.context import Stages
from blogfolio.render.deps import template_fingerprint
from blogfolio.render.reads import RecordingEnvironment


def templates_state(stages: Stages, dirs: Sequence[Path]) -> bytes:
    """One digest over every template file in the search folders."""
    parts: list[bytes | str] = []
    for folder in dirs:
        parts.append(str(folder))
        for path in _files(folder):
            parts += [path.relative_to(folder).as_posix(), stages.files.digest(path)[0]]
    return digest(*parts)


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file())


def template_digests(
    stages: Stages,
    env: RecordingEnvironment,
    names: Iterable[str],
    state: bytes,
    dirs: Sequence[Path],
    extra: bytes,
) -> dict[str, bytes]:
    """For each template name, a digest of its closure's sources plus `extra` (asset state);
    `state` is `templates_state` of `dirs`."""
    prints: dict[str, bytes] = {}
    for name in sorted(set(names)):
        key = stages.key("template", state, name)
        found = stages.get("template", key)
        if not isinstance(found, str):
            found = template_fingerprint(env, name, dirs)
            stages.put("template", key, found)
        prints[name] = digest(found, extra)
    return prints
