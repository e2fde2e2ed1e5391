"""Teams fixtures: the local Microsoft (`microsoft`), and the app wired to it.

`environ` gets the Teams settings before `settings` is built, so every Teams test runs the
real `create_app` with Teams switched on.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from storage.database import Database
from storage.models import Agency, Person
from storage.vocabulary import AgencyType
from tests.teams.fakes import (
    APP_ID,
    PASSWORD,
    TENANT_ID,
    FakeMicrosoft,
    new_signing_key,
    start_server,
)
from tests.teams.microsoft_validators import MicrosoftValidators, unavailable


@pytest.fixture(scope="session")
def microsoft_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[HTTPServer, Path]]:
    server, ca_path = start_server(tmp_path_factory.mktemp("tls"))
    yield server, ca_path
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture(scope="session")
def validators() -> Iterator[MicrosoftValidators | None]:
    """Microsoft's card and manifest validators (one Node process), or None without Node."""
    if unavailable():
        yield None
        return
    running = MicrosoftValidators()
    yield running
    running.close()


@pytest.fixture
def microsoft_validators(validators: MicrosoftValidators | None) -> MicrosoftValidators:
    """For tests that are about Microsoft's validators: skipped, saying why, without them."""
    if validators is None:
        pytest.skip(unavailable() or "Microsoft's validators are unavailable")
    return validators


@pytest.fixture
def microsoft(microsoft_server, monkeypatch: pytest.MonkeyPatch,
              validators: MicrosoftValidators | None) -> Iterator[FakeMicrosoft]:
    server, ca_path = microsoft_server
    server.clear()
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(ca_path))
    fake = FakeMicrosoft(server=server, keys=[new_signing_key("key-1")])
    fake.install()
    yield fake
    server.clear()
    assert fake.refused == [], f"Teams would refuse what was sent: {fake.refused}"
    if validators is not None:  # every card a test sent, checked by Microsoft's library too
        found = {n: validators.card_problems(c) for n, c in enumerate(fake.every_card())}
        assert not any(found.values()), f"adaptivecards refuses: {found}"


@pytest.fixture
def environ(environ: dict[str, str], microsoft: FakeMicrosoft) -> dict[str, str]:
    return {
        **environ,
        "MICROSOFT_APP_ID": APP_ID,
        "MICROSOFT_APP_PASSWORD": PASSWORD,
        "MICROSOFT_APP_TENANT_ID": TENANT_ID,
        "BOTFRAMEWORK_OPENID_METADATA": microsoft.metadata_url,
        "MICROSOFT_LOGIN_URL": microsoft.url,
        "TEAMS_SERVICE_HOSTS": "127.0.0.1",
        "BASE_URL": "https://learnloop.riverside.example",
        "PARTNERSHIP_NAME": "Riverside Safeguarding Partnership",
    }


@pytest.fixture
def agencies(database: Database) -> dict[str, int]:
    with database.unit_of_work() as uow:
        made = [Agency(name="Riverside Police", agency_type=AgencyType.POLICE),
                Agency(name="Riverside Health Trust", agency_type=AgencyType.HEALTH)]
        uow.session.add_all(made)
        uow.commit()
        return {agency.name: agency.id for agency in made}


@pytest.fixture
def today(settings) -> date:
    """Today where the partnership is: the date rules are checked against."""
    return datetime.now(settings.timezone).date()


@pytest.fixture
def priya(database: Database) -> int:
    """Priya, known to LearnLoop by her work email (not yet by her Teams id)."""
    with database.unit_of_work() as uow:
        person = Person(name="Priya Shah", email="priya.shah@health.example",
                        job_title="Health visitor")
        uow.session.add(person)
        uow.commit()
        return person.id
