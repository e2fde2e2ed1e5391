"""The bare SQL the report card and the Board pack need, written by hand as a competent
engineer would for the same figures, for bench.evaluation's baseline.

One statement per figure family and period (the learning's answers, pulses and theme counts
once for both periods' items), the kept columns and counts read where the schema has them
(`reports.acknowledged_at`, `tag_counts`, and the evaluation's kept counts of reports,
learning sent, people reached and answers), plain GROUP BYs the database answers in full:
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
DELIVERED = ("FROM delivered_counts WHERE kind IN ('nugget', 'bulletin', 'training_reminder',"
             " 'training_event') AND day BETWEEN :first_day AND :last_day")


def statements(dialect: str, *, pack: bool) -> list[tuple[str, str]]:
    """Each run once for the period and once for the period before (`:start`, `:end`,
    `:first_day`, `:last_day`), except those over both (`:since`, `:until`)."""
    pg = dialect == "postgresql"

    def day(column: str) -> str:
        return f"CAST(timezone('{ZONE}', {column}) AS date)" if pg else f"date({column})"

    month = "date_trunc('month', day)" if pg else "strftime('%Y-%m', day)"
    each_period = [
        f"SELECT kind, channel, {month}, sum(reports) FROM report_counts"
        " WHERE scope_agency_id = 0 AND day BETWEEN :first_day AND :last_day GROUP BY 1, 2, 3",
        "SELECT a.name, sum(c.reports) FROM report_counts c JOIN agencies a"
        " ON a.id = c.scope_agency_id WHERE c.day BETWEEN :first_day AND :last_day"
        " GROUP BY a.name ORDER BY a.name",
        f"SELECT kind, sum(sent) {DELIVERED} GROUP BY kind",
        "SELECT count(*) FROM people p WHERE EXISTS (SELECT 1 FROM people_reached r"
        " WHERE r.person_id = p.id AND r.day BETWEEN :first_day AND :last_day)",
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
        "SELECT item, kind, sum(useful), sum(not_useful), sum(check_right), sum(check_wrong)"
        f" FROM answer_counts WHERE item IN ({SENT_ITEMS}) GROUP BY item, kind",
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
