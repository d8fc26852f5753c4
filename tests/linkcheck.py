"""A small internal-link checker over a built output folder, used by several tests."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            if (name == "href" and tag in ("a", "link")) or (name == "src" and tag != "iframe"):
                self.links.append(value)


def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def broken_links(out: Path, base_path: str = "/") -> list[str]:
    """Every internal link or asset reference in HTML that points at nothing, as text."""
    problems: list[str] = []
    parsed: dict[Path, _Collector] = {}
    for page in sorted(out.rglob("*.html")):
        rel = page.relative_to(out).as_posix()
        page_url = "https://site.test" + base_path + rel
        collector = parsed.setdefault(page, _parse(page))
        for link in collector.links:
            absolute = urljoin(page_url, link)
            parts = urlsplit(absolute)
            if parts.netloc != "site.test" or (rel == "404.html" and not link.startswith("/")):
                continue
            if not parts.path.startswith(base_path):
                problems.append(f"{rel}: {link} is outside the base path {base_path}")
                continue
            target_rel = unquote(parts.path[len(base_path) :])
            target = out / target_rel
            if target_rel == "" or target_rel.endswith("/"):
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{rel}: {link} → missing {target.relative_to(out)}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = parsed.setdefault(target, _parse(target)).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{rel}: {link} → no id '{parts.fragment}'")
    return problems
