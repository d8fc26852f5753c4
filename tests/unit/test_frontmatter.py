"""split_front_matter and read_source: metadata, body offset and error lines."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from blogfolio.content.frontmatter import ALIAS_LIMIT, read_source, split_front_matter
from blogfolio.content.yaml_hints import unfinished_construct
from blogfolio.errors import ContentError
from blogfolio.model import ParsedDoc, SourceFile

SPAN = Path("content/posts/a.md")
SOURCE = SourceFile(Path("/site/content/posts/a.md"), "posts/a.md", "posts")


def split(text: str) -> ParsedDoc:
    return split_front_matter(SOURCE, text, SPAN)


def error_of(text: str) -> ContentError:
    with pytest.raises(ContentError) as info:
        split(text)
    return info.value


def test_yaml_front_matter_meta_body_and_lines() -> None:
    doc = split("---\ntitle: Hello\ndate: 2025-01-10\ntags: [a, b]\n---\n\nBody *text*.\n")
    assert dict(doc.meta) == {"title": "Hello", "date": "2025-01-10", "tags": ["a", "b"]}
    assert doc.body == "\nBody *text*.\n"
    assert doc.body_first_line == 6
    assert dict(doc.meta_lines) == {"title": 2, "date": 3, "tags": 4}
    assert doc.span("date").line == 3
    assert doc.span().line == 1
    assert doc.span_path == SPAN


def test_body_first_line_is_the_line_after_the_closing_delimiter() -> None:
    text = "---\ntitle: x\n---\nfirst body line\nsecond\n"
    doc = split(text)
    lines = text.split("\n")
    assert lines[doc.body_first_line - 1] == "first body line"
    assert doc.body.split("\n")[0] == "first body line"


def test_dates_stay_strings_for_validation_with_lines() -> None:
    doc = split("---\ndate: 2025-01-10\nupdated: 2025-01-10T09:30:00\n---\n")
    assert doc.meta == {"date": "2025-01-10", "updated": "2025-01-10T09:30:00"}


def test_key_lines_skip_comments_nested_keys_and_list_items() -> None:
    doc = split(
        '---\n# date: in a comment\n"title": quoted key\nprivate:\n  email: x@y.z\n'
        "tags:\n  - one\n  - two\n'kind': reflection\nsummary: >\n  folded: text\n---\n"
    )
    assert dict(doc.meta_lines) == {"title": 3, "private": 4, "tags": 6, "kind": 9, "summary": 10}
    assert doc.meta["summary"].strip() == "folded: text"


def test_no_front_matter_is_all_body() -> None:
    doc = split("Just text.\n---\nmore\n")
    assert doc.meta == {}
    assert doc.body == "Just text.\n---\nmore\n"
    assert doc.body_first_line == 1


def test_a_later_horizontal_rule_is_body() -> None:
    doc = split("---\ntitle: x\n---\nabove\n\n---\n\nbelow\n")
    assert doc.meta == {"title": "x"}
    assert doc.body == "above\n\n---\n\nbelow\n"


def test_empty_front_matter_and_trailing_spaces_on_delimiters() -> None:
    assert split("---\n---\nbody").meta == {}
    doc = split("--- \ntitle: x\n---   \nbody")
    assert doc.meta == {"title": "x"}
    assert doc.body == "body"
    assert doc.body_first_line == 4


def test_crlf_yaml_front_matter() -> None:
    doc = split("---\r\ntitle: A\r\ndate: 2025-01-01\r\n---\r\n\r\nBody\r\n")
    assert dict(doc.meta) == {"title": "A", "date": "2025-01-01"}
    assert dict(doc.meta_lines) == {"title": 2, "date": 3}
    assert doc.body_first_line == 5


def test_crlf_toml_front_matter() -> None:
    doc = split('+++\r\ntitle = "A"\r\ndate = 2025-01-01\r\n+++\r\n\r\nBody\r\n')
    assert doc.meta["title"] == "A"
    assert dict(doc.meta_lines) == {"title": 2, "date": 3}


def test_toml_front_matter() -> None:
    doc = split(
        '+++\ntitle = "From TOML"\ndate = 2025-02-03\ntags = ["a", "b"]\n'
        '"quoted key" = 1\n\n[private]\nemail = "x@y.z"\n+++\nBody\n'
    )
    assert doc.meta["title"] == "From TOML"
    assert doc.meta["date"].isoformat() == "2025-02-03"
    assert doc.meta["tags"] == ["a", "b"]
    assert doc.meta["private"] == {"email": "x@y.z"}
    top_level = {k: v for k, v in doc.meta_lines.items() if k in doc.meta}
    assert top_level == {"title": 2, "date": 3, "tags": 4, "quoted key": 5}
    assert doc.body == "Body\n"
    assert doc.body_first_line == 10


@pytest.mark.parametrize(
    ("block", "line"),
    [
        ('title = "ok"\nbroken = \ndate = 2025-01-01\n', 3),
        ("title = unquoted words\nx = 1\n", 2),
        ('title = "ok"\ntitle = "twice"\nx = 1\n', 3),
    ],
)
def test_toml_errors_point_at_the_file_line(block: str, line: int) -> None:
    error = error_of(f"+++\n{block}+++\nBody\n")
    assert error.span is not None and error.span.line == line
    assert error.message.startswith("front matter is not valid TOML: ")
    assert "(at line" not in error.message
    assert error.hint is not None


@pytest.mark.parametrize(
    ("block", "line"),
    [
        ('title = "ok"\ndate = 2025-01-01\nbroken = \n', 4),
        ('title = "ok"\ntitle = "twice"\n', 3),
    ],
)
def test_toml_error_on_the_last_line(block: str, line: int) -> None:
    error = error_of(f"+++\n{block}+++\nBody\n")
    assert error.span is not None and error.span.line == line


YAML_BAD_BLOCKS = [
    "title: ok\nsummary: a: b\n",
    "title: ok\ntags: [a, b\ndate: 2025-01-01\n",
    "a: b\n  c: d\n",
    "title: 'x'y\n",
    "\tfoo: bar\n",
    "a: &x 1\nb: *y\n",
    "title: ok\n\n\nlist:\n- a\n - b: c\n",
    '"unclosed: x\n',
]


@pytest.mark.parametrize("block", YAML_BAD_BLOCKS)
def test_yaml_error_line_is_opening_line_plus_two_plus_mark_line(block: str) -> None:
    """File line = open_i + 2 + mark.line, with open_i = 0 (the `---` is the first line);
    the mark is where an unfinished quote, list or key began when PyYAML says so, else
    where it noticed the problem."""
    with pytest.raises(yaml.MarkedYAMLError) as raw:
        yaml.load(block.rstrip("\n"), Loader=yaml.SafeLoader)
    unfinished = unfinished_construct(raw.value.context)
    if unfinished is not None:
        mark = raw.value.context_mark
    else:
        mark = raw.value.problem_mark or raw.value.context_mark
    assert mark is not None
    error = error_of(f"---\n{block}---\nBody\n")
    assert error.span is not None
    assert error.span.path == SPAN
    assert error.span.line == 0 + 2 + mark.line
    assert error.message.startswith("front matter is not valid YAML: ")
    expected_hint = unfinished[1] if unfinished else "indentation"
    assert error.hint is not None and expected_hint in error.hint


def test_yaml_error_lines_for_known_cases() -> None:
    assert error_of("---\ntitle: ok\ndate: x\nsummary: a: b\n---\n").span.line == 4  # type: ignore[union-attr]
    assert error_of("---\n\n\n\ntags: [a\n---\n").span.line == 5  # type: ignore[union-attr]


def test_front_matter_must_be_a_mapping() -> None:
    error = error_of("---\n- a\n- b\n---\nBody\n")
    assert error.span is not None and error.span.line == 2
    assert "got a list" in error.message


@pytest.mark.parametrize("text", ["", "   \n\n", "\n"])
def test_empty_file(text: str) -> None:
    error = error_of(text)
    assert error.message == "file is empty"
    assert error.span is not None and error.span.line == 1


@pytest.mark.parametrize("opener", ["---", "+++"])
def test_unclosed_front_matter(opener: str) -> None:
    error = error_of(f"{opener}\ntitle: x\n\nBody\n")
    assert error.message == f"front matter opened with '{opener}' on line 1 is never closed"
    assert error.span is not None and error.span.line == 1
    assert error.hint is not None and opener in error.hint


@pytest.mark.parametrize(
    "block", ["a: !!int abc", "a: !!float abc", "a: !!timestamp 2024-13-01", "a: 0x_", "a: 0b_"]
)
def test_bad_explicit_yaml_tags_are_content_errors(block: str) -> None:
    error = error_of(f"---\ntitle: x\n{block}\n---\n")
    assert error.span is not None and error.span.line == 3


def write(tmp_path: Path, data: bytes) -> SourceFile:
    path = tmp_path / "a.md"
    path.write_bytes(data)
    return SourceFile(path, "posts/a.md", "posts")


def test_read_source_strips_a_bom(tmp_path: Path) -> None:
    source = write(tmp_path, "\ufeff---\ntitle: Café\n---\nBody\n".encode())
    text = read_source(source, SPAN)
    assert text == "---\ntitle: Café\n---\nBody\n"
    doc = split_front_matter(source, text, SPAN)
    assert doc.meta == {"title": "Café"}
    assert doc.meta_lines == {"title": 2}


def test_read_source_names_the_line_of_the_bad_byte(tmp_path: Path) -> None:
    source = write(tmp_path, b"---\ntitle: x\n---\n\nok \xc3\xa9\nbad \xe9 latin-1\n")
    with pytest.raises(ContentError) as info:
        read_source(source, SPAN)
    assert info.value.span is not None and info.value.span.line == 6
    assert info.value.message == "file is not UTF-8 text (byte 0xe9 cannot be decoded)"
    assert str(info.value).startswith("content/posts/a.md:6: error: file is not UTF-8 text")


# -- aliases: reuse is fine, a bomb or a loop is refused at its line --------------------------


def test_ordinary_anchors_and_merge_keys_load() -> None:
    block = (
        "defaults: &defaults {channel: email, kind: coffee-chat}\n"
        "first: {<<: *defaults, name: Ann}\n"
        "second: {<<: *defaults, name: Bo}\n"
        "again: [*defaults, *defaults, *defaults]\n"
    )
    doc = split(f"---\n{block}---\nBody\n")
    assert doc.meta["second"] == {"channel": "email", "kind": "coffee-chat", "name": "Bo"}
    assert doc.meta["again"] == [doc.meta["defaults"]] * 3


def wide_alias(copies: int, size: int) -> str:
    """An anchor holding `size` values (itself included), repeated `copies` more times."""
    items = ", ".join(["x"] * (size - 1))
    return f"base: &b [{items}]\ncopies:\n" + "".join(["- *b\n"] * copies)


def test_aliases_may_add_up_to_the_limit() -> None:
    """Each copy adds the anchor's whole value again: 1,000 copies of 100 values = 100,000."""
    doc = split(f"---\n{wide_alias(1000, ALIAS_LIMIT // 1000)}---\nBody\n")
    assert len(doc.meta["copies"]) == 1000


