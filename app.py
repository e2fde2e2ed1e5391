"""LearnLoop's entry points: `create_app()` for the web, and the `learnloop` command line.

Settings are read once, here, and handed to everything else; nothing happens at import.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from collections.abc import Mapping
from datetime import UTC, datetime

import click
from dotenv import load_dotenv
from flask import Flask
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from admin_commands import teams, training, users
from learning.services import Services
from learning.settings import Settings, SettingsError, load_settings
from storage.database import Database
from storage.vocabulary import Platform

def create_app(settings: Settings | None = None) -> Flask:
    if settings is None:
        settings = _settings_or_exit()
    from forms.templating import Templates

    app = Flask(__name__, static_folder="forms/static")
    app.jinja_environment = Templates
    app.jinja_loader = ChoiceLoader([
        PackageLoader("forms"),
        PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
    ])
    app.jinja_env.globals.update(partnership_name=settings.partnership_name, footer_links=[
        {"href": "/report", "text": "Report a near miss"},
        {"href": "/follow-up", "text": "Follow up a report"},
        {"href": "/learning", "text": "Learning from practice"},
        {"href": "/sign-in", "text": "Learning dashboard"},
    ])
    app.config.update(
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=256 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.production,
        # The cookie is sent again only when what it holds changed: the sign-in's lifetime is
        # the server's (`learning.people.sessions`), not the cookie's.
        SESSION_REFRESH_EACH_REQUEST=False,
    )
    database = Database(settings.database_url,
                        statement_timeout=settings.database_statement_timeout_seconds,
                        lock_timeout=settings.database_lock_timeout_seconds)
    services = Services(settings=settings, database=database)
    app.extensions["learnloop"] = services

    from forms import (actions, admin, dashboard, dashboard_bulletins, dashboard_learning,
                       evaluation, follow_up, health, learning_log, learning_page, one_click,
                       preferences, report, report_page, reviews, sign_in, themes, training)
    from forms.reads import close_reads_after_each_request
    from forms.security import csrf, secure
    from forms.templating import add_template_helpers
    from forms.throttle import limit_rates
    from forms.unavailable import answer_outages

    if settings.trusted_proxies:
        # The address and scheme only: the Host header is the one the proxy passed on.
        hops = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    secure(app, production=settings.production)
    add_template_helpers(app)
    close_reads_after_each_request(app)
    answer_outages(app)
    for blueprint in (health.blueprint, report.blueprint, follow_up.blueprint, sign_in.blueprint,
                      dashboard.blueprint, report_page.blueprint, admin.blueprint,
                      learning_page.blueprint, dashboard_learning.blueprint, training.blueprint,
                      preferences.blueprint, dashboard_bulletins.blueprint, themes.blueprint,
                      learning_log.blueprint, actions.blueprint, reviews.blueprint,
                      one_click.blueprint, evaluation.blueprint):
        app.register_blueprint(blueprint)
    web_blueprints = set(app.blueprints)
    limit_rates(app, settings.rate_limit_storage_uri)
    _attach_chat_platforms(app, services)
    _attach_nugget_renderings(services)
    # Chat endpoints prove who is calling with a signature or token, not a browser session.
    for name in set(app.blueprints) - web_blueprints:
        csrf.exempt(app.blueprints[name])
    return app


def _attach_chat_platforms(app: Flask, services: Services) -> None:
    """Each configured platform adds its endpoint to the app and hands back its messenger
    (email has no endpoint: its one-click links are a web page, registered with the rest)."""
    if services.settings.slack_enabled:
        from bot.slack import attach as attach_slack

        services.messengers[Platform.SLACK] = attach_slack(app, services)
    if services.settings.teams_enabled:
        from bot.teams import attach as attach_teams

        services.messengers[Platform.TEAMS] = attach_teams(app, services)
    if services.settings.mail_enabled:
        from bot.mail import attach as attach_mail

        services.messengers[Platform.EMAIL] = attach_mail(services.settings)


def _attach_nugget_renderings(services: Services) -> None:
    from bot.slack.nugget_message import nugget_message
    from bot.teams.nugget_card import nugget_card

    services.nugget_renderings.update(slack=nugget_message, teams=nugget_card)


def _settings_or_exit(defaults: Mapping[str, str] | None = None) -> Settings:
    """Settings from the environment (and .env); a bad one stops start-up with one clear line.

    `defaults` fill only what the environment leaves unset (the demo partnership's name)."""
    load_dotenv(os.path.join(os.getcwd(), ".env"))
    try:
        return load_settings({**(defaults or {}), **os.environ})
    except SettingsError as problem:
        raise SystemExit(f"learnloop: cannot start: {problem}") from None


@click.group()
def main() -> None:
    """LearnLoop: blame-free near-miss reporting and learning for safeguarding partnerships."""
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    # APScheduler logs every job it adds and every run at INFO ("Adding job tentatively",
    # "Running job"): noise to an operator. Its warnings (a missed run) still show.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


@main.command()
@click.option("--demo", is_flag=True, help="Seed a demo partnership and print local sign-ins.")
@click.option("--port", type=click.IntRange(1, 65535), default=None,
              show_default="$PORT or 8000")
@click.option("--host", default="127.0.0.1", show_default=True)
def serve(demo: bool, port: int | None, host: str) -> None:
    """Run the web app with the clock in the same process."""
    from forms.serving import CannotListen, chosen_port, listening_server
    from jobs.leadership import in_background, lead_when_possible
    from learning.demo import DEMO_SETTINGS
    from storage import schema

    try:
        port = chosen_port(port, os.environ.get("PORT"))
        app = create_app(_settings_or_exit(DEMO_SETTINGS if demo else None))
        services: Services = app.extensions["learnloop"]
        if services.settings.is_embedded_database:
            schema.upgrade(services.database)
        if demo:
            _print_demo_sign_in(services)
        server = listening_server(app, host=host, port=port)
    except CannotListen as problem:
        raise SystemExit(f"learnloop: cannot start: {problem}") from None
    _say_how_to_add_the_first_account(services.database)
    clock, stop_clock = in_background(lambda stop: lead_when_possible(
        services.settings, services.database, services.messengers, stop=stop))
    click.echo(f"LearnLoop is listening on http://{host}:{port}/ (Ctrl+C stops it)")
    try:
        server.run()
    finally:
        stop_clock.set()
        clock.join(timeout=30)
        services.background.shutdown()


def _print_demo_sign_in(services: Services) -> None:
    from learning.demo import seed_demo

    sign_in = seed_demo(services.database, services.settings, now=datetime.now(UTC))
    if sign_in.seeded_now:
        click.echo("Seeded the Riverside demo partnership: agencies, people, a month of reports.")
    click.echo(f"Demo learning-lead sign-in: {sign_in.email}  password: {sign_in.password}")
    click.echo(f"Demo admin sign-in: {sign_in.admin_email}  password: {sign_in.admin_password}")


@main.command()
def clock() -> None:
    """Run the scheduled work (nudges, digests, reminders) as its own process.

    Two may run: one leads, the other stands by and takes over if the leader dies.
    """
    from jobs.leadership import lead_when_possible

    # The app is built only for its services: the same messengers the web app sends with.
    services: Services = create_app().extensions["learnloop"]
    _say_how_to_add_the_first_account(services.database)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        if not lead_when_possible(services.settings, services.database, services.messengers,
                                  stop=stop):
            sys.exit(1)  # no longer the leader: let the supervisor start a standby
    except KeyboardInterrupt:
        stop.set()


@main.group()
def db() -> None:
    """Database schema."""


@db.command()
def upgrade() -> None:
    """Bring the database schema up to date."""
    settings = _settings_or_exit()
    from storage import schema

    schema.upgrade(Database(settings.database_url))
    click.echo("Database schema is up to date.")


@main.command()
def demo() -> None:
    """Seed the demo partnership (once) and print the demo sign-ins."""
    from learning.demo import DEMO_SETTINGS

    settings = _settings_or_exit(DEMO_SETTINGS)
    from storage import schema

    database = Database(settings.database_url)
    schema.upgrade(database)
    _print_demo_sign_in(Services(settings=settings, database=database))


def _say_how_to_add_the_first_account(database: Database) -> None:
    from forms.serving import first_account_advice

    if advice := first_account_advice(database):
        click.echo(advice)


for group in (users, teams, training):
    main.add_command(group)


if __name__ == "__main__":
    main()
