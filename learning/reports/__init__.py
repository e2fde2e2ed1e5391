"""Reports: intake, the questions, triage, access, review, follow-up and the reporter's thread."""
