"""The one rule for personal details every channel follows: pointed out once per version."""

from datetime import date

from learning.reports.intake import ReportDraft
from learning.reports.personal_details import checked_token, details_to_check

TODAY = date(2026, 11, 20)
RISKY = ReportDraft(what_happened="The school rang 07911 123456 about the baby.",
                    what_stopped_harm="Jo emailed jo.bloggs@example.com.")


def test_personal_details_are_pointed_out_in_each_free_text_answer():
    found = details_to_check(RISKY, today=TODAY, checked=None)
    assert set(found) == {"what_happened", "what_stopped_harm"}


def test_the_same_text_sent_again_after_the_warning_is_kept_as_written():
    assert details_to_check(RISKY, today=TODAY, checked=checked_token(RISKY)) == {}


def test_changed_text_is_checked_again():
    seen = checked_token(RISKY)
    changed = ReportDraft(what_happened=RISKY.what_happened + " Ring 07911 654321 too.",
                          what_stopped_harm=RISKY.what_stopped_harm)
    assert details_to_check(changed, today=TODAY, checked=seen)


def test_the_rest_of_what_happened_is_checked_as_part_of_it():
    split = ReportDraft(what_happened="The school rang.", what_happened_more="Call 07911 123456.")
    found = details_to_check(split, today=TODAY, checked=None)["what_happened"]
    assert split.told()[found[0].start:found[0].end] == "07911 123456"
