"""GitHub Pages: commit the built site to a `gh-pages` branch and push it.

Stage: publish. The commit is made by the `ghp-import` library (git fast-import,
so the working tree and index are never touched); this module fetches first,
compares trees to report and skip what is unchanged, and pushes with timeouts.
The branch always mirrors the site: files the site no longer has are removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import ghp_import

from blogfolio import __version__
from blogfolio.config.schema import PublishTarget
from blogfolio.errors import PublishError, SourceSpan
from blogfolio.publish.addresses import redact_secrets
from blogfolio.publish.base import (
    Event,
    NetworkError,
    PublishOptions,
    Step,
    Summary,
    Target,
    compare,
    describe,
    local_files,
    retrying,
    run_tool,
)
from blogfolio.publish.checks import check_github_pages

_AUTH = re.compile(
    r"Authentication failed|could not read (Username|Password)|terminal prompts disabled|"
    r"Permission denied|returned error: 40[13]|403 Forbidden|Invalid username or password",
    re.IGNORECASE,
)
_MISSING = re.compile(
    r"Repository not found|does not appear to be a git repository|returned error: 404|"
    r"repository '[^']*' not found",
    re.IGNORECASE,
)
_NETWORK = re.compile(
    r"Could not resolve host|Connection refused|Couldn't connect|Failed to connect|timed out|"
    r"Network is unreachable|No route to host|Connection reset|Operation too slow|"
    r"remote end hung up|early EOF|unable to access",
    re.IGNORECASE,
)
_REJECTED = re.compile(r"\[rejected\]|non-fast-forward|fetch first", re.IGNORECASE)
_MISSING_BRANCH = re.compile(r"couldn't find remote ref", re.IGNORECASE)


def preflight(target: Target, base_url: str, span: SourceSpan) -> None:
    """Check the repository and remote, and that GitHub would serve the site at base_url."""
    settings = target.settings
    repo = _Repo(target.root, settings)
    remote_url = repo.remote_url(target)
    cname = settings.cname or _static_cname(target.root)
    check_github_pages(base_url, remote_url, cname, span)


def publish(site_dir: Path, target: Target, options: PublishOptions) -> Iterator[Event]:
    """Commit `site_dir` to the gh-pages branch and push it, unless nothing changed."""
    settings = target.settings
    repo = _Repo(target.root, settings)
    where = f"{settings.branch} on {settings.remote} ({redact_secrets(repo.remote_url(target))})"
    tracking = f"refs/remotes/{settings.remote}/{settings.branch}"
    yield Step(f"Fetching {settings.branch} from {settings.remote}")
    exists = yield from retrying(lambda: repo.fetch(tracking), "fetch", settings)
    files = local_files(site_dir)
    local = _expected_tree(files, settings.cname)
    remote = repo.tree(tracking) if exists else {}
    changes = compare(local, remote, lambda rel: local[rel] == remote[rel])
    size = sum(files[rel].stat().st_size for rel in changes.to_send if rel in files)
    summary = Summary(
        where, len(changes.to_send), len(changes.unchanged), len(changes.removed),
        bytes=size, dry_run=options.dry_run,
    )  # fmt: skip
    if options.dry_run:
        yield from describe(changes, delete=True)
        yield summary
        return
    if exists and not changes.to_send and not changes.removed:
        yield Step(f"{settings.branch} already holds this site; nothing to push")
        yield summary
        return
    yield Step(f"Committing the site to {settings.branch}", 0, 2)
    commit = repo.commit(site_dir, local)
    yield Step(f"Pushing {settings.branch} ({commit[:7]}) to {settings.remote}", 1, 2)
    yield from retrying(repo.push, "push", settings)
    yield Step(f"Pushed {settings.branch}", 2, 2)
    yield summary


def _expected_tree(files: dict[str, Path], cname: str) -> dict[str, str]:
    """Git blob ids of the branch as ghp-import will write it (.nojekyll, CNAME added)."""
    tree = {rel: _blob_id(path.read_bytes()) for rel, path in files.items()}
    tree[".nojekyll"] = _blob_id(b"")
    if cname:
        tree["CNAME"] = _blob_id(cname.encode())
    return tree


def _blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def _static_cname(root: Path) -> str:
    path = root / "static" / "CNAME"
    return path.read_text(encoding="utf-8").strip() if path.is_file() else ""


class _Repo:
    """The site's git repository, driven through the git command with timeouts."""

    def __init__(self, root: Path, settings: PublishTarget) -> None:
        self.settings = settings
        self.timeout = settings.timeout
        found = self.git("rev-parse", "--show-toplevel", cwd=root)
        if found.returncode != 0:
            raise PublishError(
                f"{root} is not inside a git repository, so there is nothing to push from",
                hint="git init && git add . && git commit -m 'My blogfolio' && "
                "git remote add origin https://github.com/YOU/REPO.git",
            )
        self.top = Path(found.stdout.strip())

    def git(
        self, *args: str, cwd: Path | None = None, limit: float | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run one git command in the repository (or `cwd`), never prompting."""
        env = {"GIT_TERMINAL_PROMPT": "0", "GCM_INTERACTIVE": "never"}
        if "GIT_SSH_COMMAND" not in os.environ:
            env["GIT_SSH_COMMAND"] = (
                f"ssh -o ConnectTimeout={self.timeout} -o ServerAliveInterval={self.timeout} "
                "-o ServerAliveCountMax=2"
            )
        network = (
            "-c", "http.lowSpeedLimit=1000", "-c", f"http.lowSpeedTime={self.timeout}",
        )  # fmt: skip
        return run_tool(["git", *network, *args], cwd=cwd or self.top, timeout=limit, env=env)

    def remote_url(self, target: Target) -> str:
        """URL of the configured remote; a clear error when there is none."""
        name = self.settings.remote
        found = self.git("remote", "get-url", name)
        if found.returncode == 0:
            return found.stdout.strip()
        others = self.git("remote").stdout.split()
        known = f" (this repository has: {', '.join(others)})" if others else ""
        raise PublishError(
            f"no git remote named '{name}'{known}",
            target.span,
            hint=f"git remote add {name} https://github.com/YOU/REPO.git, or set remote = "
            f'"NAME" in the target\'s table in blogfolio.toml',
        )

    def fetch(self, tracking: str) -> bool:
        """Bring the remote branch's last commit in; False when it does not exist yet."""
        settings = self.settings
        refspec = f"+refs/heads/{settings.branch}:{tracking}"
        limit = self.timeout * 20
        found = self.git("fetch", "--no-tags", settings.remote, refspec, limit=limit)
        if found.returncode == 0:
            return True
        if _MISSING_BRANCH.search(found.stderr):
            self.git("update-ref", "-d", tracking)
            return False
        raise self._failure("fetch from", found.stderr)

    def push(self) -> None:
        """Push the branch; network failures raise NetworkError so they are retried."""
        branch = self.settings.branch
        refspec = f"refs/heads/{branch}:refs/heads/{branch}"
        found = self.git("push", self.settings.remote, refspec, limit=self.timeout * 20)
        if found.returncode != 0:
            raise self._failure("push to", found.stderr)

    def tree(self, ref: str) -> dict[str, str]:
        """Blob ids of every file in a commit's tree."""
        found = self.git("ls-tree", "-r", "-z", "--full-tree", ref)
        if found.returncode != 0:
            raise PublishError(f"cannot read {ref}: {_last_line(found.stderr)}")
        tree: dict[str, str] = {}
        for entry in filter(None, found.stdout.split("\0")):
            meta, _, path = entry.partition("\t")
            _mode, kind, blob = meta.split()
            if kind == "blob":
                tree[path] = blob
        return tree

    def commit(self, site_dir: Path, expected: dict[str, str]) -> str:
        """Record the site on the branch with ghp-import; return the new commit id."""
        settings = self.settings
        try:
            with contextlib.chdir(self.top), _identity(self):
                ghp_import.ghp_import(
                    str(site_dir),
                    remote=settings.remote,
                    branch=settings.branch,
                    mesg=self.commit_message(),
                    nojekyll=True,
                    cname=settings.cname or None,
                    push=False,
                )
        except ghp_import.GhpError as exc:
            raise PublishError(f"ghp-import could not commit the site: {exc.message}") from None
        ref = f"refs/heads/{settings.branch}"
        if self.tree(ref) != expected:
            raise PublishError(f"git did not record the site on {settings.branch} as expected")
        return self.git("rev-parse", ref).stdout.strip()

    def commit_message(self) -> str:
        """Name the source commit the site was built from."""
        head = self.git("rev-parse", "--verify", "--quiet", "HEAD")
        if head.returncode != 0:
            return f"Publish site (blogfolio {__version__}; the sources have no commit yet)"
        full = head.stdout.strip()
        subject = self.git("log", "-1", "--format=%s", full).stdout.strip()
        branch = self.git("rev-parse", "--abbrev-ref", "HEAD").stdout.strip()
        dirty = self.git("status", "--porcelain", "--untracked-files=no").stdout.strip()
        extra = " plus uncommitted changes" if dirty else ""
        return (
            f"Publish site from {full[:7]}{extra}: {subject}\n\n"
            f"Built by blogfolio {__version__} from commit {full} on {branch}{extra}.\n"
        )

    def _failure(self, action: str, stderr: str) -> PublishError:
        name = self.settings.remote
        detail = _last_line(stderr)
        if _AUTH.search(stderr):
            return PublishError(
                f"the remote '{name}' refused the credentials ({detail})",
                hint="check you can `git push` to it yourself: sign in with your credential "
                "helper (`gh auth login`) or add your SSH key to GitHub",
            )
        if _REJECTED.search(stderr):
            return PublishError(
                f"the {self.settings.branch} branch on '{name}' changed while publishing",
                hint="run blogfolio publish again",
            )
        if _MISSING.search(stderr):
            return PublishError(
                f"the remote '{name}' is not a repository you can reach ({detail})",
                hint=f"create the repository, or fix its address: git remote set-url {name} URL",
            )
        if _NETWORK.search(stderr):
            return NetworkError(
                f"cannot {action} '{name}': {detail}",
                hint="check your internet connection and the remote's address "
                f"(git remote get-url {name})",
            )
        return PublishError(f"git could not {action} '{name}': {detail}")


@contextlib.contextmanager
def _identity(repo: _Repo) -> Iterator[None]:
    """Give the gh-pages commit a committer when git has none configured."""
    saved = {k: os.environ.get(k) for k in ("GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL")}
    if not saved["GIT_COMMITTER_NAME"] and not repo.git("config", "user.name").stdout.strip():
        os.environ["GIT_COMMITTER_NAME"] = "blogfolio"
        os.environ["GIT_COMMITTER_EMAIL"] = "blogfolio@localhost"
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    last = lines[-1].removeprefix("fatal: ").removeprefix("error: ") if lines else "no details"
    return redact_secrets(last)
