"""What a dashboard page says once a change is made: one sentence per change, in one place.

A page is told only the change's name (`?done=message`), never words to show, so a link can
never put its own text on the page. Report changes are the names in
`learning.reports.changes`; admin changes are named here.
"""

from __future__ import annotations

# Report changes: the action names of learning.reports.changes.
_REPORT_CHANGES = {
    "acknowledge": "Report acknowledged",
    "start-review": "Review started",
    "identify-learning": "Marked as learning identified",
    "refer": "Referred to the practice review group",
    "reopen": "Report reopened: it is in review again",
    "close": "Report closed. The reporter is told what changed",
    "close-no-further-action": "Report closed with no further action. The reporter is told",
    "assign": "Report assigned",
    "classify": "Classification saved",
    "learning-response": "Learning response chosen",
    "learning": "Learning saved",
    "notification": "Statutory notification recorded",
    "rapid-review": "Rapid review recorded",
    "message": "Message sent to the reporter",
    "share-in-bulletin": "Bulletin sharing saved",
}

# Admin changes: what the admin pages pass back after saving.
_ADMIN_CHANGES = {
    "rule-added": "Routing rule added. New reports that match it go to its channel",
    "rule-on": "Routing rule turned on",
    "rule-off": "Routing rule turned off",
    "agency-added": "Agency added",
    "agency-deactivated": "Agency deactivated",
    "agency-reactivated": "Agency reactivated",
    "channel-saved": "Channel for learning nuggets saved",
    "person-saved": "Person saved",
}


def confirmation(done: str | None, *, count: int | None = None) -> str | None:
    """The sentence for a change just made, or None for no (or an unknown) change."""
    if done == "people-imported":
        people = count or 0
        return f"{people} {'person' if people == 1 else 'people'} imported"
    if done is None:
        return None
    return _REPORT_CHANGES.get(done) or _ADMIN_CHANGES.get(done)


def reported_changes() -> frozenset[str]:
    """Every report change that has its own sentence (a test keeps it level with changes.py)."""
    return frozenset(_REPORT_CHANGES)
