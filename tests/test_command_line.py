import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests
from click.testing import CliRunner
from sqlalchemy import func, select

from app import create_app, main
from learning.demo.year import year_of_reports
from learning.people.hashing import secret_matches
from learning.settings import load_settings
from storage.database import Database
from storage.models import Account, Agency, Report
from storage.models.nudges import Nugget
from storage.models.themes import Signal, SignalKind

LEARNLOOP = str(Path(sys.executable).parent / "learnloop")


def demo_reports(session) -> tuple[list[set[str]], list[set[str]]]:
    """Every demo report's themes, and those of the evaluation's own stories
    (learning.demo.evaluation), which come on top of the month's and the year's."""
    themes = [set(t or []) for t in session.scalars(select(Report.themes))]
    return themes, [t for t in themes if t & {"parental mental health", "early help"}]


def interruptible() -> None:
    """For the child: Ctrl+C as at a terminal, even when this test run ignores it (a run started
    in the background does, and a child would inherit that)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def free_port() -> int:
    """A port nobody on this machine is listening on (other test runs share it)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def invoke(environ, *args, input=None):
    return CliRunner().invoke(main, list(args), input=input, env=environ, catch_exceptions=False)


def test_users_add_reads_the_password_from_standard_input(environ, database):
    result = invoke(environ, "users", "add", "Lead@Riverside.example", "--role", "learning_lead",
                    input="a long enough password\n")
    assert result.exit_code == 0, result.output
    assert "lead@riverside.example has the role learning_lead" in result.output
    with database.unit_of_work() as uow:
        account = uow.session.scalar(select(Account))
        assert account.email == "lead@riverside.example" and account.roles == ["learning_lead"]
        assert secret_matches(account.password_hash, "a long enough password")
        assert "a long enough password" not in account.password_hash


def test_users_add_refuses_a_short_password_or_unknown_role_and_stores_nothing(environ, database):
    short = invoke(environ, "users", "add", "a@b.example", "--role", "admin", input="short\n")
    assert short.exit_code == 1 and "at least 12 characters" in short.output
    role = invoke(environ, "users", "add", "a@b.example", "--role", "boss", input="x" * 20 + "\n")
    assert role.exit_code == 1 and "role must be one of" in role.output
    lead = invoke(environ, "users", "add", "a@b.example", "--role", "agency_lead", "--sso-only")
    assert lead.exit_code == 1 and "needs --agency" in lead.output
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(func.count(Account.id))) == 0


def test_demo_seeds_once_and_prints_a_sign_in_that_works(environ, database):
    first = invoke(environ, "demo")
    second = invoke(environ, "demo")
    assert "Seeded the Riverside demo partnership" in first.output
    assert "Seeded" not in second.output
    password = re.search(r"learning-lead sign-in: \S+  password: (\S+)", second.output).group(1)
    admin_password = re.search(r"admin sign-in: \S+  password: (\S+)", second.output).group(1)
    with database.unit_of_work() as uow:
        themes, story = demo_reports(uow.session)
        assert len(themes) - len(story) == 7 + len(year_of_reports())
        assert sum("early help" in t for t in story) == 18
        assert sorted(uow.session.scalars(select(Signal.kind))) == [
            SignalKind.ACROSS_AGENCIES, SignalKind.RISING_THEME]
        assert uow.session.scalar(select(func.count(Agency.id))) == 7
        assert uow.session.scalar(select(func.count(Nugget.id))) == 1 + 4
        lead, admin = uow.session.scalars(select(Account).order_by(Account.id)).all()
        assert lead.roles == ["learning_lead"] and admin.roles == ["admin"]
        assert secret_matches(lead.password_hash, password)
        assert secret_matches(admin.password_hash, admin_password)
    learning_page = create_app(load_settings(environ)).test_client().get("/learning")
    assert "7-minute briefing: bruising" in learning_page.get_data(as_text=True)


def test_serve_demo_on_a_fresh_machine_answers_healthz(tmp_path):
    """The README's run command, in an empty folder with nothing set: the embedded default."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    port = free_port()
    env["PORT"] = str(port)
    server = subprocess.Popen([LEARNLOOP, "serve", "--demo"], cwd=tmp_path, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              preexec_fn=interruptible)
    try:
        health = None
        for _ in range(100):
            try:
                health = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        assert health is not None and health.json() == {"status": "ok", "database": "ok"}
        assert (tmp_path / "instance" / "learnloop.db").exists()
        assert (tmp_path / "instance" / "secret_key").exists()
        start = requests.get(f"http://127.0.0.1:{port}/report", timeout=5).text
        assert "Riverside Safeguarding Children Partnership" in start.split("</header>")[0]
    finally:
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=30)
    assert "Demo learning-lead sign-in: learning.lead@riverside-partnership.example" in output
    assert f"listening on http://127.0.0.1:{port}/" in output
    assert "Demo admin sign-in: admin@riverside-partnership.example" in output
    assert "No dashboard account exists yet" not in output
    database = Database(f"sqlite:///{tmp_path / 'instance' / 'learnloop.db'}")
    with database.unit_of_work() as uow:
        themes, story = demo_reports(uow.session)
        assert len(themes) - len(story) == 7 + len(year_of_reports()) and story
    database.dispose()


def test_teams_manifest_writes_an_app_package(environ, tmp_path):
    import zipfile

    environ["MICROSOFT_APP_ID"] = "00000000-1111-2222-3333-444444444444"
    package = tmp_path / "learnloop-teams.zip"
    result = invoke(environ, "teams", "manifest", "--output", str(package))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(package) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        assert environ["MICROSOFT_APP_ID"] in archive.read("manifest.json").decode()
