"""The `learnloop` commands an admin runs now and then: accounts, the Teams app package and
training records. `app.py` adds them to the `learnloop` command; each reads the settings the
same way the server does."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

import click

from learning.settings import Settings
from storage.database import Database


def settings_or_exit() -> Settings:
    # Imported here, not at the top: app.py imports this module to register its commands.
    from app import _settings_or_exit

    return _settings_or_exit()


@click.group()
def users() -> None:
    """Dashboard accounts."""


@users.command("add")
@click.argument("email")
@click.option("--role", required=True, help="learning_lead, business_unit, agency_lead or admin")
@click.option("--agency", "agency_name", help="The agency an agency lead sees.")
@click.option("--name", "display_name", help="The name shown in the dashboard.")
@click.option("--sso-only", is_flag=True, help="No password: sign in with Entra ID only.")
def add_user(email: str, role: str, agency_name: str | None, display_name: str | None,
             sso_only: bool) -> None:
    """Add an account (or a role to one). The password is read from standard input."""
    from learning.people.accounts import AccountError, add_account

    settings = settings_or_exit()
    password = None if sso_only else _read_password()
    with Database(settings.database_url).unit_of_work() as uow:
        try:
            add_account(uow, email, role, password=password, display_name=display_name,
                        agency_name=agency_name)
        except AccountError as problem:
            raise click.ClickException(str(problem)) from None
    click.echo(f"Account {email.strip().lower()} has the role {role}.")


@users.command("sign-out")
@click.argument("email")
def sign_out_user(email: str) -> None:
    """End every dashboard session of an account, on every device."""
    from learning.people.accounts import AccountError, sign_out_everywhere

    settings = settings_or_exit()
    with Database(settings.database_url).unit_of_work() as uow:
        try:
            sign_out_everywhere(uow, email)
        except AccountError as problem:
            raise click.ClickException(str(problem)) from None
    click.echo(f"Account {email.strip().lower()} is signed out everywhere.")


@click.group()
def teams() -> None:
    """Microsoft Teams."""


@teams.command("manifest")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("learnloop-teams.zip"), show_default=True)
def teams_manifest(output: Path) -> None:
    """Write the Teams app package (manifest.json and two icons, zipped) to upload to Teams."""
    settings = settings_or_exit()
    from bot.teams.manifest import write_app_package

    try:
        written = write_app_package(settings, output)
    except ValueError as problem:
        raise click.ClickException(str(problem)) from None
    click.echo(f"Wrote the Teams app package to {written}")


def _read_password() -> str:
    if sys.stdin.isatty():
        return getpass.getpass("Password (at least 12 characters): ")
    return sys.stdin.readline().rstrip("\n")


@click.group()
def training() -> None:
    """Courses and people's training records."""


@training.command("add-course")
@click.argument("name")
@click.option("--refresh-months", type=click.IntRange(1, 120), required=True,
              help="How long a completion lasts, e.g. 36 for Level 3 safeguarding.")
@click.option("--booking-url", help="Where people book a place.")
def add_course(name: str, refresh_months: int, booking_url: str | None) -> None:
    """Add a course people must keep up to date."""
    from storage.models.training import Course

    settings = settings_or_exit()
    with Database(settings.database_url).unit_of_work() as uow:
        uow.session.add(Course(name=name.strip(), refresh_months=refresh_months,
                               booking_url=booking_url))
        uow.commit()
    click.echo(f"Course {name.strip()} added: refreshed every {refresh_months} months.")


@training.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_training(path: str) -> None:
    """Import completions from a CSV file with the columns email,course,completed_on."""
    from learning.nudges.training import import_training_csv

    settings = settings_or_exit()
    with open(path, encoding="utf-8-sig") as csv_file, \
            Database(settings.database_url).unit_of_work() as uow:
        result = import_training_csv(uow.session, csv_file.read())
        uow.commit()
    click.echo(f"Training records: {result.added} added, {result.updated} updated.")
    for problem in result.problems:
        click.echo(problem, err=True)
    if result.problems:
        raise SystemExit(1)
