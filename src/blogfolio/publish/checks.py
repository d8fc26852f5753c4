"""Refuse a `base_url` that would break the published site, before anything is sent.

Stage: publish. Pure functions over strings; imports only `errors` and
`addresses`. A missing or localhost `base_url` is fine for `build` and `serve`
but not for `publish`, and a GitHub project site needs its `/repo/` path (the
classic broken-CSS deploy). Hosts are compared in their normal form, so
`http://127.1/` or `https://example.github.io./` are seen for what they are.
A target URL with a password in it is refused without ever being printed.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from blogfolio.errors import PublishError, SourceSpan
from blogfolio.publish.addresses import carries_secret, is_this_computer, redact_url, url_host

_EXAMPLE = 'base_url = "https://maya.github.io/folio/"'
_PLACEHOLDER_HOSTS = ("example.github.io", "example.com", "example.org", "example.net")
_RESERVED_TLDS = (".example", ".invalid", ".test", ".localhost")
_GITHUB_REMOTE = re.compile(
    r"^(?:https?://(?:[^@/]+@)?github\.com/|ssh://git@github\.com/|git@github\.com:)"
    r"(?P<owner>[^/]+)/(?P<repo>[^/]+?)(?:\.git)?/?$",
    re.IGNORECASE,
)


def check_base_url(base_url: str, span: SourceSpan, configured: bool) -> None:
    """Refuse a missing, local or placeholder `base_url`."""
    hint = f"set it to the address where the site will live, e.g. {_EXAMPLE}"
    if not configured:
        raise PublishError(
            f"base_url is not set, so feeds, canonical links and the sitemap would point "
            f"at {base_url}",
            span,
            hint=f"add {_EXAMPLE} (your site's public address) to blogfolio.toml",
        )
    host = url_host(base_url)
    if is_this_computer(host):
        raise PublishError(
            f"base_url {base_url} points at this computer; the published site's feeds, "
            "canonical links and sitemap would be broken",
            span,
            hint=f"{hint}; localhost is fine for build and serve, not for publish",
        )
    if is_placeholder(host):
        raise PublishError(f"base_url {base_url} is a placeholder address", span, hint=hint)


def is_placeholder(host: str) -> bool:
    """A normalised host reserved for examples and tests, which no reader can reach."""
    return (
        any(host == name or host.endswith("." + name) for name in _PLACEHOLDER_HOSTS)
        or host.endswith(_RESERVED_TLDS)
        or f".{host}" in _RESERVED_TLDS
    )


def check_target_secret(url: str, span: SourceSpan | None) -> None:
    """Refuse a target URL that carries a password or an access key, without echoing it."""
    if not carries_secret(url):
        return
    raise PublishError(
        f"the target {redact_url(url)} has a password or key in it; it would end up in "
        "shell history, CI logs and this tool's output",
        span,
        hint="take it out of the URL and rotate it: ssh uses your key (ssh-copy-id), an rsync "
        "daemon reads RSYNC_PASSWORD, S3 reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
    )


def github_pages_url(remote_url: str, cname: str = "") -> str | None:
    """Where GitHub Pages serves a repository's site, or None for a non-GitHub remote."""
    match = _GITHUB_REMOTE.match(remote_url.strip())
    if match is None:
        return None
    if cname:
        return f"https://{cname.lower()}/"
    owner, repo = match["owner"].lower(), match["repo"]
    if repo.lower() == f"{owner}.github.io":
        return f"https://{owner}.github.io/"
    return f"https://{owner}.github.io/{repo}/"


def check_github_pages(base_url: str, remote_url: str, cname: str, span: SourceSpan) -> None:
    """Refuse a `base_url` that GitHub Pages would not serve the site at."""
    parts = urlsplit(base_url)
    host = url_host(base_url)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    expected = github_pages_url(remote_url, cname)
    if expected is None:
        return
    if not cname and not host.endswith(".github.io"):
        raise PublishError(
            f"base_url {base_url} uses the custom domain {host}, but no cname is configured, "
            "so each publish would remove the domain from GitHub Pages",
            span,
            hint=f'add cname = "{host}" to the gh-pages target in blogfolio.toml',
        )
    want = urlsplit(expected)
    if host == want.hostname and path.lower() == want.path.lower():
        return
    repo = want.path.strip("/")
    if host == want.hostname and path == "/" and repo:
        message = (
            f"base_url {base_url} has no /{repo}/ path, but GitHub serves the project site "
            f"of repository '{repo}' at {expected}; its CSS and links would all be broken"
        )
    else:
        message = f"base_url {base_url} does not match where GitHub Pages will serve the site"
    fix = f'set base_url = "{expected}" in blogfolio.toml'
    if repo and not cname:
        fix += f" (or name the repository {want.hostname} to publish a user site at the root)"
    raise PublishError(message, span, hint=fix)
