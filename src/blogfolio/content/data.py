"""Load `data/*.yaml|json|toml` files for templates (`site.data.<name>`).

Stage: content. YAML goes through `frontmatter.load_yaml` so yaml stays in one module.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import yaml

from blogfolio.config import SiteConfig
from blogfolio.content.discover import is_ignored
from blogfolio.content.frontmatter import load_yaml
from blogfolio.errors import ContentError, SourceSpan

DATA_SUFFIXES = (".yaml", ".yml", ".json", ".toml")


def load_data(config: SiteConfig) -> dict[str, Any]:
    """Read every data file, keyed by file stem; errors name the file and line."""
    folder = config.root / "data"
    if not folder.is_dir():
        return {}
    data: dict[str, Any] = {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix in DATA_SUFFIXES and not is_ignored(path.name):
            data[path.stem] = _load_one(path, Path("data") / path.name)
    return data


def _load_one(path: Path, span_path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentError("file is not UTF-8 text", SourceSpan(span_path)) from None
    try:
        if path.suffix == ".json":
            return json.loads(text)
        if path.suffix == ".toml":
            return tomllib.loads(text)
        return load_yaml(text)
    except json.JSONDecodeError as exc:
        raise ContentError(f"invalid JSON: {exc.msg}", SourceSpan(span_path, exc.lineno)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"invalid TOML: {exc}", SourceSpan(span_path)) from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ContentError(f"invalid YAML: {exc.problem}", SourceSpan(span_path, line)) from None
