"""`[theme]`, `[author]` and `[home]` in blogfolio.toml, and the accent colour's tones."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blogfolio.config import SiteConfig, load_config
from blogfolio.errors import BuildError
from blogfolio.render.colours import AA, DARK_BG, LIGHT_BG, contrast, make_accent, parse_hex


def load(tmp_path: Path, text: str) -> SiteConfig:
    (tmp_path / "blogfolio.toml").write_text('title = "T"\n' + text, encoding="utf-8")
    return load_config(tmp_path)


def errors(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(BuildError) as info:
        load(tmp_path, text)
    return [f"{d.span}: {d.message}" for d in info.value.diagnostics]


def test_short_forms_and_tables_mean_the_same(tmp_path: Path) -> None:
    short = load(tmp_path, 'author = "Maya Okafor"\ntheme = "default"\n')
    table = load(tmp_path, '[author]\nname = "Maya Okafor"\n[theme]\nname = "default"\n')
    assert short.author == table.author and short.theme == table.theme
    assert short.author.name == "Maya Okafor" and short.author.links == {}
    assert short.home.sections == ["intro", "featured", "reflections", "posts"]


def test_the_author_table_holds_photo_intro_and_links(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        '[author]\nname = "M"\nphoto = "/images/me.jpg"\nintro = "Hi."\n'
        '[author.links]\ngithub = "https://github.com/m"\nemail = "m@example.org"\n',
    )
    assert config.author.photo == "/images/me.jpg"
    assert list(config.author.links) == ["github", "email"]  # the order written is kept


def test_bad_look_values_are_each_reported_with_their_line(tmp_path: Path) -> None:
    found = errors(
        tmp_path,
        "\n".join(
            [
                "[theme]",
                'accent = "blue"',  # line 3
                "[author]",
                'photo = "me.jpg"',  # line 5
                "[author.links]",
                'github = "github.com/m"',  # line 7
                'email = "not an address"',  # line 8
                "[home]",
                'sections = ["intro", "gallery", "intro"]',  # line 10
                "reflections = -1",  # line 11
            ]
        )
        + "\n",
    )
    assert found == [
        "blogfolio.toml:3: 'theme.accent': not a colour: 'blue'",
        "blogfolio.toml:5: 'author.photo': expected a site path or an https address, got 'me.jpg'",
        "blogfolio.toml:7: 'author.links.github': expected a full http(s) address, "
        "got 'github.com/m'",
        "blogfolio.toml:8: 'author.links.email': not an email address: 'not an address'",
        "blogfolio.toml:10: 'home.sections.1': unknown section 'gallery'",
        "blogfolio.toml:10: 'home.sections.2': section 'intro' is listed twice",
        "blogfolio.toml:11: 'home.reflections': must be 0 or more",
    ]


def test_author_that_is_neither_text_nor_table(tmp_path: Path) -> None:
    assert errors(tmp_path, "author = 3\n") == [
        "blogfolio.toml:2: 'author': expected a string or a table"
    ]


def test_unknown_keys_in_the_new_tables_get_a_suggestion(tmp_path: Path) -> None:
    with pytest.raises(BuildError) as info:
        load(tmp_path, '[theme]\naccnt = "#123456"\n')
    (problem,) = info.value.diagnostics
    assert problem.span is not None and problem.span.line == 3
    assert problem.hint == "did you mean 'accent'?"


@given(st.from_regex(r"#[0-9a-f]{6}", fullmatch=True))
def test_every_accent_gives_readable_tones(colour: str) -> None:
    """Whatever colour a student picks, text on it and links in both schemes pass AA."""
    accent = make_accent(colour)
    assert accent.fill == colour
    assert contrast(parse_hex(accent.fill), parse_hex(accent.on_fill)) >= AA
    for background in LIGHT_BG:
        assert contrast(parse_hex(accent.light), parse_hex(background)) >= AA
    for background in DARK_BG:
        assert contrast(parse_hex(accent.dark), parse_hex(background)) >= AA


def test_a_light_accent_gets_black_text_and_a_darker_link() -> None:
    accent = make_accent("#ffd400")  # a yellow
    assert accent.on_fill == "#000000"
    assert accent.light != "#ffd400" and accent.dark == "#ffd400"
    assert make_accent("#fff").fill == "#ffffff"