def test_one_value_past_the_limit_is_refused_where_the_copies_are() -> None:
    error = error_of(f"---\ntitle: x\n{wide_alias(1001, ALIAS_LIMIT // 1000)}---\nBody\n")
    assert error.message == (
        "front matter: aliases (*name) repeat more than 100,000 values by this line"
    )
    assert error.span is not None and error.span.line == 5  # the list of copies starts here
    assert error.hint is not None and "aliases" in error.hint


@pytest.mark.parametrize(
    ("block", "line"),
    [("title: x\nloop: &a [1, *a]\n", 3), ("title: x\n\nself: &m\n  again: *m\n", 4)],
)
def test_a_value_that_contains_itself_is_refused(block: str, line: int) -> None:
    error = error_of(f"---\n{block}---\nBody\n")
    assert error.message == "front matter: a value contains itself through an alias (*name)"
    assert error.span is not None and error.span.line == line  # where the anchor is


def test_control_characters_are_reported_on_their_line() -> None:
    error = error_of("---\ntitle: ok\nsummary: bell\x07 here\n---\nBody\n")
    assert error.span is not None and error.span.line == 3
    assert error.message.startswith("front matter is not valid YAML: character U+0007")


# -- JSON front matter, and the handlers' boundaries ------------------------------------------


def test_json_front_matter_meta_body_and_lines() -> None:
    doc = split('{\n  "title": "Hi",\n  "tags": ["a"],\n  "nested": {"x": 1}\n}\n\nBody\n')
    assert dict(doc.meta) == {"title": "Hi", "tags": ["a"], "nested": {"x": 1}}
    assert dict(doc.meta_lines) == {"title": 2, "tags": 3, "nested": 4}
    assert doc.body == "\nBody\n"
    assert doc.body_first_line == 6


