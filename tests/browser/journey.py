"""Steps a person takes through the web form, with an accessibility check and a screenshot."""

from __future__ import annotations

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe = Axe()


def check_page(page, name: str, *, screenshots: Path) -> None:
    """No WCAG 2.2 A/AA violation on this page, and a full-page screenshot for reviewers."""
    page.wait_for_load_state()
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    problems = [f"{v['id']}: {v['help']} ({len(v['nodes'])} elements)"
                for v in results.response["violations"]]
    assert problems == [], f"{name}: {problems}"
    page.screenshot(path=screenshots / f"{name}.png", full_page=True)


def fill_report(page, *, identity: str, what_happened: str) -> None:
    page.get_by_label("Near miss").check()
    page.get_by_label("What happened?").fill(what_happened)
    page.get_by_label("Day", exact=True).fill("16")
    page.get_by_label("Month", exact=True).fill("11")
    page.get_by_label("Year", exact=True).fill("2026")
    page.get_by_label("Multi-agency meeting or strategy discussion").check()
    page.get_by_label("Severe: serious harm likely").check()
    page.get_by_label(identity, exact=True).check()
    if identity != "Anonymous":
        page.get_by_label("Your name").fill("Priya Shah")
        page.get_by_label("Your work email address").fill("priya.shah@health.example")


PASSWORD = "correct horse battery staple"


def signed_in_as(page, live_server: str, database, email: str, role: str, *,
                 then: str = "/dashboard") -> None:
    """An account with this role, signed in through the sign-in page, landing on `then`."""
    from learning.people.accounts import add_account

    with database.unit_of_work() as uow:
        add_account(uow, email, role, password=PASSWORD)
    page.goto(f"{live_server}/sign-in?next={then}")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server}{then}")
