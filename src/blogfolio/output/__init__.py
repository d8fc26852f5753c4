"""Write the site: stream files into a staging folder beside the output, then swap it in.

Stage: output. A failed build never touches the last good output folder; a build
killed halfway is cleaned up by the next one; unchanged files keep their mtimes.
"""

from blogfolio.output.guard import HIDDEN, PROTECTED, check_output_dir, safe_target
from blogfolio.output.static import collect_static
from blogfolio.output.writer import SiteWriter, WriteReport, recover, write_site

__all__ = [
    "HIDDEN",
    "PROTECTED",
    "SiteWriter",
    "WriteReport",
    "check_output_dir",
    "collect_static",
    "recover",
    "safe_target",
    "write_site",
]
