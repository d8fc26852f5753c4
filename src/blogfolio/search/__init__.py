"""Site search: the Pagefind index of the pages a reader may search.

Stage: search, beside render, output and privacy: it runs on rendered output
before anything is written. Imports `errors` and the standard library.
"""

from blogfolio.search.pagefind import (
    INDEX_FOLDER,
    Indexer,
    find_indexer,
    run_indexer,
)

__all__ = ["INDEX_FOLDER", "Indexer", "find_indexer", "run_indexer"]
