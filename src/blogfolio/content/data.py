"""Load `data/*.yaml|json|toml` files for templates (`site.data.<name>`).

Stage: content. YAML goes through `frontmatter.load_yaml` so yaml stays in one module.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from blogfolio.config import SiteConfig
from blogfolio.config.load import TOO_DEEP, TOO_DEEP_HINT, find_key_line, nesting_line
from blogfolio.content.discover import is_ignored
from blogfolio.content.frontmatter import (
    AliasError,
    describe_yaml_error,
    load_yaml,
    yaml_key_lines,
)
from blogfolio.errors import ContentError, SourceSpan

DATA_SUFFIXES = (".yaml", ".yml", ".json", ".toml")
_INDEX = re.compile(r"\[\d+\]")
_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True, slots=True)
class DataSource:
    """A data file that errors can point into by key path ("work[0].startDate")."""

    path: Path
    """The file on disk."""
    span_path: Path
    """The file as named in messages (data/resume.yaml)."""

    def span(self, key_path: str) -> SourceSpan:
        """The line of a key path, or of its nearest parent that exists, or the file."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return SourceSpan(self.span_path)
        if self.path.suffix == ".toml":
            keys = tuple(k for k in _INDEX.sub("", key_path).split(".") if k)
            return SourceSpan(self.span_path, find_key_line(text.splitlines(), keys))
        lines = yaml_key_lines(text)
        path = key_path
        while path and path not in lines:
            path = path[: max(path.rfind("."), path.rfind("["), 0)]
        return SourceSpan(self.span_path, lines.get(path))


def data_source(config: SiteConfig, stem: str) -> DataSource | None:
    """The file `data/<stem>.*` that `load_data` reads for `stem`, if any."""
    folder = config.root / "data"
    found = None
    for suffix in sorted(DATA_SUFFIXES):
        path = folder / f"{stem}{suffix}"
        if path.is_file():
            found = DataSource(path, Path("data") / path.name)
    return found


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
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(
            f"file is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be decoded)",
            SourceSpan(span_path, data.count(b"\n", 0, exc.start) + 1),
            hint="re-save the file as UTF-8 in your editor",
        ) from None
    text = text.removeprefix("\ufeff")
    try:
        if path.suffix == ".json":
            return json.loads(text)
        if path.suffix == ".toml":
            return tomllib.loads(text)
        return load_yaml(text)
    except json.JSONDecodeError as exc:
        raise ContentError(f"invalid JSON: {exc.msg}", SourceSpan(span_path, exc.lineno)) from None
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_POS.search(str(exc))
        span = SourceSpan(span_path, *(int(g) for g in match.groups())) if match else None
        raise ContentError(
            f"invalid TOML: {_TOML_POS.sub('', str(exc)).strip()}",
            span or SourceSpan(span_path),
            hint='strings need quotes: name = "Maya"',
        ) from None
    except RecursionError:
        span = SourceSpan(span_path, nesting_line(text))
        raise ContentError(TOO_DEEP, span, hint=TOO_DEEP_HINT) from None
    except yaml.YAMLError as exc:
        problem, line, hint = describe_yaml_error(exc, text)
        what = "" if isinstance(exc, AliasError) else "invalid YAML: "
        raise ContentError(f"{what}{problem}", SourceSpan(span_path, line), hint=hint) from None
