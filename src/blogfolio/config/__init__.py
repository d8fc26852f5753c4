"""Site configuration: the typed schema of `blogfolio.toml` and its loader."""

from blogfolio.config.load import CONFIG_FILE, load_config
from blogfolio.config.schema import (
    AuthorConfig,
    CollectionConfig,
    CommentsConfig,
    FeedsConfig,
    HomeConfig,
    MarkdownConfig,
    MenuItem,
    NetworkingConfig,
    PublishConfig,
    PublishTarget,
    ResumeConfig,
    SiteConfig,
    ThemeConfig,
)

__all__ = [
    "CONFIG_FILE",
    "AuthorConfig",
    "CollectionConfig",
    "CommentsConfig",
    "FeedsConfig",
    "HomeConfig",
    "MarkdownConfig",
    "MenuItem",
    "NetworkingConfig",
    "PublishConfig",
    "PublishTarget",
    "ResumeConfig",
    "SiteConfig",
    "ThemeConfig",
    "load_config",
]
