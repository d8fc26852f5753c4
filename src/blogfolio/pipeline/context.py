"""What every stage of one build shares: the store, the config and the key of both.

Stage: pipeline. `base` is the digest of the blogfolio and library versions, the
whole configuration and the command-line choices that change output; every key
starts from it, so changing any of them misses every entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from blogfolio.cache.keys import digest
from blogfolio.cache.recall import Recall
from blogfolio.cache.store import Store
from blogfolio.config import SiteConfig
from blogfolio.model import RenderedFile
from blogfolio.output.spill import Spill
from blogfolio.pipeline.reads import FileIndex
from blogfolio.render.env import CompiledTemplates


@dataclass(frozen=True, slots=True)
class Stages:
    """The store and the inputs every stage of this build reads."""

    store: Store
    files: FileIndex
    config: SiteConfig
    base: bytes
    """Versions, config and options: the common prefix of every key."""
    jobs: int
    """Worker processes for Markdown and pages."""
    compiled: CompiledTemplates | None = None
    """Compiled templates, kept by this process between builds and in the store."""
    recall: Recall = field(default_factory=lambda: Recall(enabled=False))
    """What this process made from unchanged objects in earlier builds (never stored)."""
    spill: Spill | None = None
    """Where generated pages go past a memory budget (`build`); None keeps them all in
    memory (`serve`, which answers from memory, and tests)."""

    def key(self, stage: str, *parts: bytes | str) -> bytes:
        """The key of one stage result: `base`, the stage's name, then its own inputs."""
        return digest(self.base, stage, *parts)

    def keep(self, item: RenderedFile) -> RenderedFile:
        """A generated file as this build holds it: in memory, or spilled past the budget."""
        return self.spill.keep(item) if self.spill is not None else item

    def get(self, stage: str, key: bytes) -> Any | None:
        """The stored result, or None."""
        return self.store.get(stage, key)

    def put(self, stage: str, key: bytes, value: Any) -> None:
        """Remember a result under its key."""
        self.store.put(stage, key, value)
