"""Build the labelled corpus: every template filled several times, with clean sentences of
the field around it, and clean texts made only of such sentences. Seeded, so every run sees
the same texts."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta

from stdnum.gb import nhs

from learning.privacy.pii import PiiKind
from tests.pii_corpus import people
from tests.pii_corpus.templates import CLEAN, WITH_DETAILS

SLOT_KINDS = {
    "c": PiiKind.PERSON_NAME, "c2": PiiKind.PERSON_NAME, "a": PiiKind.PERSON_NAME,
    "full": PiiKind.PERSON_NAME, "title": PiiKind.PERSON_NAME,
    "dob": PiiKind.DATE_OF_BIRTH, "phone": PiiKind.PHONE_NUMBER, "nhs": PiiKind.NHS_NUMBER,
    "postcode": PiiKind.POSTCODE, "address": PiiKind.ADDRESS, "email": PiiKind.EMAIL,
    "case": PiiKind.CASE_NUMBER,
}
_SLOT = re.compile(r"\{(\w+)\}")
# Structured details are filled more often so that one miss in 30 shows against the 97% bar.
NAME_FILLS, STRUCTURED_FILLS = 3, 10
CLEAN_TEXTS = 130


@dataclass(frozen=True)
class Detail:
    kind: PiiKind
    start: int
    end: int
    written: str


@dataclass(frozen=True)
class LabelledText:
    text: str
    details: tuple[Detail, ...]


def build_corpus(seed: int = 15) -> list[LabelledText]:
    rng = random.Random(seed)
    texts: dict[str, LabelledText] = {}
    for template in WITH_DETAILS:
        wanted = len(texts) + _fills(template)
        while len(texts) < wanted:  # a repeat would count one miss twice
            item = _fill(template, rng)
            texts.setdefault(item.text, item)
    clean_wanted = len(texts) + CLEAN_TEXTS
    while len(texts) < clean_wanted:
        text = " ".join(rng.sample(CLEAN, rng.choice([2, 3])))
        texts.setdefault(text, LabelledText(text, ()))
    return list(texts.values())


def _fills(template: str) -> int:
    slots = {SLOT_KINDS[slot] for slot in _SLOT.findall(template)}
    return NAME_FILLS if slots == {PiiKind.PERSON_NAME} else STRUCTURED_FILLS


def _fill(template: str, rng: random.Random) -> LabelledText:
    before = rng.choice(["", "", rng.choice(CLEAN) + " "])
    after = rng.choice(["", "", " " + rng.choice(CLEAN)])
    text, details, cursor, used = before, [], 0, set()
    for m in _SLOT.finditer(template):
        text += template[cursor:m.start()]
        value = _value(m.group(1), rng, used)
        details.append(Detail(SLOT_KINDS[m.group(1)], len(text), len(text) + len(value), value))
        text += value
        cursor = m.end()
    text += template[cursor:] + after
    return LabelledText(text, tuple(details))


def _value(slot: str, rng: random.Random, used: set[str]) -> str:
    if slot in ("c", "c2"):
        pool = people.WORD_NAMES if rng.random() < 0.2 else people.CHILDREN
        name = rng.choice([n for n in pool if n not in used])
        used.add(name)
        return name
    makers = {
        "a": lambda: rng.choice(people.ADULTS),
        "full": lambda: f"{rng.choice(people.CHILDREN + people.ADULTS)} "
                        f"{rng.choice(people.SURNAMES)}",
        "title": lambda: f"{rng.choice(people.TITLES)} {rng.choice(people.SURNAMES)}",
        "dob": lambda: _date_of_birth(rng),
        "phone": lambda: rng.choice(people.MOBILES + people.LANDLINES),
        "nhs": lambda: _nhs_number(rng),
        "postcode": lambda: rng.choice(people.POSTCODES),
        "address": lambda: _address(rng),
        "email": lambda: _email(rng),
        "case": lambda: rng.choice(people.CASE_NUMBERS),
    }
    return makers[slot]()


def _date_of_birth(rng: random.Random) -> str:
    born = date(2009, 1, 1) + timedelta(days=rng.randrange(15 * 365))
    forms = [f"{born:%d/%m/%Y}", f"{born:%d.%m.%y}", f"{born.day}/{born.month}/{born:%y}",
             f"{born.day} {born:%B %Y}", f"{born.day}{_suffix(born.day)} {born:%B %Y}",
             f"{born:%Y-%m-%d}", f"{born:%Y-%m-%d}", f"{born:%B} {born.day}, {born.year}",
             f"{born:%d-%m-%Y}", f"{born.day} {born:%b %Y}"]
    return rng.choice(forms)


def _suffix(day: int) -> str:
    if day in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _nhs_number(rng: random.Random) -> str:
    while True:  # one nine-digit stem in eleven has no valid check digit
        stem = "".join(rng.choice("0123456789") for _ in range(9))
        valid = [stem + d for d in "0123456789" if nhs.is_valid(stem + d)]
        if valid:
            digits = valid[0]
            break
    separator = rng.choice([" ", " ", "", "-"])
    return nhs.format(digits, separator=separator)


def _address(rng: random.Random) -> str:
    street = rng.choice(people.STREETS)
    number = rng.randrange(1, 180)
    if rng.random() < 0.3:
        return f"Flat {rng.randrange(1, 20)}, {number} {street}"
    return f"{number}{rng.choice(['', '', 'a'])} {street}"


def _email(rng: random.Random) -> str:
    given = rng.choice(people.ADULTS).lower()
    surname = re.sub(r"\W", "", rng.choice(people.SURNAMES).lower())
    local = rng.choice([f"{given}.{surname}", f"{given}{rng.randrange(70, 99)}",
                        f"{given[0]}{surname}_{rng.randrange(1, 20)}", f"{surname}.family"])
    return f"{local}@{rng.choice(people.EMAIL_DOMAINS)}"
