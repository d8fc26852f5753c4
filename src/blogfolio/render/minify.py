"""Theme stylesheets and scripts, published without their comments and spacing.

Stage: render. The theme's CSS and JavaScript are written to be read (comments,
one rule a line); readers only download them. `rcssmin` and `rjsmin` keep every
token and only drop what the browser ignores. A site's own files in `static/`
are published exactly as written.
"""

from __future__ import annotations

import rcssmin  # type: ignore[import-untyped]
import rjsmin  # type: ignore[import-untyped]


def minify_asset(rel: str, data: bytes) -> bytes:
    """The smaller form of a theme's `.css` or `.js` file; other files as they are."""
    if rel.endswith(".css"):
        return bytes(rcssmin.cssmin(data))
    if rel.endswith(".js"):
        return bytes(rjsmin.jsmin(data))
    return data
