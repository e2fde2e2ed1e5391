"""The direct message a reporter gets once a report from the modal is stored."""

from __future__ import annotations

from typing import Any

from bot.slack.blocks import SECTION_MAX, Block, context, section
from bot.slack.escaping import inert, inert_within
from bot.slack.wording import anonymity_caveat
from learning.reports.intake import SubmissionResult
from learning.settings import Settings
from storage.vocabulary import IdentityMode


def receipt_message(result: SubmissionResult, settings: Settings) -> dict[str, Any]:
    base = settings.base_url.rstrip("/")
    blocks: list[Block] = []
    if result.signposting:
        blocks.append(section(f":rotating_light: *Please act now:* "
                              f"{inert_within(result.signposting, SECTION_MAX - 40)}"))
    blocks.append(section(
        f"Thank you. Your report *{inert(result.reference)}* has reached the learning group. "
        f"They will acknowledge it by {result.acknowledgement_due:%-d %B %Y}, look for what "
        f"can be learned, and tell you what changed because of it."))
    if result.identity_mode is IdentityMode.ANONYMOUS and result.case_key:
        blocks.append(section(
            f"Your case key is `{inert(result.case_key)}`. It is shown only once: keep it "
            f"somewhere safe. Use it at {inert(base)}/follow-up to see progress and answer "
            f"the learning group's questions. Nobody, including us, can recover it."))
        blocks.append(context(f"_{inert(anonymity_caveat(settings))}_"))
    else:
        blocks.append(section(
            f"They will reply to you here. Send me `status {inert(result.reference)}` at any "
            f"time to see where it is."))
    return {"text": f"Your report {inert(result.reference)} has been sent", "blocks": blocks}
