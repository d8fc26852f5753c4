"""Site configuration: the typed schema of `blogfolio.toml` and its loader."""

from blogfolio.config.load import CONFIG_FILE, load_config
from blogfolio.config.schema import (
    CollectionConfig,
    CommentsConfig,
    FeedsConfig,
    MarkdownConfig,
    MenuItem,
    NetworkingConfig,
    PublishConfig,
    PublishTarget,
    ResumeConfig,
    SiteConfig,
)

__all__ = [
    "CONFIG_FILE",
    "CollectionConfig",
    "CommentsConfig",
    "FeedsConfig",
    "MarkdownConfig",
    "MenuItem",
    "NetworkingConfig",
    "PublishConfig",
    "PublishTarget",
    "ResumeConfig",
    "SiteConfig",
    "load_config",
]
