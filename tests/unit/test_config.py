"""load_config and the SiteConfig schema: defaults, merging, errors with lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from blogfolio.config import CollectionConfig, SiteConfig, load_config
from blogfolio.config.load import find_key_line
from blogfolio.errors import BuildError, ConfigError


def load(tmp_path: Path, text: str, overrides: dict[str, object] | None = None) -> SiteConfig:
    (tmp_path / "blogfolio.toml").write_text(text, encoding="utf-8")
    return load_config(tmp_path, overrides)


def errors(tmp_path: Path, text: str) -> list[tuple[int | None, str, str | None]]:
    with pytest.raises(BuildError) as info:
        load(tmp_path, text)
    return [(d.span.line if d.span else None, d.message, d.hint) for d in info.value.diagnostics]


def test_defaults(tmp_path: Path) -> None:
    config = load(tmp_path, 'title = "T"\n')
    assert config.title == "T"
    assert config.base_url == "http://localhost:8000/"
    assert config.language == "en"
    assert config.timezone == "UTC"
    assert config.theme.name == "default"
    assert config.output_dir == "site"
    assert config.collections == {
        "posts": CollectionConfig("/posts/{year}/{slug}/", 10),
        "pages": CollectionConfig("/{slug}/", 10),
    }
    assert config.menu == []
    assert config.markdown.highlight is True
    assert config.feeds.limit == 20
    assert config.root == tmp_path


@pytest.mark.parametrize(
    ("base_url", "base_path", "origin"),
    [
        ("https://x.org/", "/", "https://x.org"),
        ("https://x.org", "/", "https://x.org"),
        ("https://x.org/blog/", "/blog/", "https://x.org"),
        ("https://x.org/blog", "/blog/", "https://x.org"),
        ("http://localhost:8000/a/b/", "/a/b/", "http://localhost:8000"),
    ],
)
def test_base_path_and_origin(base_url: str, base_path: str, origin: str) -> None:
    config = SiteConfig(title="T", base_url=base_url)
    assert config.base_path == base_path
    assert config.origin == origin


def test_a_collection_table_keeps_the_defaults_it_does_not_set(tmp_path: Path) -> None:
    config = load(tmp_path, 'title = "T"\n\n[collections.posts]\npaginate = 3\n')
    assert config.collections["posts"] == CollectionConfig("/posts/{year}/{slug}/", 3)
    assert config.collection("pages") == CollectionConfig("/{slug}/", 10)
    assert config.collection("posts").permalink == "/posts/{year}/{slug}/"


def test_new_collections_use_the_generic_pattern(tmp_path: Path) -> None:
    config = load(tmp_path, 'title = "T"\n\n[collections.projects]\npaginate = 4\n')
    assert config.collection("projects") == CollectionConfig("/{collection}/{slug}/", 4)
    assert config.collection("notes") == CollectionConfig("/{collection}/{slug}/", 10)
    assert config.collection("posts").permalink == "/posts/{year}/{slug}/"


def test_nested_tables_and_menu(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        'title = "T"\n\n[markdown]\nanchors = false\n\n[feeds]\nlimit = 5\n\n'
        '[[menu]]\ntitle = "Home"\nurl = "/"\n\n[[menu]]\ntitle = "GH"\n'
        'url = "https://github.com/x"\nweight = 99\n',
    )
    assert config.markdown.anchors is False
    assert config.markdown.highlight is True
    assert config.feeds.limit == 5
    assert [(m.title, m.url, m.weight) for m in config.menu] == [
        ("Home", "/", 50),
        ("GH", "https://github.com/x", 99),
    ]


def test_overrides_win_over_the_file(tmp_path: Path) -> None:
    config = load(
        tmp_path, 'title = "T"\nbase_url = "https://a.org/"\n', {"base_url": "https://b.org/x/"}
    )
    assert config.base_url == "https://b.org/x/"
    assert config.base_path == "/x/"


def test_unknown_keys_get_did_you_mean_with_their_lines(tmp_path: Path) -> None:
    found = errors(
        tmp_path,
        'title = "T"\nbase_ulr = "https://x.org/"\n\n[collections.posts]\npermalnk = "/{slug}/"\n'
        "\n[markdown]\nzzz = 1\n",
    )
    assert [(line, message.split(" (")[0], hint) for line, message, hint in found] == [
        (2, "'base_ulr': unknown key", "did you mean 'base_url'?"),
        (5, "'collections.posts.permalnk': unknown key", "did you mean 'permalink'?"),
        (8, "'markdown.zzz': unknown key", None),
    ]


def test_type_errors_name_the_dotted_key_and_line(tmp_path: Path) -> None:
    found = errors(
        tmp_path,
        'title = 3\nmenu = "nope"\n\n[feeds]\nfull_content = "yes"\nlimit = true\n',
    )
    assert [(line, message) for line, message, _ in found] == [
        (1, "'title': expected a string, got a number"),
        (2, "'menu': expected a list, got a string"),
        (5, "'feeds.full_content': expected true or false, got a string"),
        (6, "'feeds.limit': expected a whole number, got a boolean"),
    ]


def test_title_is_required(tmp_path: Path) -> None:
    found = errors(tmp_path, 'author = "A"\n')
    assert found == [(None, "'title': is required", 'add title = "…" to blogfolio.toml')]


def test_semantic_errors(tmp_path: Path) -> None:
    found = errors(
        tmp_path,
        'title = "T"\nbase_url = "ftp://x.org/"\ntimezone = "Nowhere/Land"\nlanguage = "english!"\n'
        '\n[collections.posts]\npermalink = "/posts/{yr}/"\npaginate = 0\n',
    )
    lines = [(line, message) for line, message, _ in found]
    assert lines == [
        (2, "'base_url': expected a full http(s) address, got 'ftp://x.org/'"),
        (3, "'timezone': unknown time zone 'Nowhere/Land'"),
        (4, "'language': not a language tag: 'english!'"),
        (7, "'collections.posts.permalink': unknown placeholder {yr}"),
        (7, "'collections.posts.permalink': must contain {slug}"),
        (8, "'collections.posts.paginate': must be 1 or more"),
    ]


def test_invalid_toml_has_line_and_column(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load(tmp_path, 'title = "T"\n\nauthor = Maya\n')
    assert info.value.span is not None
    assert (info.value.span.line, info.value.span.col) == (3, 10)
    assert info.value.message == "invalid TOML: Invalid value"


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert info.value.message == f"no blogfolio.toml in {tmp_path}"
    assert info.value.hint is not None and "blogfolio new site" in info.value.hint


def test_find_key_line() -> None:
    lines = [
        'title = "T"',
        "",
        "[collections.posts]",
        'permalink = "/x/{slug}/"',
        "",
        '[collections."pages"]',
        "paginate = 3",
        "[feeds]",
        "limit = 3",
        "markdown.anchors = false",
    ]
    assert find_key_line(lines, ("title",)) == 1
    assert find_key_line(lines, ("collections", "posts", "permalink")) == 4
    assert find_key_line(lines, ("collections", "posts")) == 3
    assert find_key_line(lines, ("collections", "pages", "paginate")) == 7
    assert find_key_line(lines, ("feeds", "limit")) == 9
    assert find_key_line(lines, ("feeds", "markdown", "anchors")) == 10
    assert find_key_line(lines, ("menu", "0", "url")) is None
    assert find_key_line(lines, ("author",)) is None


# -- permalinks are checked the way they are filled in ----------------------------------------


OUTSIDE = (
    "has a '.' or '..' segment or a backslash: a permalink is a path from the site's root "
    "and must stay inside the output folder"
)
TWO_SLASHES = "has an empty segment ('//'), which browsers read as another host"


@pytest.mark.parametrize(
    ("pattern", "messages"),
    [
        ("/posts/{slug}}/", ["braces do not pair up in '/posts/{slug}}/' "
                             "(Single '}' encountered in format string)"]),
        ("/{slug}/{", ["must start and end with '/'", "braces do not pair up in '/{slug}/{' "
                       "(Single '{' encountered in format string)"]),
        ("/{year/{slug}/", ["braces do not pair up in '/{year/{slug}/' "
                            "(unexpected '{' in field name)"]),
        ("/{slug!r}/", ["unknown placeholder {slug!r}"]),
        ("/{slug:>30}/", ["unknown placeholder {slug:>30}"]),
        ("/{slug.upper}/", ["unknown placeholder {slug.upper}", "must contain {slug}"]),
        ("/{}/{slug}/", ["unknown placeholder {}"]),
        ("/../x/{slug}/", [f"'/../x/{{slug}}/' {OUTSIDE}"]),
        ("/notes/{slug}/../../../", [f"'/notes/{{slug}}/../../../' {OUTSIDE}"]),
        ("/./{slug}/", [f"'/./{{slug}}/' {OUTSIDE}"]),
        ("/a\\\\{slug}/", [f"'/a\\\\{{slug}}/' {OUTSIDE}"]),
        ("//evil.example/{slug}/", [f"'//evil.example/{{slug}}/' {TWO_SLASHES}"]),
        ("/posts//{slug}/", [f"'/posts//{{slug}}/' {TWO_SLASHES}"]),
    ],
)  # fmt: skip
def test_permalinks_that_cannot_be_filled_or_leave_the_site(
    tmp_path: Path, pattern: str, messages: list[str]
) -> None:
    found = errors(tmp_path, f'title = "T"\n\n[collections.posts]\npermalink = "{pattern}"\n')
    assert [(line, message) for line, message, _ in found] == [
        (4, f"'collections.posts.permalink': {message}") for message in messages
    ]


@pytest.mark.parametrize(
    "pattern",
    ["/{slug}/", "/{year}/{month}/{day}/{slug}/", "/{collection}/{slug}.d/", "/{{x}}/{slug}/"],
)
def test_permalinks_that_fill_in_cleanly_are_accepted(tmp_path: Path, pattern: str) -> None:
    config = load(tmp_path, f'title = "T"\n\n[collections.posts]\npermalink = "{pattern}"\n')
    assert config.collection("posts").permalink == pattern


def test_highlight_styles_must_exist(tmp_path: Path) -> None:
    found = errors(tmp_path, 'title = "T"\n[markdown]\nlight_style = "Xcode"\ndark_style = ""\n')
    assert [(line, message) for line, message, _ in found] == [
        (3, "'markdown.light_style': unknown Pygments style 'Xcode'"),
        (4, "'markdown.dark_style': unknown Pygments style ''"),
    ]
    assert found[0][2] is not None and found[0][2].startswith("did you mean 'xcode'")
    assert found[1][2] is not None and "styles include xcode, default, friendly" in found[1][2]


def test_config_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "blogfolio.toml").write_bytes(b'title = "T"\n\n# caf\xe9\n')
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert str(info.value.span) == "blogfolio.toml:3"
    assert info.value.message == "file is not UTF-8 text (byte 0xe9 cannot be decoded)"


def test_config_may_start_with_a_byte_order_mark(tmp_path: Path) -> None:
    (tmp_path / "blogfolio.toml").write_bytes('\ufefftitle = "Café"\n'.encode())
    assert load_config(tmp_path).title == "Café"
