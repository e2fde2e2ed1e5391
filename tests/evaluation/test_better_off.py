"""Is anyone better off, and the Kirkpatrick levels it is rolled up from: a nugget, a bulletin
and a course sent this quarter, with the answers people gave, counted by hand."""

from datetime import date

import pytest

from learning.evaluation.kirkpatrick import (
    Share,
    bulletin_levels,
    course_levels,
    nugget_levels,
)
from learning.reports.access import NotAllowed
from storage.models.evaluation import Pulse, PulseAnswer, ReportAgain, ReporterFeedback
from storage.models.nudges import Bulletin, BulletinState, DeliveryKind, Nugget, NuggetState
from storage.models.training import Booking, Course, TrainingEvent
from tests.evaluation.seed import a_delivery, a_person, card, made, noon, row, rows
from tests.improvement.reports import classified
from tests.people import an_account, an_agency, load_account

D = DeliveryKind


@pytest.fixture
def learning(database, settings):
    police, school = an_agency(database, "Riverside Police"), an_agency(database, "Meadowbank")
    lead = an_account(database, "lead@riverside.example", "learning_lead")
    police_lead = an_account(database, "police.lead@riverside.example", "agency_lead",
                             "Riverside Police")
    with database.unit_of_work() as uow:
        s = uow.session
        p = [a_person(s, f"Police{n}", police) for n in range(1, 7)]
        m = [a_person(s, f"School{n}", school) for n in range(1, 3)]
        nugget = Nugget(title="Invitations to strategy discussions", what_happened="…",
                        themes=["neglect"], state=NuggetState.SENT,
                        first_sent_at=noon(date(2026, 10, 15)), check_question="Where?",
                        check_options=["Named inbox", "Shared mailbox"], check_answer=0)
        older = Nugget(title="Bruising in babies", what_happened="…", state=NuggetState.SENT,
                       first_sent_at=noon(date(2026, 8, 1)))
        bulletin = Bulletin(period_start=date(2026, 10, 1), period_end=date(2026, 10, 31),
                            title="October's learning", state=BulletinState.SENT,
                            sent_at=noon(date(2026, 11, 1)))
        course = Course(name="Level 3 safeguarding", refresh_months=36)
        s.add_all([nugget, older, bulletin, course])
        s.flush()
        event = TrainingEvent(title="Level 3", starts_at=noon(date(2026, 11, 20)),
                              location="Town hall", course_id=course.id)
        s.add(event)
        s.flush()
        item = f"nugget:{nugget.id}"
        # Level 1: useful said by 4 (3 yes). Level 2: answered by 5 (3 right first time).
        for person, answers in zip(p + m, [
                {"useful": True, "check_correct": True}, {"useful": True, "check_correct": False},
                {"useful": False, "check_correct": False}, {}, {}, {},
                {"useful": True, "check_correct": True}, {"check_correct": True}], strict=True):
            a_delivery(s, D.NUGGET, item, person, sent=date(2026, 10, 15), **answers)
        # Asked again after a wrong answer: one of two right.
        a_delivery(s, D.NUGGET_RECHECK, item, p[1], sent=date(2026, 10, 22),
                   occasion="recheck:1", check_correct=True)
        a_delivery(s, D.NUGGET_RECHECK, item, p[2], sent=date(2026, 10, 22),
                   occasion="recheck:1", check_correct=False)
        a_delivery(s, D.NUGGET, f"nugget:{older.id}", p[0], sent=date(2026, 8, 1))
        a_delivery(s, D.NUGGET, item, p[5], sent=None, occasion="again")  # failed: not counted
        for person, useful in zip(p[:4], [True, False, None, None], strict=True):
            a_delivery(s, D.BULLETIN, f"bulletin:{bulletin.id}", person,
                       sent=date(2026, 11, 1), useful=useful)
        a_delivery(s, D.TRAINING_REMINDER, f"course:{course.id}", m[1], sent=date(2026, 11, 2))
        # A course: three came (two said useful, one did not say); one booked but absent.
        for person, attended, useful in [(p[0], True, True), (p[1], True, True),
                                         (p[2], True, None), (p[3], False, True)]:
            s.add(Booking(event_id=event.id, person_id=person.id, attended=attended,
                          useful=useful))
        # Level 3: "yes" 3, "not yet" 1, "not relevant" 1, one not answered.
        for person, answer, about in [(p[0], PulseAnswer.YES, item),
                                      (p[1], PulseAnswer.YES, item),
                                      (p[2], PulseAnswer.NOT_YET, item),
                                      (p[3], PulseAnswer.NOT_RELEVANT, item),
                                      (p[4], None, item),
                                      (m[0], PulseAnswer.YES, f"bulletin:{bulletin.id}")]:
            s.add(Pulse(item=about, person_id=person.id, due_on=date(2026, 12, 1),
                        nugget_id=nugget.id if about == item else None,
                        bulletin_id=None if about == item else bulletin.id,
                        answer=answer, answered_at=noon(date(2026, 12, 2)) if answer else None))
        uow.commit()
        ids = {"nugget": nugget.id, "bulletin": bulletin.id, "course": course.id}
    # Level 4: "neglect" reported 1, 2 and 3 times in Jul, Aug, Sep; 1, 0, 2 in Nov, Dec, Jan.
    for on in [date(2026, 7, 6), date(2026, 8, 3), date(2026, 8, 4), date(2026, 9, 1),
               date(2026, 9, 2), date(2026, 9, 3), date(2026, 10, 20), date(2026, 11, 9),
               date(2027, 1, 11), date(2027, 1, 12)]:
        classified(database, settings, lead, on=on, themes=["neglect"], agencies=[school])
    # Reporters asked after "you said, we did": two of three would report again.
    answered = [made(database, settings, lead, on=date(2026, 12, 1), agencies=[police])
                for _ in range(3)]
    with database.unit_of_work() as uow:
        for report_id, answer in zip(answered, [ReportAgain.YES, ReportAgain.YES,
                                                ReportAgain.NOT_SURE], strict=True):
            uow.session.add(ReporterFeedback(report_id=report_id, would_report_again=answer,
                                             answered_at=noon(date(2026, 12, 20))))
        uow.commit()
    return {**ids, "lead": lead, "police_lead": police_lead, "police": police,
            "school": school}


