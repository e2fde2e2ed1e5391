"""The cluster detector on data where the answer is known, and signals as the clock keeps them."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from learning.improvement.signal_decisions import (
    SignalRefused,
    accept_signal,
    detect_signals,
    dismiss_signal,
    signals_for,
)
from learning.improvement.signals import Counted, find_clusters, poisson_at_least
from learning.reports.access import NotAllowed
from storage.models.nudges import Delivery, DeliveryKind, LearningGroupChannel
from storage.models.themes import Signal, SignalKind, SignalState
from storage.vocabulary import Platform
from tests.improvement.reports import classified
from tests.people import an_account, an_agency, load_account

TODAY = date(2026, 11, 30)


def steady_year(themes=("neglect", "information sharing"), per_window=2, agencies=(1, 2)):
    """Thirteen 30-day windows, each with the same few reports per theme: nothing changes."""
    reports, n = [], 0
    for window in range(13):
        for theme in themes:
            for k in range(per_window):
                n += 1
                reports.append(Counted(n, TODAY - timedelta(days=30 * window + 3 + 7 * k),
                                       (theme,), ("recording",), (agencies[n % len(agencies)],)))
    return reports


def test_the_poisson_tail_is_the_known_value():
    # P(X >= 5 | mean 0.5) = 1 - e^-0.5 (1 + 0.5 + 0.125 + 0.0208 + 0.0026) = 0.000172
    assert poisson_at_least(5, 0.5) == pytest.approx(0.000172116, rel=1e-5)
    assert poisson_at_least(0, 3.0) == 1.0
    assert poisson_at_least(3, 3.0) == pytest.approx(0.576810, rel=1e-5)
    assert 0 < poisson_at_least(60, 2.0) < 1e-40  # a tiny tail keeps its precision


def test_a_quiet_year_raises_nothing():
    assert find_clusters(steady_year(), today=TODAY) == []


def test_a_planted_spike_in_one_theme_is_found_and_nothing_else():
    spike = [Counted(1000 + k, TODAY - timedelta(days=k * 3), ("bruising",), (), (1,))
             for k in range(7)]
    usual = [Counted(2000 + m, TODAY - timedelta(days=40 + 30 * m), ("bruising",), (), (1,))
             for m in range(12)]
    found = find_clusters(steady_year() + spike + usual, today=TODAY)
    assert [(c.kind, c.subject, c.observed) for c in found] == [
        (SignalKind.RISING_THEME, "bruising", 7)]
    assert found[0].expected == 1.0 and found[0].p_value < 0.01
    assert found[0].report_ids == tuple(range(1000, 1007))
    assert "one-sided Poisson test" in found[0].statistic


def test_a_rise_too_small_to_be_sure_of_is_not_a_signal():
    # Four reports against a usual one: p = 0.019, and fewer than five reports anyway.
    rise = [Counted(1000 + k, TODAY - timedelta(days=k), ("bruising",), (), (1,))
            for k in range(4)]
    usual = [Counted(2000 + m, TODAY - timedelta(days=40 + 30 * m), ("bruising",), (), (1,))
             for m in range(12)]
    assert find_clusters(steady_year() + rise + usual, today=TODAY) == []


def test_a_rising_contributing_factor_is_found():
    rise = [Counted(1000 + k, TODAY - timedelta(days=k), (), ("supervision",), (1,))
            for k in range(6)]
    found = find_clusters(steady_year(per_window=3) + rise, today=TODAY)
    assert [(c.kind, c.subject) for c in found] == [(SignalKind.RISING_FACTOR, "supervision")]


def test_one_theme_in_three_agencies_within_30_days_is_found():
    spread = [Counted(1000 + a, TODAY - timedelta(days=(a - 3) * 9), ("missed appointments",), (),
                      (a,))
              for a in (3, 4, 5)]
    found = find_clusters(steady_year() + spread, today=TODAY)
    assert [(c.kind, c.subject, c.agency_ids) for c in found] == [
        (SignalKind.ACROSS_AGENCIES, "missed appointments", (3, 4, 5))]


def test_the_same_theme_in_three_agencies_over_more_than_30_days_is_not():
    spread = [Counted(1000 + a, TODAY - timedelta(days=a * 12), ("missed appointments",), (), (a,))
              for a in (1, 2, 3)]
    assert find_clusters(steady_year() + spread, today=TODAY) == []


@pytest.fixture
def lead_id(database):
    return an_account(database, "lead@riverside.example", "learning_lead")


def spread_across_agencies(database, settings, lead_id):
    agencies = [an_agency(database, name) for name in ("Police", "School", "Health visiting")]
    for days, agency in zip((2, 9, 16), agencies, strict=True):
        classified(database, settings, lead_id, on=TODAY - timedelta(days=days),
                   themes=["Missed appointments"], agencies=[agency])
    return agencies


def test_the_clock_keeps_each_cluster_once_and_tells_the_learning_channel(database, settings,
                                                                          lead_id):
    spread_across_agencies(database, settings, lead_id)
    with database.unit_of_work() as uow:
        uow.session.add(LearningGroupChannel(platform=Platform.SLACK,
                                             address={"channel": "C0LEARN"}))
        uow.commit()
    now = datetime(2026, 11, 30, 6, 15, tzinfo=UTC)
    for day in range(3):  # the daily job, three mornings running
        with database.unit_of_work() as uow:
            added = detect_signals(uow.session, settings, now=now + timedelta(days=day))
            uow.commit()
        assert added == (1 if day == 0 else 0)
    with database.unit_of_work() as uow:
        signal = uow.session.scalar(select(Signal))
        assert (signal.kind, signal.subject, signal.state) == (
            SignalKind.ACROSS_AGENCIES, "missed appointments", SignalState.NEW)
        posts = uow.session.scalars(select(Delivery).where(
            Delivery.kind == DeliveryKind.SIGNAL)).all()
        assert [(p.recipient, p.item) for p in posts] == [("channel:slack:C0LEARN",
                                                           f"signal:{signal.id}")]
        text = posts[0].payload["text"]
        assert "missed appointments" in text and "3 agencies" in text
        assert "invitation" not in text  # never the reports' own words


def test_good_practice_reports_are_not_counted(database, settings, lead_id):
    agencies = [an_agency(database, name) for name in ("Police", "School", "Health visiting")]
    for days, agency in zip((2, 9, 16), agencies, strict=True):
        classified(database, settings, lead_id, on=TODAY - timedelta(days=days),
                   themes=["voice of the child"], agencies=[agency], kind="good_practice")
    with database.unit_of_work() as uow:
        assert detect_signals(uow.session, settings, now=datetime(2026, 11, 30, 7, tzinfo=UTC)) == 0


def a_signal(database, settings, lead_id) -> int:
    spread_across_agencies(database, settings, lead_id)
    with database.unit_of_work() as uow:
        detect_signals(uow.session, settings, now=datetime(2026, 11, 30, 7, tzinfo=UTC))
        uow.commit()
        return uow.session.scalar(select(Signal.id))


def test_a_lead_accepts_a_signal_saying_what_it_opened(database, settings, lead_id):
    signal_id = a_signal(database, settings, lead_id)
    now = datetime(2026, 11, 30, 10, tzinfo=UTC)
    with database.unit_of_work() as uow:
        lead = load_account(uow.session, lead_id)
        with pytest.raises(SignalRefused, match="what accepting it opens"):
            accept_signal(uow, by=lead, signal_id=signal_id, accepted_as="  ", now=now)
        accept_signal(uow, by=lead, signal_id=signal_id, now=now,
                      accepted_as="Multi-agency audit of missed health appointments")
    with database.unit_of_work() as uow:
        signal = uow.session.get(Signal, signal_id)
        assert signal.state is SignalState.ACCEPTED and signal.decided_by == lead_id
        assert signal.accepted_as == "Multi-agency audit of missed health appointments"
        with pytest.raises(SignalRefused, match="already been decided"):
            dismiss_signal(uow, by=load_account(uow.session, lead_id), signal_id=signal_id,
                           reason="Seen before", now=now)


def test_a_dismissal_needs_a_reason_and_agency_leads_cannot_decide(database, settings, lead_id):
    signal_id = a_signal(database, settings, lead_id)
    agency_lead = an_account(database, "police.lead@riverside.example", "agency_lead", "Police")
    now = datetime(2026, 11, 30, 10, tzinfo=UTC)
    with database.unit_of_work() as uow:
        with pytest.raises(SignalRefused, match="Give the reason"):
            dismiss_signal(uow, by=load_account(uow.session, lead_id), signal_id=signal_id,
                           reason="", now=now)
        with pytest.raises(NotAllowed):
            dismiss_signal(uow, by=load_account(uow.session, agency_lead), signal_id=signal_id,
                           reason="Not ours", now=now)
        assert signals_for(uow.session, load_account(uow.session, agency_lead)) == []
        dismiss_signal(uow, by=load_account(uow.session, lead_id), signal_id=signal_id,
                       reason="Three unrelated families; already in the audit plan", now=now)
    with database.unit_of_work() as uow:
        rows = signals_for(uow.session, load_account(uow.session, lead_id))
        assert [(r.signal.state, len(r.references)) for r in rows] == [(SignalState.DISMISSED, 3)]


def test_new_signals_come_first_newest_first_then_only_the_latest_decided(database, lead_id):
    start = datetime(2026, 11, 1, 7, tzinfo=UTC)
    with database.unit_of_work() as uow:
        for n in range(14):
            decided = n < 12
            uow.session.add(Signal(
                kind=SignalKind.RISING_THEME, subject=f"theme {n}", window_start=TODAY,
                window_end=TODAY, observed=5, statistic="a test",
                found_at=start + timedelta(days=n),
                state=SignalState.DISMISSED if decided else SignalState.NEW,
                dismissed_reason="Not a cluster" if decided else None,
                decided_at=start + timedelta(days=20 - n) if decided else None))
        uow.commit()
    with database.unit_of_work() as uow:
        rows = signals_for(uow.session, load_account(uow.session, lead_id))
    # The two new ones (found last), newest first; then the ten most recently decided, of 12.
    assert [r.signal.subject for r in rows] == [
        "theme 13", "theme 12", *(f"theme {n}" for n in range(10))]
