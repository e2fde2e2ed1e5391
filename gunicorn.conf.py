"""gunicorn's settings for LearnLoop's web process; gunicorn reads this file from the working
folder. Command-line flags (the Procfile's) still win over what is set here."""


def post_worker_init(worker: object) -> None:
    # Each worker reads, before its first request, what it would otherwise read during one: the
    # PII guard's given-name lists (about a second), so no reporter waits for them as they type,
    # and the bank holiday calendar every report's due dates are counted on.
    from datetime import date

    from learning.nudges.calendar import working_days_after
    from learning.privacy.pii.given_names import known_given_names

    known_given_names()
    working_days_after(date.today(), 15)
