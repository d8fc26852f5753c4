"""Site configuration: the typed schema of `blogfolio.toml` and its loader."""

from blogfolio.config.load import CONFIG_FILE, load_config
from blogfolio.config.schema import (
    CollectionConfig,
    CommentsConfig,
    FeedsConfig,
    MarkdownConfig,
    MenuItem,
    PublishConfig,
    PublishTarget,
    SiteConfig,
)

__all__ = [
    "CONFIG_FILE",
    "CollectionConfig",
    "CommentsConfig",
    "FeedsConfig",
    "MarkdownConfig",
    "MenuItem",
    "PublishConfig",
    "PublishTarget",
    "SiteConfig",
    "load_config",
]