def test_learning_delivered_and_people_reached(database, settings, learning):
    found = card(database, settings, learning["lead"])
    assert rows(found, "learning_delivered") == {
        "Learning nuggets": (8, 1), "Learning bulletins": (4, 0), "Training reminders": (1, 0)}
    assert rows(found, "people_reached") == {"People": (8, 1)}


def test_recipients_who_found_it_useful(database, settings, learning):
    useful = rows(card(database, settings, learning["lead"]), "found_useful")
    assert useful == {"Learning nuggets": (75.0, None), "Learning bulletins": (50.0, None),
                      "Courses": (100.0, None)}


def test_check_questions_right_first_time_and_after_the_reask(database, settings, learning):
    checks = rows(card(database, settings, learning["lead"]), "check_right")
    assert checks == {"Right first time": (60.0, None), "Right when asked again": (50.0, None)}


def test_staff_who_used_it_in_practice_leave_not_relevant_apart(database, settings,
                                                                learning):
    found = card(database, settings, learning["lead"])
    used = row(found, "used_in_practice", "Used it in practice")
    assert (used.value, used.out_of) == (75.0, 4)  # 3 yes of 3 yes and 1 not yet
    apart = row(found, "used_in_practice", "Said it was not relevant to their work")
    assert (apart.value, apart.out_of) == (20.0, 5)


def test_reporters_who_would_report_again(database, settings, learning):
    again = row(card(database, settings, learning["lead"]), "would_report_again", "Reporters")
    assert (again.value, again.out_of, again.previous) == (66.7, 3, None)


def test_a_themes_report_rate_before_and_after_its_learning(database, settings, learning):
    found = card(database, settings, learning["lead"])
    figure = next(f for f in found.figures if f.key == "theme_report_rates")
    assert figure.compared_with == "the 3 months before the learning went out"
    neglect = row(found, "theme_report_rates", "neglect")
    # After: Nov, Dec, Jan (3 reports in 3 months); before: Jul, Aug, Sep (6 in 3).
    assert (neglect.value, neglect.out_of, neglect.previous, neglect.previous_out_of) == (
        1.0, 3, 2.0, 6)
    # In mid-December only November has ended since it went out.
    early = card(database, settings, learning["lead"], today=date(2026, 12, 10))
    neglect = row(early, "theme_report_rates", "neglect")
    assert (neglect.value, neglect.out_of) == (1.0, 1)


def test_a_nuggets_four_levels(database, settings, learning):
    with database.unit_of_work() as uow:
        levels = nugget_levels(uow, learning["nugget"], settings=settings,
                               by=load_account(uow.session, learning["lead"]),
                               today=date(2027, 2, 10))
    assert levels.reaction == Share(3, 4)
    assert (levels.right_first_time, levels.right_after_reask) == (Share(3, 5), Share(1, 2))
    assert (levels.used_in_practice, levels.not_relevant) == (Share(2, 3), 1)  # not the bulletin's
    [neglect] = levels.results
    assert (neglect.before_a_month, neglect.after_a_month) == (2.0, 1.0)
    assert levels.learning.sent_on == date(2026, 10, 15)


def test_a_bulletins_and_a_courses_levels(database, settings, learning):
    with database.unit_of_work() as uow:
        lead = load_account(uow.session, learning["lead"])
        bulletin = bulletin_levels(uow, learning["bulletin"], by=lead, settings=settings)
        course = course_levels(uow, learning["course"], by=lead, settings=settings)
    assert (bulletin.reaction, bulletin.used_in_practice) == (Share(1, 2), Share(1, 1))
    assert bulletin.right_first_time is None and bulletin.results == ()
    assert course.reaction == Share(2, 2)
    assert course.learning.title == "Level 3 safeguarding"


def test_an_agency_lead_sees_their_own_agencys_answers(database, settings, learning):
    found = card(database, settings, learning["police_lead"])
    assert found.agency == "Riverside Police"
    # School1 (useful, right first time) and School2 (right) are another agency's people.
    assert rows(found, "found_useful")["Learning nuggets"] == (66.7, None)
    assert rows(found, "check_right")["Right first time"] == (33.3, None)
    assert rows(found, "people_reached") == {"People": (6, 1)}
    # The theme's reports were all the school's.
    assert rows(found, "theme_report_rates") == {"neglect": (0.0, 0.0)}
    with database.unit_of_work() as uow:
        police_lead = load_account(uow.session, learning["police_lead"])
        levels = nugget_levels(uow, learning["nugget"], by=police_lead, settings=settings)
        assert levels.reaction == Share(2, 3)
        with pytest.raises(NotAllowed):
            nugget_levels(uow, learning["nugget"], by=police_lead, settings=settings,
                          agency_id=learning["school"])
