"""Prior learning on a report's themes: earlier closed reports and what changed because of them."""

from datetime import date

from learning.improvement.prior_learning import prior_learning
from learning.reports.triage import find_report
from tests.improvement.reports import classified
from tests.people import an_account, an_agency, load_account


def test_a_new_report_shows_earlier_learning_on_its_themes_masked_and_scoped(database, settings):
    police, school = an_agency(database, "Riverside Police"), an_agency(database, "Meadowbank")
    lead = an_account(database, "lead@riverside.example", "learning_lead")
    school_lead = an_account(database, "school.lead@riverside.example", "agency_lead",
                             "Meadowbank")
    earlier = classified(database, settings, lead, on=date(2026, 3, 2), themes=["bruising"],
                         agencies=[police], learning="Locums need the protocol at induction.",
                         closed_with="We added the bruising protocol to induction. Ring "
                                     "07911 123456 with questions.")
    classified(database, settings, lead, on=date(2026, 4, 2), themes=["neglect"],
               agencies=[police], closed_with="A different theme: not shown.")
    classified(database, settings, lead, on=date(2026, 5, 2), themes=["bruising"],
               agencies=[police])  # still open: no outcome yet
    new = classified(database, settings, lead, on=date(2026, 11, 2), themes=["bruising", "sleep"],
                     agencies=[police, school])
    with database.unit_of_work() as uow:
        report = find_report(uow.session, new)
        found = prior_learning(uow.session, report, load_account(uow.session, lead))
        assert [(p.reference, p.shared_themes) for p in found] == [(earlier, ("bruising",))]
        assert "We added the bruising protocol to induction" in found[0].you_said_we_did
        assert "07911 123456" not in found[0].you_said_we_did
        assert found[0].learning == "Locums need the protocol at induction."
        # The school's lead may open the new report, but not the police-only earlier one.
        assert prior_learning(uow.session, report, load_account(uow.session, school_lead)) == []


def test_a_report_without_themes_has_no_prior_learning(database, settings):
    lead = an_account(database, "lead@riverside.example", "learning_lead")
    classified(database, settings, lead, on=date(2026, 3, 2), themes=["bruising"],
               closed_with="We changed the protocol.")
    new = classified(database, settings, lead, on=date(2026, 11, 2))
    with database.unit_of_work() as uow:
        report = find_report(uow.session, new)
        assert prior_learning(uow.session, report, load_account(uow.session, lead)) == []
