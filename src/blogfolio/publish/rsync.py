"""rsync targets: `rsync://host/module/path` (an rsync daemon) or `user@host:path` (SSH).

Stage: publish. Calls the system `rsync` with safe flags: no symlinks or
devices copied, files made world-readable for the web server, updates moved
into place together at the end, deletions only with --delete, and I/O and
connection timeouts so a dead link fails instead of hanging. Its itemized
output is streamed as progress and counted for the summary.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Generator, Iterator
from pathlib import Path

from blogfolio.errors import PublishError, SourceSpan
from blogfolio.publish.base import (
    Event,
    NetworkError,
    PublishOptions,
    Step,
    Summary,
    Target,
    local_files,
    retrying_steps,
)

SAFE_FLAGS = (
    "--recursive",
    "--times",
    "--omit-dir-times",
    "--compress",
    "--partial",
    "--delay-updates",
    "--chmod=D755,F644",
    "--protect-args",
    "--itemize-changes",
    "--checksum",
)
"""Always passed; no --links, --perms or --owner, so nothing but plain files arrives.
`--checksum`: a page rebuilt within the same second at the same size (a one-letter
typo fixed) differs only in its bytes, which size and time alone would miss."""

_ITEM = re.compile(r"^(?P<flags>[<>ch.][fdLDS][^ ]{9}) (?P<path>.+)$")
_DELETING = re.compile(r"^\*deleting\s+(?P<path>.+)$")
_AUTH = re.compile(r"Permission denied|auth failed|password|Host key verification failed", re.I)
_NETWORK = re.compile(
    r"Connection refused|timed out|timeout|Could not resolve|Name or service not known|"
    r"No route to host|Network is unreachable|Connection reset|connection unexpectedly closed|"
    r"failed to connect|Temporary failure in name resolution",
    re.IGNORECASE,
)
_NETWORK_CODES = {10, 12, 30, 35}


def preflight(target: Target, base_url: str, span: SourceSpan) -> None:
    """Check that rsync is installed before building."""
    if shutil.which("rsync") is None:
        raise PublishError(
            "rsync is not installed",
            target.span,
            hint="install it (apt install rsync, brew install rsync), or publish to a "
            "dir: or s3:// target instead",
        )


def command(site_dir: Path, target: Target, options: PublishOptions) -> list[str]:
    """The rsync command line for a publish."""
    timeout = target.settings.timeout
    args = ["rsync", *SAFE_FLAGS, f"--timeout={timeout}"]
    if target.url.startswith("rsync://"):
        args.append(f"--contimeout={timeout}")
    elif "RSYNC_RSH" not in os.environ:
        args += [
            "--rsh",
            f"ssh -o ConnectTimeout={timeout} -o ServerAliveInterval={timeout} "
            "-o ServerAliveCountMax=2",
        ]
    if options.delete:
        args += ["--delete", "--delete-delay"]
    if options.dry_run:
        args.append("--dry-run")
    return [*args, f"{site_dir}/", target.url]


def publish(site_dir: Path, target: Target, options: PublishOptions) -> Iterator[Event]:
    """Run rsync (retrying network failures), streaming what it sends."""
    args = command(site_dir, target, options)
    files = local_files(site_dir)
    yield Step(f"rsync {site_dir}/ → {target.url}")
    sent, deleted = yield from retrying_steps(
        lambda: _transfer(args, options.dry_run), "rsync", target.settings
    )
    size = sum(files[rel].stat().st_size for rel in sent if rel in files)
    yield Summary(
        target.url, len(sent), len(files) - len(sent), len(deleted), 0, size, options.dry_run
    )


def _transfer(args: list[str], dry_run: bool) -> Generator[Step, None, tuple[set[str], set[str]]]:
    sent: set[str] = set()
    deleted: set[str] = set()
    messages: list[str] = []
    with subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        errors="replace",
    ) as process:
        assert process.stdout is not None
        for raw in process.stdout:
            line = raw.rstrip("\n")
            item, gone = _ITEM.match(line), _DELETING.match(line)
            if item and item["flags"][1] == "f" and item["flags"][0] in "<>":
                new = "+" in item["flags"][2:]
                sent.add(item["path"])
                verb = ("add" if new else "change") if dry_run else "sent"
                yield Step(f"{verb:7} {item['path']}")
            elif gone and not gone["path"].endswith("/"):
                deleted.add(gone["path"])
                yield Step(f"{'remove' if dry_run else 'deleted':7} {gone['path']}")
            elif line.strip() and not item:
                messages.append(line.strip())
        code = process.wait()
    if code != 0:
        raise _failure(code, messages)
    return sent, deleted


def _failure(code: int, messages: list[str]) -> PublishError:
    text = "\n".join(messages)
    detail = messages[-1] if messages else f"exit status {code}"
    for line in messages:
        if line.startswith("@ERROR") or line.startswith("rsync: ["):
            detail = line
            break
    if _AUTH.search(text):
        return PublishError(
            f"the server refused the login ({detail})",
            hint="check that `ssh user@host` works without a password prompt "
            "(ssh-copy-id user@host), or for an rsync daemon set RSYNC_PASSWORD",
        )
    if "Unknown module" in text:
        return PublishError(
            f"the rsync server has no such module ({detail})",
            hint="check the module name after the host in rsync://host/module/path",
        )
    if _NETWORK.search(text) or code in _NETWORK_CODES or (code == 255 and not messages):
        return NetworkError(
            f"cannot reach the server ({detail})",
            hint="check your internet connection and the host name in the target's url",
        )
    if "No such file or directory" in text:
        return PublishError(
            f"the destination folder does not exist ({detail})",
            hint="create it on the server first (ssh user@host mkdir -p path)",
        )
    return PublishError(f"rsync failed with exit status {code}: {detail}")
