"""Briefings for the rendering tests: the longest a lead may write, and one trying to break out."""

from __future__ import annotations

from learning.nudges.briefing import Briefing
from learning.nudges.nugget_writing import BRIEFING_MAX, PART_MAX

# Every character Slack, HTML or Markdown treats specially, in text a lead might write.
HOSTILE = ("<script>alert('x')</script> <!channel> <@U0123> <https://evil.example|click me> "
           "[a link](javascript:alert(1)) <img src=x onerror=alert(1)> & *stars* _under_")
SENTENCE = "The strategy meeting & the <core group> met without police or the school nurse. "


def longest_briefing() -> Briefing:
    """Every part as long as a lead may make it, the whole at the limit, full of & and <>."""
    sizes = {"what_happened": PART_MAX, "why_it_matters": 2000, "do_differently": 1500,
             "reflect_questions": 1000}
    parts = {name: (SENTENCE * 60)[:size] for name, size in sizes.items()}
    parts["do_differently"] = "\n".join(f"- {line}" for line in
                                        (SENTENCE * 20)[:1500].split(". ") if line)
    reading = [f"- [Working Together 2023, chapter {n} & <annex>](https://www.gov.uk/wt/{n}?a=1&b=2)"
               for n in range(6)]
    used = sum(len(text) for text in parts.values())
    parts["further_reading"] = "\n".join(reading)[:BRIEFING_MAX - used]
    return Briefing(**parts)


def hostile_briefing() -> Briefing:
    return Briefing(what_happened=f"**Bold** {HOSTILE}", why_it_matters=HOSTILE,
                    do_differently=f"- {HOSTILE}\n- second", reflect_questions=f"1. {HOSTILE}",
                    further_reading=("- [Safe](https://www.gov.uk/safe)\n"
                                     "- [Unsafe](javascript:alert(1))\n"
                                     "- [Plain http](http://insecure.example/)\n"
                                     f"- {HOSTILE}"))
