"""Where this copy of blogfolio was installed from, so another machine can install the same.

Stage: none (standard library only). pip records a direct install (a git URL,
a folder, an archive) in the distribution's `direct_url.json` (PEP 610); an
install from a package index leaves no such file. `new site` turns the answer
into the GitHub workflow's install step and `blogfolio --version` prints it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import metadata
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

DIST = "blogfolio"

Kind = Literal["index", "vcs", "archive", "folder", "editable", "unknown"]


@dataclass(frozen=True, slots=True)
class InstallSource:
    """How blogfolio was installed: enough to repeat it, or to say why it cannot be."""

    version: str
    kind: Kind
    url: str = ""
    """The archive URL, the folder (a file: URL), or the VCS URL with its `git+` prefix."""
    commit: str = ""
    """For a VCS install, the exact commit that was installed."""
    subdirectory: str = ""

    @property
    def repeatable(self) -> bool:
        """True when another machine can install exactly this from the requirement."""
        if self.kind == "index":
            return True
        if self.kind == "vcs":
            return bool(self.commit) and _public(self.url)
        return self.kind == "archive" and _public(self.url)

    def requirement(self, extras: tuple[str, ...] = ()) -> str | None:
        """A pip requirement for the same blogfolio (None when it cannot be repeated)."""
        if not self.repeatable:
            return None
        name = DIST + (f"[{','.join(extras)}]" if extras else "")
        if self.kind == "index":
            return f"{name}=={self.version}"
        where = self.url
        if self.kind == "vcs":
            where = f"{self.url}@{self.commit}"
        if self.subdirectory:
            where += f"#subdirectory={self.subdirectory}"
        return f"{name} @ {where}"

    def install_command(self, extras: tuple[str, ...] = ()) -> str:
        """The pip command that installs this blogfolio again, with `extras` (e.g. "s3")."""
        wanted = f"[{','.join(extras)}]" if extras else ""
        requirement = self.requirement(extras)
        if requirement is not None:
            return f'python -m pip install "{requirement}"'
        if self.kind in ("folder", "editable"):
            editable = "-e " if self.kind == "editable" else ""
            return f'python -m pip install {editable}"{_shown(self.url)}{wanted}"'
        return f'python -m pip install "{DIST}{wanted}"'

    def describe(self) -> str:
        """One line saying where this copy came from, for `--version`."""
        if self.kind == "index":
            return "installed from a package index"
        if self.kind == "vcs":
            return f"installed from {self.url} at commit {self.commit[:12] or '?'}"
        if self.kind == "archive":
            return f"installed from the archive {_shown(self.url)}"
        if self.kind == "editable":
            return f"installed in editable mode from the folder {_shown(self.url)}"
        if self.kind == "folder":
            return f"installed from the folder {_shown(self.url)}"
        return "installed from an unknown source"


def detect_install(dist: str = DIST) -> InstallSource:
    """The install source of the running blogfolio (unknown when it is not installed)."""
    try:
        distribution = metadata.distribution(dist)
    except metadata.PackageNotFoundError:
        from blogfolio import __version__

        return InstallSource(__version__, "unknown")
    return read_direct_url(distribution.version, distribution.read_text("direct_url.json"))


def read_direct_url(version: str, text: str | None) -> InstallSource:
    """Interpret a PEP 610 `direct_url.json` (None: no file, so an index install)."""
    if text is None:
        return InstallSource(version, "index")
    try:
        data: Any = json.loads(text)
    except ValueError:
        return InstallSource(version, "unknown")
    if not isinstance(data, dict) or not isinstance(data.get("url"), str):
        return InstallSource(version, "unknown")
    url: str = data["url"]
    sub = data.get("subdirectory")
    subdirectory = sub if isinstance(sub, str) else ""
    vcs = data.get("vcs_info")
    if isinstance(vcs, dict):
        commit = vcs.get("commit_id")
        tool = vcs.get("vcs") if isinstance(vcs.get("vcs"), str) else "git"
        prefixed = url if url.startswith(f"{tool}+") else f"{tool}+{url}"
        return InstallSource(
            version, "vcs", prefixed, commit if isinstance(commit, str) else "", subdirectory
        )
    if isinstance(data.get("archive_info"), dict):
        return InstallSource(version, "archive", url, subdirectory=subdirectory)
    folder = data.get("dir_info")
    if isinstance(folder, dict):
        kind_: Kind = "editable" if folder.get("editable") is True else "folder"
        return InstallSource(version, kind_, url, subdirectory=subdirectory)
    return InstallSource(version, "unknown", url)


def _public(url: str) -> bool:
    """An http(s) address a CI runner can fetch without this computer's files or SSH keys."""
    scheme = url.split("://", 1)[0] if "://" in url else ""
    return scheme.rsplit("+", 1)[-1] in ("http", "https")


def _shown(url: str) -> str:
    parts = urlsplit(url)
    return unquote(parts.path) if parts.scheme == "file" else url
