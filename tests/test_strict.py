"""`--strict` on `build` and `check`: any warning fails the command with exit 1 (for CI)."""

from __future__ import annotations

from conftest import SiteFactory, post, run_cli

WARNED = {
    "content/posts/hello.md": post("Hello"),
    "content/networking/jordan-lee.md": (
        "---\nname: Jordan Lee\ndate: 2025-01-05\npublic: true\n---\n\nNotes.\n"
    ),
}
WARNING = "published as 'J. L.' (initials only): it has no 'consent: true'"


def test_build_strict_fails_on_a_warning_and_writes_nothing(make_site: SiteFactory) -> None:
    root = make_site(WARNED)
    result = run_cli("build", "--strict", "--source", str(root))
    assert result.exit_code == 1
    assert WARNING in result.stderr
    assert result.stderr.splitlines()[-1] == (
        "Build failed: 1 warning with --strict; nothing was written."
    )
    assert not (root / "site").exists()


def test_build_strict_keeps_the_last_good_site(make_site: SiteFactory) -> None:
    root = make_site({"content/posts/hello.md": post("Hello")})
    assert run_cli("build", "--source", str(root)).exit_code == 0
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    make_site(WARNED)
    assert run_cli("build", "--strict", "--source", str(root)).exit_code == 1
    after = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before


def test_build_without_strict_only_warns(make_site: SiteFactory) -> None:
    root = make_site(WARNED)
    result = run_cli("build", "--source", str(root))
    assert result.exit_code == 0, result.stderr
    assert WARNING in result.stderr
    assert (root / "site" / "index.html").is_file()


def test_check_strict_fails_on_a_warning(make_site: SiteFactory) -> None:
    root = make_site(WARNED)
    assert run_cli("check", "--source", str(root)).exit_code == 0
    result = run_cli("check", "--strict", "--source", str(root))
    assert result.exit_code == 1
    assert WARNING in result.stderr
    assert result.stderr.splitlines()[-1] == "Check failed: 1 warning with --strict."
    assert "No errors found" not in result.stdout


def test_strict_passes_a_site_without_warnings(make_site: SiteFactory) -> None:
    root = make_site({"content/posts/hello.md": post("Hello")})
    assert run_cli("check", "--strict", "--source", str(root)).exit_code == 0
    built = run_cli("build", "--strict", "--quiet", "--source", str(root))
    assert built.exit_code == 0, built.stderr
    assert (root / "site" / "index.html").is_file()