def test_json_with_a_nested_object_closing_on_its_own_line() -> None:
    doc = split('{\n"title": "x",\n"extra": {\n"a": 1\n}\n}\nbody\n')
    assert doc.meta == {"title": "x", "extra": {"a": 1}}
    assert doc.body == "body\n"
    assert doc.body_first_line == 7


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('{\n  "title": "x"\n  "date": "2024-01-01"\n}\nbody\n', 3),
        ('{\n  "title": "x",\n\n  "date": 2024-01-01\n}\nbody\n', 4),
    ],
)
def test_json_errors_point_at_the_file_line(text: str, line: int) -> None:
    error = error_of(text)
    assert error.message.startswith("front matter is not valid JSON: ")
    assert error.span is not None and error.span.line == line


def test_unclosed_json_front_matter() -> None:
    error = error_of('{\n"title": "x"\n\nBody\n')
    assert error.message == "front matter opened with '{' on line 1 is never closed"
    assert error.hint is not None and "}" in error.hint


def test_blank_lines_around_delimiters_keep_exact_lines() -> None:
    doc = split("---\n\n\ntitle: x\n---\n\n\nbody\n")
    assert doc.meta == {"title": "x"}
    assert doc.meta_lines == {"title": 4}
    assert doc.body_first_line == 6
    assert doc.body == "\n\nbody\n"
    assert error_of("---\n\n\nbad: [x\n---\n\nbody\n").span.line == 4  # type: ignore[union-attr]


def test_json_array_is_not_front_matter_and_a_brace_line_is_json() -> None:
    assert split("[1, 2]\nbody\n").meta == {}
    assert split("{\n}\nbody\n").meta == {}
