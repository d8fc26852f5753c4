"""Split a content file into front matter and body, keeping line numbers.

Stage: content (parse). The only module that imports yaml. python-frontmatter's
`parse()` strips the body and so loses its offset; we scan the delimiter lines
ourselves and hand only the metadata block to the YAML or TOML parser.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from blogfolio.errors import ContentError, SourceSpan
from blogfolio.model import ParsedDoc, SourceFile

_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Safe YAML without implicit timestamps: dates are validated by us, with lines."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """Turn a value PyYAML cannot build (`!!int abc`, `0x_`) into an error with a line."""
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, KeyError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read this value ({exc})", node.start_mark
            ) from None


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_YAML_KEY = re.compile(r"^([^\s#:\-][^:]*?)\s*:(\s|$)")
_TOML_KEY = re.compile(r"^([A-Za-z0-9_\-]+|\"[^\"]+\")\s*=")
_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")
_DELIMS = {"---": "yaml", "+++": "toml"}


def load_yaml(text: str) -> Any:
    """Parse YAML safely (C loader when present), leaving dates as strings."""
    return yaml.load(text, Loader=_Loader)


def yaml_key_lines(text: str) -> dict[str, int]:
    """1-based line of every key path in a YAML (or JSON) document: "work[0].startDate" → 12."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[str, int] = {}
    pending: list[tuple[str, Any]] = [("", root)]
    while pending:
        path, node = pending.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = f"{path}.{key.value}" if path else str(key.value)
                lines[child] = key.start_mark.line + 1
                pending.append((child, value))
        elif isinstance(node, yaml.SequenceNode):
            for i, value in enumerate(node.value):
                child = f"{path}[{i}]"
                lines[child] = value.start_mark.line + 1
                pending.append((child, value))
    return lines


def read_source(source: SourceFile, span_path: Path) -> str:
    """Read a file as UTF-8, naming the line of the first bad byte if it is not."""
    return decode_source(source.path.read_bytes(), span_path)


def decode_source(data: bytes, span_path: Path) -> str:
    """Bytes already read as UTF-8 text, naming the line of the first bad byte if they are not."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ContentError(
            f"file is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be decoded)",
            SourceSpan(span_path, line),
            hint="re-save the file as UTF-8 in your editor",
        ) from None
    return text.removeprefix("\ufeff")


def split_front_matter(source: SourceFile, text: str, span_path: Path) -> ParsedDoc:
    """Separate metadata from Markdown; raise ContentError with the file line on bad input."""
    if not text.strip():
        raise ContentError(
            "file is empty",
            SourceSpan(span_path, 1),
            hint="start it with front matter such as:\n---\ntitle: My post\n---",
        )
    text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    opener = lines[0].rstrip()
    kind = _DELIMS.get(opener)
    if kind is None:
        return ParsedDoc(source, span_path, {}, text, 1, {})
    close_i = next((i for i in range(1, len(lines)) if lines[i].rstrip() == opener), None)
    if close_i is None:
        raise ContentError(
            f"front matter opened with '{opener}' on line 1 is never closed",
            SourceSpan(span_path, 1),
            hint=f"add a line holding only {opener} after the last front-matter key",
        )
    block = "\n".join(lines[1:close_i])
    if kind == "yaml":
        meta = _parse_yaml(block, span_path)
    else:
        meta = _parse_toml(block, span_path, close_i)
    key_re = _YAML_KEY if kind == "yaml" else _TOML_KEY
    meta_lines: dict[str, int] = {}
    for i in range(1, close_i):
        match = key_re.match(lines[i])
        if match:
            meta_lines.setdefault(match.group(1).strip("\"'"), i + 1)
    body_start = close_i + 1
    return ParsedDoc(
        source, span_path, meta, "\n".join(lines[body_start:]), body_start + 1, meta_lines
    )


def _parse_yaml(block: str, span_path: Path) -> Mapping[str, Any]:
    try:
        meta = load_yaml(block)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else 1
        problem = exc.problem or "invalid YAML"
        raise ContentError(
            f"front matter is not valid YAML: {problem}",
            SourceSpan(span_path, line),
            hint="check indentation, and quote values that contain ': ' or start with [ { * & !",
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError(
            f"front matter is not valid YAML: {exc}", SourceSpan(span_path, 1)
        ) from None
    return _as_mapping(meta, span_path)


def _parse_toml(block: str, span_path: Path, last_line: int) -> Mapping[str, Any]:
    try:
        meta = tomllib.loads(block + "\n")
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_POS.search(str(exc))
        line = min(int(match.group(1)) + 1, last_line) if match else last_line
        raise ContentError(
            f"front matter is not valid TOML: {_TOML_POS.sub('', str(exc)).strip()}",
            SourceSpan(span_path, line),
            hint='TOML strings need quotes: title = "My post"',
        ) from None
    return _as_mapping(meta, span_path)


def _as_mapping(meta: Any, span_path: Path) -> Mapping[str, Any]:
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise ContentError(
            f"front matter must be a set of 'key: value' lines, got a {type(meta).__name__}",
            SourceSpan(span_path, 2),
            hint="write one key per line, e.g. 'title: My post'",
        )
    return {str(k): v for k, v in meta.items()}


class _Dumper(yaml.SafeDumper):
    """Writes what `_Loader` reads back: dates unquoted, as people write them."""


_Dumper.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
_Dumper.add_representer(
    list,
    lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True),
)


def format_front_matter(meta: Mapping[str, Any], body: str) -> str:
    """A Markdown file with YAML front matter, as generated files (imports) are written."""
    block = yaml.dump(
        dict(meta),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10_000,
    )
    return f"---\n{block}---\n\n{body.lstrip()}"
