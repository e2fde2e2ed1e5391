"""The name finder: a person's name after a title, after a word for a relative, or written in
full mid-sentence. It must stay quiet on the field's capitalised vocabulary."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import takewhile

from learning.privacy.pii.given_names import is_given_name
from learning.privacy.pii.kinds import Finding, PiiKind
from learning.privacy.pii.lone_names import is_lone_name
from learning.privacy.pii.vocabulary import (
    FORMS_OF_ADDRESS,
    GIVEN_NAME_NEVER_ENDS,
    HONORIFICS,
    NAME_CUES,
    NOUN_ENDINGS,
    PLACE_LEADS,
    PLACE_OR_ORG_LEADS,
    TITLE_SMALL_WORDS,
    is_safe_word,
    strip_possessive,
)

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_HONORIFIC_GAP = re.compile(r"\.? +")  # "Mr. Kowalski"
_CUE_GAP = re.compile(r" *[,:(]? *")  # "mum Sarah", "the child, Kai", "Mum (Chantelle)"
_LOWER_CASE_WORD = re.compile(r"\b[a-z]+\b")
_PROSE_PUNCTUATION = re.compile(r"[,;!?]|\.(?!\d)")  # but not the dot of "5.1 Key Reports"
_PLACEHOLDER = re.compile(r"\[[^]]*\]")
_JOINED_TO_A_TITLE = re.compile(r"\b(?:[A-Z][\w'’]*)\s+(?:and|of|for|&)\s+$")
# Where a capital letter is grammar, not a name: after a bullet, a list number, heading
# markup, a full stop or colon, or an HTML tag.
_LINE_START = re.compile(r"\s*(?:[-–•*#>]+\s*|\d{1,2}(?:\.\d{1,2})*[.)]?\s+)*[(\"'“‘*]*")
_AFTER_SENTENCE_END = re.compile(r"(?:[.!?:;][\"'”’)*]*\s+|>\s*)[(\"'“‘*]*$")


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    end: int


def find_names(text: str, today: date) -> Iterator[Finding]:
    words = [_Word(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    for i, word in enumerate(words[:-1]):
        lower, gap = word.text.lower(), text[word.end:words[i + 1].start]
        if lower in HONORIFICS and _HONORIFIC_GAP.fullmatch(gap):
            name = list(takewhile(lambda w: _looks_like_name(w.text),
                                  _capitalised_run(text, words, i + 1)))
            if name:
                yield _name_finding(word, name[-1])
        elif (
            lower in NAME_CUES and _CUE_GAP.fullmatch(gap)
            # A capitalised "Child" mid-sentence starts a title ("Child Centred System").
            and (word.text.islower() or lower in FORMS_OF_ADDRESS
                 or _starts_sentence(text, word.start))
        ):
            name = _capitalised_run(text, words, i + 1)
            # "called Bedfordshire Police" is an agency: a longer run is a title, not a person.
            if 1 <= len(name) <= 3 and _could_be_name(*(w.text for w in name)):
                yield _name_finding(name[0], name[-1])
    yield from _full_names(text, words)


def _full_names(text: str, words: list[_Word]) -> Iterator[Finding]:
    """'Firstname Surname', or a given name alone, standing apart from any longer title."""
    i = 0
    while i < len(words):
        run = _capitalised_run(text, words, i)
        i += max(len(run), 1)
        if not run or _in_heading(text, run[0].start):
            continue
        at_start = _starts_sentence(text, run[0].start)
        if at_start and len(run) == 2 and is_given_name(run[0].text) and _could_be_name(
                run[0].text, run[1].text):
            yield _name_finding(run[0], run[1])  # "Jaspreet Walsh was discharged"
            continue
        if at_start and len(run) == 1:
            if _could_be_name(run[0].text) and is_lone_name(
                    text, run[0].text, run[0].start, run[0].end, sentence_start=True):
                yield _name_finding(run[0], run[0])
            continue
        trimmed = at_start
        run = run[1:] if at_start else run
        yield from _names_in_run(text, run, trimmed=trimmed)


def _names_in_run(text: str, run: list[_Word], *, trimmed: bool) -> Iterator[Finding]:
    if len(run) == 1:
        if _could_be_name(run[0].text) and is_lone_name(
                text, run[0].text, run[0].start, run[0].end, sentence_start=False):
            yield _name_finding(run[0], run[0])
    # After a capitalised sentence start ("Change Grow Live") only a known given name begins
    # a full name ("Yesterday Tyler Smith"); "Police and Crime Commissioner" is one title.
    elif (len(run) == 2 and _could_be_name(run[0].text, run[1].text)
          and (not trimmed or is_given_name(run[0].text))
          and not _follows_place_or_org_lead(text, run[0].start)
          and not _JOINED_TO_A_TITLE.search(text, max(0, run[0].start - 40), run[0].start)):
        yield _name_finding(run[0], run[1])


def _capitalised_run(text: str, words: list[_Word], i: int) -> list[_Word]:
    """words[i] and the capitalised words after it, each following a single space."""
    run: list[_Word] = []
    for word in words[i:]:
        if not _is_capitalised(word.text) or (run and text[run[-1].end:word.start] != " "):
            break
        if run and word.text.lower() in HONORIFICS:  # "mum Sarah Mrs Patel": two people
            break
        run.append(word)
        if word.text != strip_possessive(word.text):  # "Sarah's Mum": the name ends here
            break
    return run


def _is_capitalised(word: str) -> bool:
    # Title Case only: "I", the "A" of "Child A" and acronyms (MASH, DOB) end a name.
    return word[0].isupper() and not word.isupper()


def _looks_like_name(word: str) -> bool:
    return (len(word) >= 2 and word[0].isupper() and (word[1].islower() or word[1] in "'’")
            and not is_safe_word(word))


def _could_be_name(given: str, *others: str) -> bool:
    return (all(_looks_like_name(w) and not NOUN_ENDINGS.search(w) for w in (given, *others))
            and not GIVEN_NAME_NEVER_ENDS.search(given))


def _name_finding(first: _Word, last: _Word) -> Finding:
    return Finding(PiiKind.PERSON_NAME, first.start, last.start + len(strip_possessive(last.text)))


def _starts_sentence(text: str, start: int) -> bool:
    line = text[text.rfind("\n", 0, start) + 1:start]
    return bool(_LINE_START.fullmatch(line) or _AFTER_SENTENCE_END.search(line))


def _follows_place_or_org_lead(text: str, start: int) -> bool:
    before = text[max(0, start - 30):start].lower().split()
    return bool(before) and (before[-1] in PLACE_OR_ORG_LEADS
                             or " ".join(before[-2:]) in PLACE_LEADS)


def _in_heading(text: str, position: int) -> bool:
    """Headings and table cells: Title Case, no lower-case word but "and", "of" and such, and
    none of a sentence's punctuation."""
    start = max(text.rfind(sep, 0, position) for sep in "\n\t|>")
    ends = [i for i in (text.find(sep, position) for sep in "\n\t|<") if i >= 0]
    # Our own placeholders ("[NHS number]") do not turn a masked heading into prose.
    segment = _PLACEHOLDER.sub("", text[start + 1:min(ends, default=len(text))])
    return not _PROSE_PUNCTUATION.search(segment) and all(
        word in TITLE_SMALL_WORDS for word in _LOWER_CASE_WORD.findall(segment))
