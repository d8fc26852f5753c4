"""The schema of `blogfolio.toml`: frozen dataclasses with a docstring per key.

Stage: config. Imports the standard library and `config.images`. The loader walks these
dataclasses, so adding a key here is all it takes to accept it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from blogfolio.config.images import ImagesConfig

PERMALINK_FIELDS = ("year", "month", "day", "slug", "collection")
"""Placeholders a permalink pattern may use."""


@dataclass(frozen=True, slots=True)
class CollectionConfig:
    """Settings for one collection of content (a folder under `content/`)."""

    permalink: str = "/{collection}/{slug}/"
    """URL pattern; placeholders: {year} {month} {day} {slug} {collection}."""
    paginate: int = 10
    """Items per page on the collection's list pages."""


@dataclass(frozen=True, slots=True)
class MenuItem:
    """One entry of the site menu besides pages that set `menu:` themselves."""

    title: str
    """Text of the link."""
    url: str
    """Site path such as `/archives/` or a full `https://` address."""
    weight: int = 50
    """Sort key; lower comes first. Pages use their `menu:` number."""


@dataclass(frozen=True, slots=True)
class MarkdownConfig:
    """How Markdown bodies are rendered."""

    highlight: bool = True
    """Colour code blocks with Pygments (CSS classes, no inline styles)."""
    light_style: str = "xcode"
    """Pygments style for the light colour scheme."""
    dark_style: str = "lightbulb"
    """Pygments style for the dark colour scheme."""
    anchors: bool = True
    """Add a `#` link to headings so readers can share a section."""


@dataclass(frozen=True, slots=True)
class FeedsConfig:
    """Atom, RSS and JSON Feed output."""

    limit: int = 20
    """How many recent posts each feed carries."""
    full_content: bool = True
    """Put the whole post in the feed; false gives summaries only."""


@dataclass(frozen=True, slots=True)
class CommentsConfig:
    """Reader comments (the form is static; a service receives submissions)."""

    enabled: bool = True
    """Show comments and the reply form on posts."""
    form_action: str = ""
    """Where the reply form posts to; empty means a mailto link instead."""
    email: str = ""
    """Address of the mailto link shown instead of a form when `form_action` is empty."""


@dataclass(frozen=True, slots=True)
class PublishTarget:
    """One place `blogfolio publish` can send the site: a `[publish.targets.<name>]` table.

    Credentials never go here (this file is committed to git): git uses its own
    credential helpers or SSH keys, S3 reads the environment or ~/.aws files.
    """

    url: str = ""
    """Where to: `gh-pages`, `dir:PATH`, `rsync://host/module/path`, `user@host:path` or
    `s3://bucket/prefix`; empty means the target's name is its URL."""
    base_url: str = ""
    """Build with this base_url for this target instead of the site's."""
    remote: str = "origin"
    """gh-pages: name of the git remote to push to."""
    branch: str = "gh-pages"
    """gh-pages: branch that receives the built site."""
    cname: str = ""
    """gh-pages: custom domain written to `CNAME`, such as "www.maya.dev"."""
    endpoint: str = ""
    """s3: address of an S3-compatible service (MinIO, R2, B2); empty means AWS."""
    region: str = ""
    """s3: region; empty uses AWS_REGION or ~/.aws/config ("auto" for R2)."""
    timeout: int = 30
    """Seconds a connection may stall before the step fails (and is retried)."""
    retries: int = 3
    """How often a step that failed on the network is retried, waiting longer each time."""


@dataclass(frozen=True, slots=True)
class PublishConfig:
    """Where `blogfolio publish` sends the site."""

    default: str = ""
    """Target used when `blogfolio publish` is given none: a name or a target URL."""
    targets: dict[str, PublishTarget] = field(default_factory=dict)
    """Named targets, as `[publish.targets.<name>]` tables."""


@dataclass(frozen=True, slots=True)
class NetworkingConfig:
    """The public networking-log page built from `content/networking/`."""

    page: bool = True
    """Publish the log page at /networking/ (public entries, and counts if enabled)."""
    show_counts: bool = True
    """Show how many conversations there were by month, channel and kind, private ones
    included as numbers only."""


@dataclass(frozen=True, slots=True)
class ResumeConfig:
    """The résumé page built from `data/resume.yaml` (JSON Resume schema)."""

    show_phone: bool = False
    """Publish `basics.phone`; career centres advise against it, so it is off by default."""
    show_address: bool = False
    """Publish the street address and postal code of `basics.location` (city and region
    are always shown)."""


HOME_SECTIONS = ("intro", "featured", "reflections", "posts")
"""Sections the home page can show, in their default order."""


