"""Checks on `[publish]`: target URLs, keys that fit their kind, and no credentials.

Stage: config. Imports the standard library and `config.schema`. `publish/`
uses `target_kind` to choose a publisher by URL scheme, so the config check and
the command agree on what a target URL means.
"""

from __future__ import annotations

import re
from typing import Any, Protocol
from urllib.parse import urlsplit

from blogfolio.config.schema import PublishConfig, PublishTarget


class ErrorSink(Protocol):
    """Collects one problem: the key's path in the file, what is wrong, what to do."""

    def __call__(self, key: tuple[str, ...], message: str, hint: str | None = None) -> None:
        """Record the problem."""


KINDS = ("gh-pages", "dir", "rsync", "s3")
"""Kinds of target, one publisher each."""

EXAMPLES = 'e.g. url = "gh-pages", "dir:../www", "me@host:public_html/" or "s3://bucket/folio/"'

_REMOTE_SHELL = re.compile(r"^(?:[^@/:\s]+@)?[A-Za-z0-9][A-Za-z0-9.-]*:(?!//)")
_HOST = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,}$")
_SECRET = re.compile(r"secret|password|passwd|token|access.?key|key.?id|credential", re.I)
_ONLY_FOR = {
    "remote": "gh-pages",
    "branch": "gh-pages",
    "cname": "gh-pages",
    "endpoint": "s3",
    "region": "s3",
}


def target_kind(url: str) -> str | None:
    """The kind of a target URL (one of `KINDS`), or None when it is not one."""
    if url == "gh-pages":
        return "gh-pages"
    if url.startswith("dir:"):
        return "dir" if url[4:].strip() else None
    if url.startswith("s3://"):
        return "s3" if urlsplit(url).netloc else None
    if url.startswith("rsync://"):
        return "rsync" if urlsplit(url).netloc else None
    if _REMOTE_SHELL.match(url):
        return "rsync"
    return None


def pop_credentials(raw: dict[str, Any], error: ErrorSink) -> None:
    """Refuse credential-like keys in publish targets, with the safe alternative."""
    publish = raw.get("publish")
    targets = publish.get("targets") if isinstance(publish, dict) else None
    if not isinstance(targets, dict):
        return
    for name, table in targets.items():
        if not isinstance(table, dict):
            continue
        for key in [k for k in table if _SECRET.search(k)]:
            del table[key]
            error(
                ("publish", "targets", name, key),
                "credentials never go in blogfolio.toml (it is committed and published with git)",
                "remove it and rotate the secret; S3 reads AWS_ACCESS_KEY_ID and "
                "AWS_SECRET_ACCESS_KEY (or AWS_PROFILE and ~/.aws/credentials); "
                "git uses your credential helper or SSH key",
            )


def check_publish(config: PublishConfig, error: ErrorSink) -> None:
    """Check every named target and the default."""
    for name, target in config.targets.items():
        _check_target(name, target, error)
    default = config.default
    if default and default not in config.targets and target_kind(default) is None:
        names = ", ".join(sorted(config.targets)) or "none yet"
        error(
            ("publish", "default"),
            f"{default!r} is neither a target URL nor a name in [publish.targets] ({names})",
            EXAMPLES.replace("url =", "default ="),
        )


def _check_target(name: str, target: PublishTarget, error: ErrorSink) -> None:
    key = ("publish", "targets", name)
    kind = target_kind(target.url or name)
    if kind is None:
        if target.url:
            error((*key, "url"), f"not a target URL: {target.url!r}", EXAMPLES)
        else:
            error(key, f"needs a url (the name {name!r} is not a target URL)", EXAMPLES)
        return
    defaults = PublishTarget()
    for field_name, only in _ONLY_FOR.items():
        if getattr(target, field_name) != getattr(defaults, field_name) and kind != only:
            error((*key, field_name), f"applies only to {only} targets, and this one is {kind}")
    if target.cname and not _HOST.match(target.cname):
        error(
            (*key, "cname"),
            f"expected a domain name, got {target.cname!r}",
            'just the host, without https:// or a path: cname = "www.maya.dev"',
        )
    for field_name in ("endpoint", "base_url"):
        value = getattr(target, field_name)
        parts = urlsplit(value)
        if value and (parts.scheme not in ("http", "https") or not parts.netloc):
            error((*key, field_name), f"expected a full http(s) address, got {value!r}")
    if target.timeout < 1:
        error((*key, "timeout"), "must be 1 second or more")
    if target.retries < 0:
        error((*key, "retries"), "must be 0 or more")
    if kind == "gh-pages" and not re.fullmatch(r"[A-Za-z0-9._/-]+", target.branch):
        error((*key, "branch"), f"not a usable branch name: {target.branch!r}")
