"""When a post of the report form cannot be taken: the page again, with every answer kept.

A refused security token, too many reports, a body too large to read whole, or the database
away (forms/unavailable.py): each answers with the form (or check your answers) as it was sent,
a fresh token, and one clear sentence on what to do. Nothing is stored by any of these answers.
"""

from __future__ import annotations

import logging

from flask import jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError

from forms.answers import answers_from
from forms.oversized import oversized_form
from forms.report import blueprint, check_page, details_page, draft_id_of, start_page
from learning.reports.questions import Answer, report_questions

log = logging.getLogger(__name__)
# Rate limits: forms/throttle.py.
BUSY = ("LearnLoop has had a lot of reports from your organisation's network or this browser "
        "in the last hour, so it is pausing new ones for a short while. Nothing is lost: your "
        "answers are kept below. Wait 10 minutes, then send this report again.")
REFUSED = ("For your security, LearnLoop could not accept that page: your browser's session "
           "with LearnLoop had ended. Nothing has been sent. Everything you typed is kept "
           "below: check it, then continue.")
REFUSED_SEND = ("For your security, your report could not be sent: your browser's session with "
                "LearnLoop had ended. Nothing has been sent yet and your answers are kept below. "
                "Send your report again.")
# A body larger than this is not read at all (the generic "too much" page answers it).
READ_AT_MOST = 8 * 1024 * 1024


@blueprint.errorhandler(CSRFError)
def token_refused(_: CSRFError) -> ResponseReturnValue:
    if request.endpoint == "report.check_personal_details":
        return jsonify(findings=[]), 400
    if request.endpoint == "report.start":
        return start_page(problems={"immediate_risk": REFUSED},
                          chosen=request.form.get("immediate_risk")), 400
    answers, draft_id = answers_from(request.form), draft_id_of(request.form)
    if request.endpoint == "report.send":
        return check_page(answers, draft_id=draft_id, failure=REFUSED_SEND), 400
    return details_page(answers, draft_id=draft_id, notice=REFUSED), 400


@blueprint.errorhandler(413)
def too_much_sent(_: Exception) -> ResponseReturnValue:
    longest = max(q.max_length or 0 for q in report_questions())
    # One character over the longest limit, to tell which answers were cut.
    form = oversized_form(request.environ, keep=longest + 1, read_at_most=READ_AT_MOST)
    if form is None:
        return render_template("error.html", title="That was too much to send at once",
                               advice="Shorten what you wrote and try again."), 413
    answers = answers_from(form)
    cut = []
    for q in report_questions():
        text = answers.get(q.field)
        if q.answer is Answer.LONG_TEXT and q.max_length and isinstance(text, str) \
                and len(text) > q.max_length:
            answers[q.field] = text[:q.max_length]
            cut.append(f"“{q.wording}” was too long to send, so it has been cut to its first "
                       f"{q.max_length:,} characters.")
    notice = " ".join(cut or ["What you sent was too long, so it has been shortened."]) + \
        " Check where your text now ends, then continue."
    return details_page(answers, draft_id=draft_id_of(form), notice=notice), 413


@blueprint.errorhandler(429)
def too_many_reports(_: Exception) -> ResponseReturnValue:
    return check_page(answers_from(request.form), draft_id=draft_id_of(request.form),
                      failure=BUSY), 429
