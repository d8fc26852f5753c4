"""`serve` tells what `build` tells: left-out sources and warnings after each rebuild,
only what changed since the last one, and the warnings for the browser's notice."""

from __future__ import annotations

from pathlib import Path

from blogfolio.serve.loop import DevSession, ServeOptions
from conftest import SiteFactory, post


def session(root: Path) -> tuple[DevSession, list[str]]:
    said: list[str] = []
    dev = DevSession(root, ServeOptions(port=0), "http://127.0.0.1:8000/", said.append)
    return dev, said


def test_the_first_build_says_everything_then_only_what_changed(make_site: SiteFactory) -> None:
    root = make_site(
        {
            "content/posts/hello.md": post("Hello", "2025-01-10", "Text {{< nosuch >}} here."),
            "content/posts/wip.md": post("Wip", "2025-01-11", "Not done.", draft="true"),
        }
    )
    dev, said = session(root)
    dev.rebuild()
    first = "\n".join(said)
    assert "content/posts/hello.md:6" in first and "nosuch" in first
    assert "Left out 1 source(s):" in first and "content/posts/wip.md: draft" in first
    assert dev.state.message_for("index.html", 0).notice is not None

    said.clear()
    hello = root / "content/posts/hello.md"
    hello.write_text(post("Hello", "2025-01-10", "Text {{< nosuch >}} here, edited."), "utf-8")
    dev.rebuild({hello})
    assert len(said) == 1 and said[0].startswith("Rebuilt in")  # nothing new to tell

    said.clear()
    wip = root / "content/posts/wip.md"
    wip.write_text(post("Wip", "2025-01-11", "Done now."), "utf-8")
    hello.write_text(post("Hello", "2025-01-10", "Text without a shortcode."), "utf-8")
    dev.rebuild({wip, hello})
    told = "\n".join(said[1:])
    assert "No longer left out: content/posts/wip.md" in told
    assert "No warnings any more." in told
    assert dev.state.message_for("index.html", 0).notice is None


def test_a_new_warning_is_told_once(make_site: SiteFactory) -> None:
    root = make_site({"content/posts/hello.md": post("Hello", "2025-01-10", "Plain.")})
    dev, said = session(root)
    dev.rebuild()
    assert not any("warning" in line for line in said)
    hello = root / "content/posts/hello.md"
    hello.write_text(post("Hello", "2025-01-10", "Now {{< other >}}."), "utf-8")
    dev.rebuild({hello})
    dev.rebuild({hello})
    told = [line for line in said if "other" in line]
    assert len(told) == 1 and "content/posts/hello.md:6" in told[0]
    notice = dev.state.message_for("posts/2025/hello/index.html", 0).notice
    assert notice is not None and notice.startswith("1 warning (the build still succeeded):")


def test_a_failed_build_keeps_the_last_notice(make_site: SiteFactory) -> None:
    root = make_site({"content/posts/hello.md": post("Hello", "2025-01-10", "{{< nosuch >}}")})
    dev, _ = session(root)
    dev.rebuild()
    hello = root / "content/posts/hello.md"
    hello.write_text("---\ntitle: [unclosed\n---\n", "utf-8")
    dev.rebuild({hello})
    message = dev.state.message_for("index.html", 0)
    assert message.error is not None and message.notice is not None
