"""Split a content file into front matter and body, keeping line numbers.

Stage: content (parse). The only module that imports yaml and frontmatter.
python-frontmatter's handlers say which format a file uses (YAML between `---`,
TOML between `+++`, a JSON object) and where its front matter ends; its `parse()`
strips the body and so loses its offset, so we count the lines up to the end the
handler found and hand only the metadata block to our own, safer, parsers.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import BaseHandler, JSONHandler, TOMLHandler, YAMLHandler

from blogfolio.config.load import TOO_DEEP, TOO_DEEP_HINT, nesting_line
from blogfolio.content.yaml_hints import unfinished_construct
from blogfolio.errors import ContentError, SourceSpan
from blogfolio.model import ParsedDoc, SourceFile

_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


ALIAS_LIMIT = 100_000
"""How many values aliases (`*name`) may add to one YAML document. Reuse of a block a
few hundred times is normal; nested aliases that repeat a billion values ("billion
laughs") cost nothing to load but hang whatever walks them afterwards."""


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Safe YAML without implicit timestamps: dates are validated by us, with lines."""

    def construct_document(self, node: yaml.Node) -> Any:
        """Refuse alias bombs and self-containing values before building anything."""
        check_aliases(node)
        return super().construct_document(node)

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
_TOML_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
_HANDLERS: tuple[tuple[str, BaseHandler], ...] = (
    ("yaml", YAMLHandler()),
    # The library offers its TOML handler only beside the `toml` package; the same
    # boundary on the base handler detects and splits alike (we parse with tomllib).
    ("toml", TOMLHandler() if TOMLHandler is not None else BaseHandler(_TOML_BOUNDARY, "+++")),
    ("json", JSONHandler()),
)
_YAML_HINT = "check indentation, and quote values that contain ': ' or start with [ { * & !"
_ALIAS_HINT = "write the values out instead of nesting aliases (*name) inside repeated values"


class AliasError(yaml.constructor.ConstructorError):
    """Aliases repeat too many values, or a value contains itself."""


def load_yaml(text: str) -> Any:
    """Parse YAML safely (C loader when present), leaving dates as strings."""
    return yaml.load(text, Loader=_Loader)


def check_aliases(root: yaml.Node) -> None:
    """Raise a YAML error at the collection where aliases add more than `ALIAS_LIMIT` values.

    PyYAML gives every alias the node of its anchor, so a document is a graph; the
    values a walker meets are the graph unrolled into a tree. Each node is counted once,
    plus the unrolled size of every repeated reference, in reading order.
    """
    sizes = _unrolled_sizes(root)
    added = 0
    seen = {id(root)}
    pending = [root]
    while pending:
        node = pending.pop()
        fresh = []
        for child in _children(node):
            if id(child) in seen:
                added += sizes[id(child)]
                if added > ALIAS_LIMIT:
                    raise AliasError(
                        None,
                        None,
                        f"aliases (*name) repeat more than {ALIAS_LIMIT:,} values by this line",
                        node.start_mark,
                    )
            else:
                seen.add(id(child))
                fresh.append(child)
        pending.extend(reversed(fresh))


def _unrolled_sizes(root: yaml.Node) -> dict[int, int]:
    """Values under each node with aliases unrolled (capped), refusing a node inside itself."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    pending: list[tuple[yaml.Node, bool]] = [(root, False)]
    while pending:
        node, children_done = pending.pop()
        if children_done:
            total = 1 + sum(sizes[id(c)] for c in _children(node))
            sizes[id(node)] = min(total, ALIAS_LIMIT + 1)
            open_nodes.discard(id(node))
            continue
        if id(node) in sizes:
            continue
        open_nodes.add(id(node))
        pending.append((node, True))
        for child in _children(node):
            if id(child) in open_nodes:
                raise AliasError(
                    None, None, "a value contains itself through an alias (*name)", child.start_mark
                )
            if id(child) not in sizes:
                pending.append((child, False))
    return sizes


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def yaml_key_lines(text: str) -> dict[str, int]:
    """1-based line of every key path in a YAML (or JSON) document: "work[0].startDate" → 12.

    The document itself is the path "" (the line it starts on).
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    if root is None:
        return {}
    lines: dict[str, int] = {"": root.start_mark.line + 1}
    pending: list[tuple[str, Any]] = [("", root)]
    expanded: set[int] = set()
    while pending:
        path, node = pending.pop()
        if id(node) in expanded:
            continue  # an alias: its keys were listed where its anchor is
        expanded.add(id(node))
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
    found = _find_front_matter(text, span_path)
    if found is None:
        return ParsedDoc(source, span_path, {}, text, 1, {})
    kind, close_i = found
    if kind == "yaml":
        meta = _parse_yaml("\n".join(lines[1:close_i]), span_path)
    elif kind == "toml":
        meta = _parse_toml("\n".join(lines[1:close_i]), span_path, close_i)
    else:
        meta = _parse_json("\n".join(lines[: close_i + 1]), span_path)
    body_start = close_i + 1
    return ParsedDoc(
        source, span_path, meta, "\n".join(lines[body_start:]), body_start + 1,
        _key_lines(kind, lines, close_i, meta),
    )  # fmt: skip


def _find_front_matter(text: str, span_path: Path) -> tuple[str, int] | None:
    """The format of the front matter and the 0-based index of its closing line.

    The handler that detects its opening line splits the text; the closing line
    is where the metadata the handler returned ends.
    """
    for kind, handler in _HANDLERS:
        if not handler.detect(text):
            continue
        boundary = handler.FM_BOUNDARY
        assert boundary is not None
        opened = boundary.match(text)
        assert opened is not None
        try:
            block, _rest = handler.split(text)
        except ValueError:  # no closing boundary
            opener = text.split("\n", 1)[0].rstrip()
            raise ContentError(
                f"front matter opened with '{opener}' on line 1 is never closed",
                SourceSpan(span_path, 1),
                hint=f"add a line holding only {_closer(opener)} after the last front-matter key",
            ) from None
        if kind == "json":  # the handler puts back the braces it split on: "{" + … + "}"
            close_at = _json_end(text) or len(block) - 1
        else:
            close_at = opened.end() + len(block)
        return kind, text.count("\n", 0, close_at)
    return None


def _json_end(text: str) -> int | None:
    """Where a JSON object that opens the file ends, when a `}` line inside it (a nested
    object) fooled the handler's boundary and the object still ends a line."""
    try:
        _value, end = json.JSONDecoder().raw_decode(text)
    except (json.JSONDecodeError, RecursionError):
        return None
    return end - 1 if text[end : end + 1] in ("", "\n") else None


def _closer(opener: str) -> str:
    return "}" if opener == "{" else opener


def _key_lines(
    kind: str, lines: list[str], close_i: int, meta: Mapping[str, Any]
) -> dict[str, int]:
    """1-based line of each top-level key, so semantic errors point at it."""
    if kind == "json":
        found = yaml_key_lines("\n".join(lines[: close_i + 1]))
        return {k: found[k] for k in meta if k in found}
    key_re = _YAML_KEY if kind == "yaml" else _TOML_KEY
    meta_lines: dict[str, int] = {}
    for i in range(1, close_i):
        match = key_re.match(lines[i])
        if match:
            meta_lines.setdefault(match.group(1).strip("\"'"), i + 1)
    return meta_lines


def _parse_yaml(block: str, span_path: Path) -> Mapping[str, Any]:
    try:
        meta = load_yaml(block)
    except yaml.YAMLError as exc:
        problem, line, hint = describe_yaml_error(exc, block)
        what = "front matter:" if isinstance(exc, AliasError) else "front matter is not valid YAML:"
        raise ContentError(
            f"{what} {problem}",
            SourceSpan(span_path, line + 1 if line is not None else 1),
            hint=hint,
        ) from None
    return _as_mapping(meta, span_path)


def describe_yaml_error(exc: yaml.YAMLError, text: str) -> tuple[str, int | None, str]:
    """What went wrong reading `text`, its 1-based line there (when known), and a hint."""
    if isinstance(exc, yaml.reader.ReaderError):
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1])
        at = text.find(chr(code))
        line = text.count("\n", 0, at) + 1 if at >= 0 else None
        problem = f"character U+{code:04X} is not allowed ({exc.reason})"
        return problem, line, "remove it: editors often show it as ^@, a box or nothing at all"
    if isinstance(exc, yaml.MarkedYAMLError):
        if isinstance(exc, AliasError):
            mark = exc.problem_mark or exc.context_mark
            return str(exc.problem), mark.line + 1 if mark is not None else None, _ALIAS_HINT
        return _unfinished(exc) or _at_problem(exc)
    return str(exc), None, _YAML_HINT


