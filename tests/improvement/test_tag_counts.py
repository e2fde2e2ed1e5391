"""The counts the themes page reads stay those of the reports: after classifying, classifying
again, renaming and folding themes they equal a recount from the reports themselves; a view no
kept count covers is counted from the reports; and upgrading counts the reports already kept."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import MetaData, Table, insert, select

from learning.improvement import themes as vocabulary
from learning.improvement.clusters import Period, themes_picture
from learning.people.directory import agencies_with_ids
from learning.reports import triage
from learning.reports.tags import recount_every_report
from storage import schema
from storage.database import Database
from storage.models.themes import TagCount, Theme
from storage.vocabulary import ReportKind
from tests.improvement.reports import classified
from tests.people import an_account, an_agency, load_account

LONDON = ZoneInfo("Europe/London")
PERIOD = Period(first=date(2026, 9, 1), last=date(2026, 11, 1))


def kept_counts(database) -> dict[tuple, int]:
    with database.unit_of_work() as uow:
        return {(c.dimension, c.value, c.month, c.scope_agency_id, c.agency_id): c.reports
                for c in uow.session.scalars(select(TagCount)) if c.reports}


def recounted(database) -> dict[tuple, int]:
    """What the counts would be if built afresh from the reports (rolled back after)."""
    with database.unit_of_work() as uow:
        recount_every_report(uow.session)
        found = {(c.dimension, c.value, c.month, c.scope_agency_id, c.agency_id): c.reports
                 for c in uow.session.scalars(select(TagCount))}
        uow.session.rollback()
    return found


def reclassify(database, lead_id, reference, *, themes, factors, agencies):
    with database.unit_of_work() as uow:
        report = triage.find_report(uow.session, reference)
        triage.classify(uow.session, report, by=load_account(uow.session, lead_id),
                        now=datetime(2026, 11, 30, tzinfo=UTC), kind=ReportKind.NEAR_MISS,
                        themes=themes, contributing_factors=factors,
                        agencies=agencies_with_ids(uow.session, agencies))
        uow.commit()


def test_counts_follow_every_change_to_a_reports_tags(database, settings):
    police, school = an_agency(database, "Riverside Police"), an_agency(database, "Meadowbank")
    lead = an_account(database, "lead@riverside.example", "learning_lead")
    admin = an_account(database, "admin@riverside.example", "admin")
    first = classified(database, settings, lead, on=date(2026, 9, 3), themes=["neglect"],
                       factors=["recording"], agencies=[police, school])
    classified(database, settings, lead, on=date(2026, 10, 31), themes=["bruising", "neglect"],
               factors=[], agencies=[school])
    counts = kept_counts(database)
    assert counts[("theme", "neglect", date(2026, 9, 1), 0, 0)] == 1
    assert counts[("theme", "neglect", date(2026, 9, 1), police, school)] == 1
    assert counts[("theme", "neglect", date(2026, 10, 1), school, school)] == 1
    assert counts == recounted(database)

    reclassify(database, lead, first, themes=["bruising"], factors=["supervision"],
               agencies=[police])
    assert ("theme", "neglect", date(2026, 9, 1), 0, 0) not in kept_counts(database)
    assert kept_counts(database) == recounted(database)

    with database.unit_of_work() as uow:
        by = load_account(uow.session, admin)
        bruising = uow.session.scalar(select(Theme.id).where(Theme.name == "bruising"))
        neglect = uow.session.scalar(select(Theme.id).where(Theme.name == "neglect"))
        vocabulary.accept_proposal(uow, by=by, theme_id=neglect)
        vocabulary.merge_theme(uow, by=by, theme_id=bruising, into_id=neglect)
    counts = kept_counts(database)
    # The October report had both: folded together it is one report with "neglect", not two.
    assert counts[("theme", "neglect", date(2026, 10, 1), 0, 0)] == 1
    assert not [key for key in counts if key[1] == "bruising"]
    assert counts == recounted(database)


def test_a_view_no_kept_count_covers_is_counted_from_the_reports(database, settings):
    police, school = an_agency(database, "Riverside Police"), an_agency(database, "Meadowbank")
    lead = an_account(database, "lead@riverside.example", "learning_lead")
    police_lead = an_account(database, "police.lead@riverside.example", "agency_lead",
                             "Riverside Police")
    classified(database, settings, lead, on=date(2026, 9, 3), themes=["neglect"],
               agencies=[police, school])
    classified(database, settings, lead, on=date(2026, 9, 4), themes=["bruising"],
               agencies=[police])
    classified(database, settings, lead, on=date(2026, 9, 5), themes=["self-harm"],
               agencies=[school])
    with database.unit_of_work() as uow:
        # The police lead, filtered to the school: the reports the two agencies share.
        themes = themes_picture(uow.session, load_account(uow.session, police_lead), PERIOD,
                                timezone=LONDON, agency_id=school).themes
    assert themes.totals == {"neglect": 1}
    assert themes.by_agency == {("neglect", police): 1, ("neglect", school): 1}


def test_upgrading_counts_the_reports_already_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("TIMEZONE", "Europe/London")
    database = Database(f"sqlite:///{tmp_path / 'old.db'}")
    schema.upgrade(database, "0020_evaluation")
    # 23:30 UTC on 30 September is 00:30 on 1 October in London (summer time): October.
    october_night = datetime(2026, 9, 30, 23, 30, tzinfo=UTC)
    with database.engine.begin() as connection:
        reports = Table("reports", MetaData(), autoload_with=connection)
        agencies = Table("agencies", MetaData(), autoload_with=connection)
        links = Table("report_agencies", MetaData(), autoload_with=connection)
        connection.execute(insert(agencies).values(id=1, name="Riverside Police",
                                                   agency_type="police", active=True,
                                                   created_at=october_night))
        connection.execute(insert(reports).values(
            id=1, reference="LL-AAAA-1111", kind="near_miss", what_happened="Astray.",
            setting="other", potential_severity="low", immediate_risk=False,
            child_died_or_seriously_harmed=False, abuse_or_neglect_suspected=False,
            looked_after_child_died=False, identity_mode="anonymous", channel="web",
            status="new", urgent=False, notifiable=False, personal_details={},
            themes=["neglect"], contributing_factors=["recording"],
            submitted_at=october_night, acknowledgement_due=date(2026, 10, 2),
            updated_at=october_night, share_in_bulletin=False))
        connection.execute(insert(links).values(report_id=1, agency_id=1))
    schema.upgrade(database)
    october = date(2026, 10, 1)
    assert kept_counts(database) == {
        (dimension, value, october, scope, agency): 1
        for dimension, value in (("theme", "neglect"), ("factor", "recording"))
        for scope in (0, 1) for agency in (0, 1)}
    database.dispose()
