"""Finders for the structured details: NHS numbers, emails, postcodes, case numbers, street
addresses, phone numbers and dates of birth. Each yields spans of the text it is given."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

import phonenumbers
from phonenumbers import Leniency, PhoneNumberType
from stdnum.gb import nhs

from learning.privacy.pii.kinds import Finding, PiiKind
from learning.privacy.pii.vocabulary import is_safe_word

_MONTHS = {
    name: number
    for number, names in enumerate(
        ["jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july",
         "aug august", "sep sept september", "oct october", "nov november", "dec december"],
        start=1)
    for name in names.split()
}

LEARNLOOP_REFERENCE = re.compile(r"\bLL-[A-Z0-9]{4}-[A-Z0-9]{4}\b", re.IGNORECASE)
_NHS = re.compile(r"(?<![\d-])\d{3}([ -]?)\d{3}\1\d{4}(?![\d-])")
_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")

# Royal Mail outward/inward format; inward letters are never C, I, K, M, O or V.
_POSTCODE = re.compile(
    r"\b(?:[A-PR-UWYZ][0-9][0-9A-HJKPS-UW]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRV-Y]?)"
    r"( ?)([0-9][ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE)
_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)")

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/-]|\.\d)")
_ISO_DATE = re.compile(r"(?<![\d/.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d/-]|\.\d)")
_DAY_MONTH_YEAR = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+({_MONTH}),?\s+(\d{{4}})\b", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b",
                             re.IGNORECASE)
# "DOB: 12/03/2015", "born at home on 12 March 2015", "12.03.15 (d.o.b.)". Only words may
# stand between cue and date, so "born in 2015, seen on 3 March 2025" is no birth date, and
# nor is a date beside our own "[date of birth]" placeholder in a masked copy.
_DOB_WORD = r"(?:\bd\.?\s?o\.?\s?b\b\.?|\bdate of birth\b|\bbirthday\b)"
_DOB_BEFORE = re.compile(rf"(?:{_DOB_WORD}|\bborn\b)(?:[\s:,-]+[^\W\d_]+){{0,6}}[\s:,-]*$",
                         re.IGNORECASE)
_DOB_AFTER = re.compile(rf"[\s,:(-]{{0,3}}{_DOB_WORD}", re.IGNORECASE)
# Without a birth word, a date introduced like this is when something happened.
_EVENT_LEAD = re.compile(r"(?:\b(?:on|since|from|until|till|to|by|dated|date:?|between|and|before"
                         r"|after)|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day,?)\s+(?:the\s+)?$",
                         re.IGNORECASE)

_ADDRESS = re.compile(
    r"(?:\b(?:Flat|Apartment|Apt|Unit)\s+\d{1,4}[A-Za-z]?,?\s+(?:\d{1,4}[A-Za-z]?,?\s+)?"
    r"|(?<![\w/.,-])\d{1,4}[A-Za-z]?,?\s+)"
    r"(?P<street>(?:[A-Z][\w'’-]*\s+){1,3})(?:Road|Rd|Street|Avenue|Ave|Close|Lane|Drive|Way"
    r"|Crescent|Court|Gardens|Place|Terrace|Grove|Walk|Rise|Square|Mews|Hill|Row|Parade|Vale"
    r"|Park|Green)\b")

# A label that says "this is a record identifier", then the identifier itself.
_CASE_NUMBER = re.compile(
    r"(?i:\b(?:(?:case|crime|incident|police|log|referral|client|pupil|cp|cin|cla)\s*"
    r"(?:ref(?:erence)?|no|number|id)|ref(?:erence)?(?:\s*(?:no|number))?|lcs|mosaic|ehm|upn|id"
    r"|(?:police|storm|incident)\s+log(?:\s*(?:no|number))?))"
    r"\b\.?\s*[:#]?\s*(?P<id>(?:[A-Z]{1,4}[-/]?)?\d[\d/-]*\d)(?![\w-])")

_EXTENSION = re.compile(r"[\s,;]*(?:ext(?:ension)?\.?|x|#)\s*\d+#?$", re.IGNORECASE)
# Freephone, 03 and premium numbers belong to services (Childline, a council's front door).
_WRITTEN_AS_UK = re.compile(r"\(?(?:0|\+\s?44)")
_PEOPLES_PHONE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE,
                        PhoneNumberType.FIXED_LINE_OR_MOBILE, PhoneNumberType.PERSONAL_NUMBER,
                        PhoneNumberType.VOIP}

def _nhs_numbers(text: str, today: date) -> Iterator[Finding]:
    for m in _NHS.finditer(text):
        if nhs.is_valid(m.group()):
            yield Finding(PiiKind.NHS_NUMBER, m.start(), m.end())


def _emails(text: str, today: date) -> Iterator[Finding]:
    for m in _EMAIL.finditer(text):
        yield Finding(PiiKind.EMAIL, m.start(), m.end())


def _postcodes(text: str, today: date) -> Iterator[Finding]:
    for m in _POSTCODE.finditer(text):
        # "KS2 3rd" and "Y6 1st" fit the format, and "b12ab" could be anything.
        if _ORDINAL.fullmatch(m.group(2)) or (not m.group(1) and not m.group().isupper()):
            continue
        yield Finding(PiiKind.POSTCODE, m.start(), m.end())


def _case_numbers(text: str, today: date) -> Iterator[Finding]:
    for m in _CASE_NUMBER.finditer(text):
        if sum(ch.isdigit() for ch in m.group("id")) >= 4:
            yield Finding(PiiKind.CASE_NUMBER, m.start("id"), m.end("id"))


def _addresses(text: str, today: date) -> Iterator[Finding]:
    for m in _ADDRESS.finditer(text):
        # "2 Family Court hearings" counts hearings; it is not a house number.
        if not all(is_safe_word(word) for word in m.group("street").split()):
            yield Finding(PiiKind.ADDRESS, m.start(), m.end())


def phone_numbers(text: str, found: list[Finding]) -> list[Finding]:
    # libphonenumber reads a run of digit groups as one candidate, so a phone number written
    # next to an NHS number, a date, a house number or another phone number would be missed.
    # So it reads the text with what has been found blanked out, as in the masked copy; and
    # again with case numbers left in, since "ref 01582 123456" is a phone number.
    without_case_numbers = [f for f in found if f.kind is not PiiKind.CASE_NUMBER]
    return _phones_beside(text, found) + _phones_beside(text, without_case_numbers)


def _phones_beside(text: str, found: list[Finding]) -> list[Finding]:
    chars, blank = list(text), found
    phones: list[Finding] = []
    for _ in range(4):  # each round can only reveal numbers beside the last round's
        for finding in blank:
            chars[finding.start:finding.end] = "_" * (finding.end - finding.start)
        blank = [
            # The extension ("x2") says nothing on its own, and "x..." may start an email.
            Finding(PiiKind.PHONE_NUMBER, match.start,
                    match.start + len(_EXTENSION.sub("", match.raw_string)))
            for match in phonenumbers.PhoneNumberMatcher("".join(chars), "GB",
                                                         leniency=Leniency.POSSIBLE)
            if _is_someones_number(match)
        ]
        if not blank:
            break
        phones += blank
    return phones


def _is_someones_number(match: phonenumbers.PhoneNumberMatch) -> bool:
    # A mistyped or unallocated number (Ofcom's drama ranges, 07700 900xxx) still leads a
    # reader to a family, so any number written the UK way and of a possible length counts,
    # unless libphonenumber knows it for a service's (freephone, 03, premium).
    kind = phonenumbers.number_type(match.number)
    if kind in _PEOPLES_PHONE_TYPES:
        return True
    national = phonenumbers.national_significant_number(match.number)
    return (kind is PhoneNumberType.UNKNOWN and bool(_WRITTEN_AS_UK.match(match.raw_string))
            and len(national) in (9, 10) and national[0] in "127" and national[:2] != "76"
            and phonenumbers.is_possible_number(match.number))


def _dates_of_birth(text: str, today: date) -> Iterator[Finding]:
    earliest, latest = _years_before(today, 25), today - timedelta(days=365)
    for start, end, when in _dates(text, today):
        has_birth_word = bool(_DOB_BEFORE.search(text, max(0, start - 60), start)
                              or _DOB_AFTER.match(text, end))
        # Without a birth word, a date in a child's lifetime may still be one, unless it is
        # introduced as when something happened.
        childs_lifetime = (earliest <= when <= latest
                           and not _EVENT_LEAD.search(text, max(0, start - 25), start))
        if has_birth_word or childs_lifetime:
            yield Finding(PiiKind.DATE_OF_BIRTH, start, end)


def _dates(text: str, today: date) -> Iterator[tuple[int, int, date]]:
    for pattern, (day, month, year) in ((_NUMERIC_DATE, (1, 3, 4)), (_DAY_MONTH_YEAR, (1, 2, 3)),
                                        (_MONTH_DAY_YEAR, (2, 1, 3)), (_ISO_DATE, (3, 2, 1))):
        for m in pattern.finditer(text):
            if when := _as_date(m.group(day), m.group(month), m.group(year), today):
                yield m.start(), m.end(), when


def _as_date(day: str, month: str, year: str, today: date) -> date | None:
    full_year = int(year)
    if len(year) == 2:  # a child's "15" is 2015 unless that would be in the future
        full_year += 2000 if full_year <= today.year % 100 else 1900
    try:
        number = int(month) if month.isdigit() else _MONTHS[month.lower().rstrip(".")]
        return date(full_year, number, int(day))
    except ValueError:  # 31/02, 12/13: not a date at all
        return None


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


STRUCTURED_FINDERS = (_nhs_numbers, _emails, _case_numbers, _dates_of_birth, _postcodes,
                      _addresses)
