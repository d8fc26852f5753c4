"""`blogfolio new contact` and `blogfolio followups` (table and iCalendar file)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from rich.console import Console

from blogfolio import cli
from blogfolio.build import BuildOptions, build
from conftest import FIXED_NOW, MINIMAL_CONFIG, SiteFactory, run_cli


def today() -> date:
    """Today in the sites' time zone, read when used: a run may cross midnight."""
    return datetime.now(ZoneInfo("UTC")).date()


def day(offset: int) -> str:
    return (today() + timedelta(days=offset)).isoformat()


def entry(name: str, met: str, **meta: str) -> str:
    extra = "".join(f"{k}: {v}\n" for k, v in meta.items())
    return f"---\nname: {name}\ndate: {met}\n{extra}---\n"


def followup_site(make_site: SiteFactory) -> Path:
    return make_site(
        {
            "content/networking/overdue.md": entry(
                "Olive Overdue", day(-30), follow_up=day(-2), thank_you_sent="true",
                organization="Acme Health", private="{email: olive@acme.example.org}",
            ),
            "content/networking/soon.md": entry(
                "Sunny Soon", day(-10), follow_up=day(3), thank_you_sent="true"
            ),
            "content/networking/later.md": entry(
                "Larry Later", day(-10), follow_up=day(20), thank_you_sent="true"
            ),
            "content/networking/thanks.md": entry("Theo Thanks, Jr.", day(-1)),
            "content/networking/future.md": entry("Fiona Future", day(5)),
        }
    )  # fmt: skip


def test_new_contact_writes_a_private_entry_with_every_field(make_site: SiteFactory) -> None:
    root = make_site({})
    result = run_cli("new", "contact", 'Jane "JJ" Doe', "--source", str(root))
    assert result.exit_code == 0, result.stderr
    path = root / "content/networking/jane-jj-doe.md"
    text = path.read_text()
    for key in ("name:", "role:", "organization:", "connection:", "introduced_by:", "date:",
                "channel:", "kind:", "questions:", "follow_up:", "thank_you_sent:", "public: false",
                "consent: false", "private:", "email:", "phone:", "notes:"):  # fmt: skip
        assert f"\n{key}" in text or f"\n  {key}" in text, key
    assert 'name: "Jane \\"JJ\\" Doe"' in text
    result = build(root, BuildOptions(now=FIXED_NOW.replace(year=2100)))
    assert result.site.contacts[0].name == 'Jane "JJ" Doe'
    assert not result.site.contacts[0].public
    assert "site" not in [p.name for p in root.iterdir()]
    again = run_cli("new", "contact", 'Jane "JJ" Doe', "--source", str(root))
    assert again.exit_code == 1 and "already exists" in again.stderr


def test_followups_table_lists_due_overdue_and_unthanked(
    make_site: SiteFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "console", Console(width=200, highlight=False))
    root = followup_site(make_site)
    result = run_cli("followups", "--source", str(root))
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "Olive" in out and "overdue by 2 days" in out
    assert "Sunny" in out and "in 3 days" in out
    assert "Theo" in out and "Send a thank-you note" in out
    assert "Larry" not in out  # beyond the seven-day window
    assert "Fiona" not in out  # not met yet, so no thank-you note is due
    assert out.index("Olive") < out.index("Theo") < out.index("Sunny")
    assert "olive@acme" not in out
    wide = run_cli("followups", "--days", "30", "--source", str(root))
    assert "Larry" in wide.stdout
    assert not (root / "site").exists()


def test_followups_ics_parses_back(make_site: SiteFactory, tmp_path: Path) -> None:
    root = followup_site(make_site)
    ics = tmp_path / "calendar" / "followups.ics"
    result = run_cli("followups", "--source", str(root), "--ics", str(ics))
    assert result.exit_code == 0, result.stderr
    assert "Wrote 3 event(s)" in result.stdout
    data = ics.read_bytes()
    assert b"\r\n" in data and b"olive@acme" not in data
    calendar = icalendar.Calendar.from_ical(data)
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {
        "Follow up with Olive Overdue",
        "Follow up with Sunny Soon",
        "Send a thank-you note to Theo Thanks, Jr.",
    }
    olive = events["Follow up with Olive Overdue"]
    assert olive.decoded("DTSTART") == date.fromisoformat(day(-2))
    assert olive.decoded("DTEND") == date.fromisoformat(day(-1))
    assert "content/networking/overdue.md" in str(olive["DESCRIPTION"])
    assert "Acme Health" in str(olive["DESCRIPTION"])
    thanks = events["Send a thank-you note to Theo Thanks, Jr."]
    assert thanks.decoded("DTSTART") == today()
    assert len({str(e["UID"]) for e in events.values()}) == 3


def test_long_lines_are_folded_and_still_parse(make_site: SiteFactory, tmp_path: Path) -> None:
    long_org = "Département de santé publique du comté, " * 4
    root = make_site(
        {"content/networking/x.md": entry("Zoë Ärztin", day(-3), organization=f'"{long_org}"')}
    )
    ics = tmp_path / "x.ics"
    assert run_cli("followups", "--source", str(root), "--ics", str(ics)).exit_code == 0
    lines = ics.read_bytes().split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    (event,) = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert long_org.strip() in str(event["DESCRIPTION"])
    assert str(event["SUMMARY"]) == "Send a thank-you note to Zoë Ärztin"


def test_followups_never_write_into_published_folders(make_site: SiteFactory) -> None:
    root = followup_site(make_site)
    for inside in ("site/followups.ics", "static/followups.ics", "content/f.ics"):
        result = run_cli("followups", "--source", str(root), "--ics", str(root / inside))
        assert result.exit_code == 1
        assert "follow-ups are private" in result.stderr
        assert not (root / inside).exists()


def test_nothing_due(make_site: SiteFactory) -> None:
    root = make_site({}, config=MINIMAL_CONFIG)
    result = run_cli("followups", "--source", str(root))
    assert result.exit_code == 0
    assert "Nothing due in the next 7 days" in result.stdout


def test_broken_entries_are_reported_with_their_line(make_site: SiteFactory) -> None:
    root = make_site({"content/networking/x.md": entry("X", day(0), channel="fax")})
    result = run_cli("followups", "--source", str(root))
    assert result.exit_code == 1
    assert "content/networking/x.md:4: error: networking entry 'channel': unknown channel" in (
        result.stderr
    )
