"""The bare SQL the report card and the Board pack need, written by hand as a competent
engineer would for the same figures, for bench.evaluation's baseline.

One statement per figure family and period (the learning's answers, pulses and theme counts
once for both periods' items), the kept columns and counts read where the schema has them
(`reports.acknowledged_at`, `tag_counts`), plain GROUP BYs the database answers in full:
nothing here re-states how LearnLoop happens to phrase a query.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from learning.evaluation.figures import Period
from learning.evaluation.periods import previous

ZONE = "Europe/London"
SENT_ITEMS = ("SELECT 'nugget:' || id FROM nuggets WHERE first_sent_at >= :since"
              " AND first_sent_at < :until UNION ALL SELECT 'bulletin:' || id FROM bulletins"
              " WHERE sent_at >= :since AND sent_at < :until")
DELIVERED = ("FROM deliveries WHERE state = 'sent' AND kind IN ('nugget', 'bulletin',"
             " 'training_reminder', 'training_event') AND sent_at >= :start AND sent_at < :end")


def statements(dialect: str, *, pack: bool) -> list[tuple[str, str]]:
    """Each run once for the period and once for the period before (`:start`, `:end`,
    `:first_day`, `:last_day`), except those over both (`:since`, `:until`)."""
    pg = dialect == "postgresql"

    def day(column: str) -> str:
        return f"CAST(timezone('{ZONE}', {column}) AS date)" if pg else f"date({column})"

    month = (f"date_trunc('month', timezone('{ZONE}', submitted_at))" if pg
             else "strftime('%Y-%m', submitted_at)")
    each_period = [
        f"SELECT kind, channel, {month}, count(*) FROM reports"
        " WHERE submitted_at >= :start AND submitted_at < :end GROUP BY 1, 2, 3",
        "SELECT a.name, count(*) FROM report_agencies ra JOIN reports r ON r.id = ra.report_id"
        " JOIN agencies a ON a.id = ra.agency_id WHERE r.submitted_at >= :start"
        " AND r.submitted_at < :end GROUP BY a.name ORDER BY a.name",
        f"SELECT kind, count(*) {DELIVERED} GROUP BY kind",
        f"SELECT count(DISTINCT person_id) {DELIVERED}",
        "SELECT count(CASE WHEN acknowledged_at IS NOT NULL OR acknowledgement_due <= :last_day"
        f" THEN 1 END), count(CASE WHEN {day('acknowledged_at')} <= acknowledgement_due"
        " THEN 1 END) FROM reports WHERE submitted_at >= :start AND submitted_at < :end",
        f"SELECT {day('submitted_at')}, {day('closed_at')}, count(*),"
        " count(CASE WHEN length(coalesce(outcome, '')) > 0 THEN 1 END) FROM reports"
        " WHERE status IN ('closed', 'closed_no_further_action') AND closed_at >= :start"
        " AND closed_at < :end GROUP BY 1, 2",
        "SELECT count(CASE WHEN notification_due BETWEEN :first_day AND :last_day THEN 1 END),"
        " count(CASE WHEN notification_due BETWEEN :first_day AND :last_day AND (SELECT"
        " min(n.notified_on) FROM statutory_notifications n WHERE n.report_id = r.id)"
        " <= notification_due THEN 1 END),"
        " count(CASE WHEN rapid_review_due BETWEEN :first_day AND :last_day THEN 1 END),"
        " count(CASE WHEN rapid_review_due BETWEEN :first_day AND :last_day AND (SELECT"
        " min(v.completed_on) FROM reviews v WHERE v.report_id = r.id AND v.kind ="
        " 'rapid_review') <= rapid_review_due THEN 1 END) FROM reports r WHERE notifiable"
        " AND (notification_due BETWEEN :first_day AND :last_day"
        " OR rapid_review_due BETWEEN :first_day AND :last_day)",
        "SELECT count(*), count(CASE WHEN done_on <= due_on THEN 1 END) FROM actions"
        " WHERE due_on BETWEEN :first_day AND :last_day AND status != 'dropped'",
        "SELECT count(CASE WHEN would_report_again = 'yes' THEN 1 END), count(*)"
        " FROM reporter_feedback WHERE answered_at >= :start AND answered_at < :end",
        "SELECT id, title, themes, learning_item_id, first_sent_at FROM nuggets"
        " WHERE first_sent_at >= :start AND first_sent_at < :end ORDER BY first_sent_at, id",
        "SELECT id, title, sent_at FROM bulletins WHERE sent_at >= :start AND sent_at < :end"
        " ORDER BY sent_at, id",
        "SELECT c.id, c.name, min(e.starts_at) FROM courses c JOIN training_events e"
        " ON e.course_id = c.id WHERE e.starts_at >= :start AND e.starts_at < :end"
        " GROUP BY c.id, c.name",
        "SELECT e.course_id, count(b.useful), count(CASE WHEN b.useful THEN 1 END)"
        " FROM training_bookings b JOIN training_events e ON e.id = b.event_id WHERE b.attended"
        " AND e.starts_at >= :start AND e.starts_at < :end GROUP BY e.course_id",
    ]
    once = [
        "SELECT * FROM accounts WHERE id = :lead",
        "SELECT item, kind, count(useful), count(CASE WHEN useful THEN 1 END),"
        " count(check_correct), count(CASE WHEN check_correct THEN 1 END) FROM deliveries"
        " WHERE (useful IS NOT NULL OR check_correct IS NOT NULL)"
        f" AND kind IN ('nugget', 'nugget_recheck', 'bulletin') AND item IN ({SENT_ITEMS})"
        " GROUP BY item, kind",
        "SELECT item, answer, count(*) FROM pulses WHERE answer IS NOT NULL"
        f" AND item IN ({SENT_ITEMS}) GROUP BY item, answer",
        "SELECT value, month, reports FROM tag_counts WHERE dimension = 'theme'"
        " AND scope_agency_id = 0 AND agency_id = 0 AND month >= :first_month"
        " AND month <= :last_month",
        "SELECT a.name, count(p.id) FROM agencies a JOIN people p ON p.agency_id = a.id"
        " WHERE p.active GROUP BY a.name",
        "SELECT * FROM courses ORDER BY name",
        "SELECT a.name, t.course_id, t.expires_on FROM training_records t"
        " JOIN people p ON p.id = t.person_id JOIN agencies a ON a.id = p.agency_id"
        " WHERE p.active",
    ]
    if pack:
        once += [
            "SELECT li.*, (SELECT count(*) FROM learning_item_reports x"
            " WHERE x.learning_item_id = li.id) FROM learning_items li"
            " WHERE (created_at >= :start AND created_at < :end)"
            " OR (updated_at >= :start AND updated_at < :end) ORDER BY created_at, id",
            "SELECT learning_item_id, status, count(*) FROM actions GROUP BY 1, 2",
            "SELECT coalesce(a.name, 'The partnership'), x.status, count(*),"
            " count(CASE WHEN x.status = 'done' AND x.done_on > x.due_on THEN 1 END),"
            " count(CASE WHEN x.status IN ('open', 'in_progress') AND x.due_on < :last_day"
            " THEN 1 END) FROM actions x LEFT JOIN agencies a ON a.id = x.agency_id"
            " WHERE x.due_on BETWEEN :first_day AND :last_day GROUP BY 1, 2",
        ]
    return [(s, "each") for s in each_period] + [(s, "once") for s in once]


def parameters(period: Period, lead_id: int) -> tuple[list[dict], dict]:
    """The two periods' parameters, and those of the statements run once."""
    zone = ZoneInfo(ZONE)

    def moment(day: date) -> datetime:
        return datetime.combine(day, time.min, tzinfo=zone)

    def of(p: Period) -> dict:
        return {"start": moment(p.start), "end": moment(p.end + timedelta(days=1)),
                "first_day": p.start, "last_day": p.end, "lead": lead_id}

    before = previous(period)
    first_month = before.start.replace(day=1) - timedelta(days=95)
    return [of(period), of(before)], {
        **of(period), "since": moment(before.start), "until": moment(period.end
                                                                    + timedelta(days=1)),
        "first_month": first_month.replace(day=1), "last_month": period.end}
