"""The `blogfolio.toml` written for a site made from a WordPress export.

Stage: importers. Written only when the site has no config yet.
"""

from __future__ import annotations

from html import unescape
from urllib.parse import urlsplit

from blogfolio.importers.wxr import WxrExport


def site_config(export: WxrExport) -> str:
    """A `blogfolio.toml` for a site made from an export."""
    parts = urlsplit(export.base_url)
    base = export.base_url if parts.scheme in ("http", "https") and parts.netloc else ""
    language = export.language if export.language.replace("-", "").isalnum() else "en"
    lines = [
        f"title = {_toml(unescape(export.title) or 'My blogfolio')}",
        f"description = {_toml(unescape(export.description))}",
        f"base_url = {_toml(base.rstrip('/') + '/' if base else 'https://example.github.io/')}",
        f"language = {_toml(language or 'en')}",
        '# WordPress exports do not say their time zone: set yours, e.g. "America/Chicago".',
        'timezone = "UTC"',
        "",
        "[comments]",
        "# Where reply forms post (a form service or your own endpoint); without it,",
        "# readers get a mailto link to `email`.",
        'form_action = ""',
        'email = ""',
    ]
    return "\n".join(lines) + "\n"


def _toml(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'
