"""The theme vocabulary: one name per theme, wherever a theme is stored."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, text

from learning.improvement import themes as vocabulary
from learning.improvement.themes import ThemeError
from learning.nudges.nugget_writing import NuggetDraft, save_nugget
from learning.reports import triage
from learning.reports.access import NotAllowed
from learning.reports.queue import QueueFilters, queue
from learning.reports.routing import add_rule
from learning.reports.triage import TransitionRefused, find_report
from storage import schema
from storage.database import Database
from storage.models import Report, RoutingRule
from storage.models.nudges import Nugget
from storage.models.themes import Theme, ThemeState
from tests.improvement.reports import classified
from tests.people import an_account, load_account

DAY = date(2026, 11, 20)


@pytest.fixture
def people(database):
    return {"lead": an_account(database, "lead@riverside.example", "learning_lead"),
            "admin": an_account(database, "admin@riverside.example", "admin")}


def as_(uow, people, who):
    return load_account(uow.session, people[who])


def themes_of(database, reference):
    with database.unit_of_work() as uow:
        return find_report(uow.session, reference).themes


def a_theme(database, people, name, synonyms=""):
    with database.unit_of_work() as uow:
        return vocabulary.add_theme(uow, by=as_(uow, people, "admin"), name=name,
                                    synonyms=synonyms)


def test_a_synonym_typed_when_classifying_is_kept_as_its_themes_name(database, settings, people):
    a_theme(database, people, "Domestic abuse", synonyms="DV, domestic violence")
    reference = classified(database, settings, people["lead"], on=DAY, themes=["  dv "])
    assert themes_of(database, reference) == ["domestic abuse"]


def test_a_theme_the_vocabulary_lacks_is_proposed_to_the_admins(database, settings, people):
    reference = classified(database, settings, people["lead"], on=DAY, themes=["Neglect toolkit"])
    assert themes_of(database, reference) == ["neglect toolkit"]
    with database.unit_of_work() as uow:
        page = vocabulary.vocabulary(uow.session)
        assert [(t.name, t.proposed_by) for t in page.proposed] == [("neglect toolkit",
                                                                     people["lead"])]
        assert page.current == []


def test_folding_a_proposal_into_a_theme_rewrites_reports_rules_and_nuggets(database, settings,
                                                                           people):
    neglect = a_theme(database, people, "Neglect")
    reference = classified(database, settings, people["lead"], on=DAY,
                           themes=["neglect toolkit", "neglect"])
    with database.unit_of_work() as uow:
        add_rule(uow, by=as_(uow, people, "admin"), name="Neglect", platform="slack",
                 destination="C0NEGLECT", kinds=[], agency_ids=[], themes=["neglect toolkit"],
                 urgent_only=False, notifiable_only=False)
        save_nugget(uow.session, NuggetDraft(title="Neglect toolkit", what_happened="Use it early.",
                                             themes=["Neglect toolkit"]),
                    by=as_(uow, people, "lead"))
        uow.commit()
        proposal = uow.session.scalar(select(Theme.id).where(Theme.name == "neglect toolkit"))
        vocabulary.merge_theme(uow, by=as_(uow, people, "admin"), theme_id=proposal,
                               into_id=neglect)
    assert themes_of(database, reference) == ["neglect"]
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(RoutingRule.themes)) == ["neglect"]
        assert uow.session.scalar(select(Nugget.themes)) == ["neglect"]
        assert uow.session.get(Theme, neglect).synonyms == ["neglect toolkit"]
    # Typed again later, the old proposal's words now mean the theme it was folded into.
    again = classified(database, settings, people["lead"], on=DAY, themes=["Neglect Toolkit"])
    assert themes_of(database, again) == ["neglect"]


def test_renaming_rewrites_reports_and_keeps_the_old_name_as_a_synonym(database, settings, people):
    theme_id = a_theme(database, people, "Bruising")
    reference = classified(database, settings, people["lead"], on=DAY, themes=["bruising"])
    with database.unit_of_work() as uow:
        vocabulary.rename_theme(uow, by=as_(uow, people, "admin"), theme_id=theme_id,
                                name="Bruising in non-mobile babies")
    assert themes_of(database, reference) == ["bruising in non-mobile babies"]
    with database.unit_of_work() as uow:
        assert uow.session.get(Theme, theme_id).synonyms == ["bruising"]


def test_a_synonym_already_written_on_reports_is_rewritten_to_its_theme(database, settings,
                                                                       people):
    reference = classified(database, settings, people["lead"], on=DAY, themes=["DV"])
    abuse = a_theme(database, people, "Domestic abuse")
    with database.unit_of_work() as uow:
        proposal = uow.session.scalar(select(Theme.id).where(Theme.name == "dv"))
        with pytest.raises(ThemeError, match="merge the two themes instead"):
            vocabulary.add_synonyms(uow, by=as_(uow, people, "admin"), theme_id=abuse,
                                    synonyms="dv")
        vocabulary.merge_theme(uow, by=as_(uow, people, "admin"), theme_id=proposal,
                               into_id=abuse)
    assert themes_of(database, reference) == ["domestic abuse"]


def test_a_retired_theme_stays_on_its_reports_but_is_not_added_anew(database, settings, people):
    theme_id = a_theme(database, people, "Private fostering")
    kept = classified(database, settings, people["lead"], on=DAY, themes=["private fostering"])
    with database.unit_of_work() as uow:
        vocabulary.retire_theme(uow, by=as_(uow, people, "admin"), theme_id=theme_id)
    with pytest.raises(TransitionRefused, match="has been retired"):
        classified(database, settings, people["lead"], on=DAY, themes=["private fostering"])
    with database.unit_of_work() as uow:
        report = find_report(uow.session, kept)
        triage.classify(uow.session, report, by=as_(uow, people, "lead"),
                        now=datetime(2026, 11, 21, tzinfo=UTC), kind=report.kind,
                        themes=["private fostering", "neglect"], contributing_factors=[],
                        agencies=[])
        uow.commit()
    assert themes_of(database, kept) == ["neglect", "private fostering"]


def test_names_are_one_each_and_only_admins_change_the_vocabulary(database, people):
    a_theme(database, people, "Neglect", synonyms="neglectful care")
    with database.unit_of_work() as uow:
        for name in ("neglect", "NEGLECTFUL  care", "  "):
            with pytest.raises(ThemeError):
                vocabulary.add_theme(uow, by=as_(uow, people, "admin"), name=name)
        with pytest.raises(NotAllowed):
            vocabulary.add_theme(uow, by=as_(uow, people, "lead"), name="Exploitation")
    with database.unit_of_work() as uow:
        assert uow.session.scalars(select(Theme.name)).all() == ["neglect"]


def test_the_migration_moves_free_text_themes_into_the_vocabulary(tmp_path, settings):
    database = Database(f"sqlite:///{tmp_path / 'before.db'}")
    schema.upgrade(database, "0013_briefings")  # the revision before the vocabulary
    with database.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO routing_rules (name, position, active, kinds, agency_ids, themes, "
            "urgent_only, notifiable_only, platform, address) VALUES ('Health', 0, 1, '[]', "
            "'[]', '[\"Information  Sharing\", \"bruising\"]', 0, 0, 'slack', '{}')"))
    schema.upgrade(database)
    with database.unit_of_work() as uow:
        themes = uow.session.scalars(select(Theme).order_by(Theme.name)).all()
        assert [(t.name, t.state) for t in themes] == [("bruising", ThemeState.ACTIVE),
                                                      ("information sharing", ThemeState.ACTIVE)]
        assert uow.session.scalar(select(RoutingRule.themes)) == ["bruising",
                                                                  "information sharing"]
        assert uow.session.scalar(select(Report.id)) is None
    database.dispose()


def test_the_queue_filtered_by_a_synonym_or_an_old_name_finds_the_themes_reports(
        database, settings, people):
    theme_id = a_theme(database, people, "Domestic abuse", synonyms="DV")
    reference = classified(database, settings, people["lead"], on=DAY, themes=["domestic abuse"])
    other = classified(database, settings, people["lead"], on=DAY, themes=["neglect"])
    with database.unit_of_work() as uow:
        vocabulary.rename_theme(uow, by=as_(uow, people, "admin"), theme_id=theme_id,
                                name="Domestic abuse and coercion")

    def found(theme):
        with database.unit_of_work() as uow:
            page = queue(uow.session, as_(uow, people, "lead"),
                         QueueFilters(status="all", theme=theme), timezone=settings.timezone)
            return [r.reference for r in page.reports]

    assert found("dv") == found(" Domestic Abuse ") == [reference]
    assert found("domestic abuse and coercion") == [reference]
    assert found("neglect") == [other]
    # A theme written with LIKE's wildcards matches only itself.
    assert found("d_") == found("%") == []
