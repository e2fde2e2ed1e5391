"""The report card's kept counts of reports follow a report from intake through classifying,
and agree with a count of the reports themselves."""

from collections import Counter
from datetime import date

from sqlalchemy import select

from learning.reports import triage
from storage.models import Agency, Report
from storage.models.evaluation import ReportCount
from storage.vocabulary import ReportKind
from tests.evaluation.seed import card, made, noon, rows
from tests.people import an_account, an_agency, load_account


def kept(database) -> dict:
    with database.unit_of_work() as uow:
        return {(c.day, c.scope_agency_id, c.kind, c.channel): c.reports
                for c in uow.session.scalars(select(ReportCount)) if c.reports}


def recounted(database, settings) -> dict:
    """Each report under everyone (0) and each agency it involves, on the day it was made."""
    counts: Counter = Counter()
    with database.unit_of_work() as uow:
        for report in uow.session.scalars(select(Report)):
            day = report.submitted_at.astimezone(settings.timezone).date()
            for scope in (0, *(a.id for a in report.agencies)):
                counts[(day, scope, report.kind.value, report.channel.value)] += 1
    return dict(counts)


def test_classifying_moves_a_reports_count_to_its_new_kind_and_agencies(database, settings):
    police, school = an_agency(database, "Riverside Police"), an_agency(database, "Meadowbank")
    lead = an_account(database, "lead@riverside.example", "learning_lead")
    first = made(database, settings, lead, on=date(2026, 10, 5), agencies=[police])
    made(database, settings, lead, on=date(2026, 10, 6))
    day = date(2026, 10, 5)
    assert kept(database) == recounted(database, settings) == {
        (day, 0, "near_miss", "web"): 1, (day, police, "near_miss", "web"): 1,
        (date(2026, 10, 6), 0, "near_miss", "web"): 1}

    with database.unit_of_work() as uow:
        report = uow.session.get(Report, first)
        triage.classify(uow.session, report, by=load_account(uow.session, lead),
                        now=noon(date(2026, 10, 7)), kind=ReportKind.GOOD_PRACTICE, themes=[],
                        contributing_factors=[],
                        agencies=[uow.session.get(Agency, police),
                                  uow.session.get(Agency, school)])
        uow.commit()

    assert kept(database) == recounted(database, settings) == {
        (day, 0, "good_practice", "web"): 1, (day, police, "good_practice", "web"): 1,
        (day, school, "good_practice", "web"): 1, (date(2026, 10, 6), 0, "near_miss", "web"): 1}
    found = card(database, settings, lead)
    assert rows(found, "reports_by_kind")["Good practice"] == (1, 0)
    assert rows(found, "reports_by_agency") == {"Meadowbank": (1, 0), "Riverside Police": (1, 0)}