def _unfinished(exc: yaml.MarkedYAMLError) -> tuple[str, int | None, str] | None:
    known = unfinished_construct(exc.context)
    if known is None or exc.context_mark is None:
        return None
    return known[0], exc.context_mark.line + 1, known[1]


def _at_problem(exc: yaml.MarkedYAMLError) -> tuple[str, int | None, str]:
    mark = exc.problem_mark or exc.context_mark
    return exc.problem or "invalid YAML", mark.line + 1 if mark is not None else None, _YAML_HINT


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
    except RecursionError:
        deepest = nesting_line(block)
        span = SourceSpan(span_path, deepest + 1 if deepest is not None else None)
        raise ContentError(f"front matter: {TOO_DEEP}", span, hint=TOO_DEEP_HINT) from None
    return _as_mapping(meta, span_path)


def _parse_json(block: str, span_path: Path) -> Mapping[str, Any]:
    try:
        meta = json.loads(block)
    except json.JSONDecodeError as exc:
        raise ContentError(
            f"front matter is not valid JSON: {exc.msg}",
            SourceSpan(span_path, exc.lineno),
            hint='JSON needs double quotes and commas between keys: {"title": "My post",',
        ) from None
    except RecursionError:
        span = SourceSpan(span_path, 1)
        raise ContentError(f"front matter: {TOO_DEEP}", span, hint=TOO_DEEP_HINT) from None
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
