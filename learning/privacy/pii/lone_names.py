"""A given name standing alone: "marks on Ellie's arm", "that Kian had moved", "Maya (DOB ...)
was not on the list". The word must be in a name's position; a known given name needs less
context than a word the dictionary lacks, and a sentence's first word needs the most."""

from __future__ import annotations

import re

from learning.privacy.pii.given_names import is_given_name
from learning.privacy.pii.vocabulary import (
    BELONGS_TO_A_PERSON,
    NAMES_THAT_ARE_WORDS,
    PERSON_VERBS,
    PLACE_LEADS,
    PLACE_OR_ORG_LEADS,
    SUBJECT_LEADS,
    VERBS_OF_A_PERSON,
    WEAK_PERSON_VERBS,
    is_safe_word,
    strip_possessive,
)

_NEXT_WORD = re.compile(r"[^\S\n]+([a-z]+(?:['’][a-z]+)?)")
_DETAILS_IN_BRACKETS = re.compile(r"\s*(?:\(\s*(?:d\.?o\.?b|born|aged?|\d)|,\s*(?:aged?|\d))",
                                  re.IGNORECASE)
_AND_ANOTHER = re.compile(r"\s+(?:and|&)\s+([A-Z][a-z]+)")
_AFTER_A_POSSESSIVE = re.compile(r"\b([A-Z][\w-]*)['’]s $")
_SAINT = re.compile(r"\b(?:st|saint)\.?\s*$", re.IGNORECASE)


def is_lone_name(text: str, word: str, start: int, end: int, *, sentence_start: bool) -> bool:
    """`word` (text[start:end]) is capitalised, not the field's vocabulary, and stands alone."""
    name, possessive = strip_possessive(word), word != strip_possessive(word)
    known = is_given_name(name)
    if _SAINT.search(text, max(0, start - 7), start):  # "St George's": a school or a church
        return False
    title = _AFTER_A_POSSESSIVE.search(text, max(0, start - 30), start)
    if title and is_safe_word(title.group(1)):  # "King's Lynn", "Children's Services"
        return False
    if sentence_start:
        word_like = name.lower() in NAMES_THAT_ARE_WORDS
        return _starts_like_a_person(text, end, known=known and not word_like,
                                     possessive=possessive) or (
            word_like and _next_word(text, end) in PERSON_VERBS - WEAK_PERSON_VERBS)
    if _after_place_or_org_lead(text, start) and not possessive:
        return False
    return known or _said_of_a_person(text, start, end, possessive=possessive)


def _starts_like_a_person(text: str, end: int, *, known: bool, possessive: bool) -> bool:
    if _DETAILS_IN_BRACKETS.match(text, end) or (possessive and _belongs(text, end)):
        return True
    if not known:
        return False
    # "Maya was seen", "Kian and Maya were", "Ellie attended": a person doing something.
    verb = _next_word(text, end) or ""
    joined = _AND_ANOTHER.match(text, end)
    return (verb in PERSON_VERBS or verb.endswith("ed")
            or bool(joined and is_given_name(joined.group(1))))


def _said_of_a_person(text: str, start: int, end: int, *, possessive: bool) -> bool:
    """Context alone, for a name no dictionary has ("Seren's arm", "told Mhairi")."""
    if possessive:
        return _belongs(text, end)
    before = text[max(0, start - 20):start].split()
    previous = before[-1].lower() if before else ""
    if previous in VERBS_OF_A_PERSON:
        return True
    return previous in SUBJECT_LEADS and _next_word(text, end) in PERSON_VERBS


def _belongs(text: str, end: int) -> bool:
    return _next_word(text, end) in BELONGS_TO_A_PERSON


def _next_word(text: str, end: int) -> str | None:
    m = _NEXT_WORD.match(text, end)
    return m.group(1).lower() if m else None


def _after_place_or_org_lead(text: str, start: int) -> bool:
    before = text[max(0, start - 30):start].lower().split()
    return bool(before) and (before[-1] in PLACE_OR_ORG_LEADS
                             or " ".join(before[-2:]) in PLACE_LEADS)