@dataclass(frozen=True, slots=True)
class ThemeConfig:
    """`[theme]`: which theme, and the few choices it offers. `theme = "name"` is short
    for `[theme] name = "name"`."""

    name: str = "default"
    """A folder under `themes/` in the site, or a bundled theme."""
    parent: str = ""
    """Theme the named one builds on, when its own theme.toml does not say."""
    accent: str = ""
    """Accent colour as `#rgb` or `#rrggbb`; text on it is black or white, whichever
    reads better, and links are darkened or lightened until they pass WCAG AA."""


@dataclass(frozen=True, slots=True)
class AuthorConfig:
    """`[author]`: who the site is about. `author = "Name"` is short for `[author] name`."""

    name: str = ""
    """Shown on the home page, in feeds and meta tags."""
    photo: str = ""
    """Site path of a photo in `static/` ("/images/me.jpg"); empty uses the résumé's
    `basics.image`, or shows none."""
    intro: str = ""
    """One paragraph for the home page; empty uses the résumé's `basics.summary`, then
    the site's description."""
    links: dict[str, str] = field(default_factory=dict)
    """Profiles by network (github, linkedin, mastodon, email, website, …): an http(s)
    address, or for `email` an address; empty uses the résumé's `basics.profiles`."""


@dataclass(frozen=True, slots=True)
class HomeConfig:
    """`[home]`: what the home page shows, in order."""

    sections: list[str] = field(default_factory=lambda: list(HOME_SECTIONS))
    """Any of "intro", "featured" (projects with `featured: true`), "reflections" and
    "posts", in the order they appear."""
    reflections: int = 3
    """How many of the latest reflections the home page lists."""


@dataclass(frozen=True, slots=True)
class SearchConfig:
    """Site search: a Pagefind index made with each build, a search page and a header box."""

    enabled: bool = True
    """Index posts, pages and projects, and show /search/ and the search box; false drops all
    three."""


def _default_collections() -> dict[str, CollectionConfig]:
    return {
        "posts": CollectionConfig(permalink="/posts/{year}/{slug}/", paginate=10),
        "pages": CollectionConfig(permalink="/{slug}/", paginate=10),
    }


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Everything in `blogfolio.toml`; every key but `title` has a default."""

    title: str
    """Name of the site, shown in the header and feeds."""
    author: AuthorConfig = field(default_factory=AuthorConfig)
    """Who writes the site: name, photo, introduction, links."""
    description: str = ""
    """One sentence about the site, for search engines and feeds."""
    base_url: str = "http://localhost:8000/"
    """Where the site will live; its path part (such as /folio/) prefixes every URL."""
    language: str = "en"
    """BCP 47 language tag for `<html lang>` and feeds."""
    timezone: str = "UTC"
    """IANA zone in which dates without a time zone are read, and "today" is judged."""
    theme: ThemeConfig = field(default_factory=ThemeConfig)
    """Theme and its options."""
    output_dir: str = "site"
    """Folder the build writes, relative to the site root."""
    collections: dict[str, CollectionConfig] = field(default_factory=_default_collections)
    """Per-collection settings, keyed by folder name under `content/`."""
    menu: list[MenuItem] = field(default_factory=list)
    """Extra menu links; pages join the menu with a `menu:` number in their front matter."""
    markdown: MarkdownConfig = field(default_factory=MarkdownConfig)
    """Markdown rendering options."""
    feeds: FeedsConfig = field(default_factory=FeedsConfig)
    """Feed options."""
    comments: CommentsConfig = field(default_factory=CommentsConfig)
    """Comment options."""
    publish: PublishConfig = field(default_factory=PublishConfig)
    """Publishing options."""
    networking: NetworkingConfig = field(default_factory=NetworkingConfig)
    """Networking-log options."""
    resume: ResumeConfig = field(default_factory=ResumeConfig)
    """Résumé options."""
    images: ImagesConfig = field(default_factory=ImagesConfig)
    """Responsive images and metadata removal."""
    home: HomeConfig = field(default_factory=HomeConfig)
    """Home page sections."""
    search: SearchConfig = field(default_factory=SearchConfig)
    """Search options."""
    root: Path = Path(".")
    """Folder holding `blogfolio.toml`; set by the loader, not read from the file."""

    @property
    def base_path(self) -> str:
        """The path part of `base_url`, always starting and ending with `/`."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @property
    def origin(self) -> str:
        """Scheme and host of `base_url`, without a trailing slash."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    def collection(self, name: str) -> CollectionConfig:
        """Settings for a collection, falling back to the generic pattern."""
        found = self.collections.get(name)
        if found is not None:
            return found
        defaults = _default_collections()
        return defaults.get(name, CollectionConfig())
