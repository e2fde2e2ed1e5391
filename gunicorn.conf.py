"""gunicorn's settings for LearnLoop's web process; gunicorn reads this file from the working
folder. Command-line flags (the Procfile's) still win over what is set here."""


def post_worker_init(worker: object) -> None:
    # Each worker reads the PII guard's given-name lists (about a second) before its first
    # request, so no reporter waits for them as they type.
    from learning.privacy.pii.given_names import known_given_names

    known_given_names()
