"""PII guard: spot identifying details of children and families in report text.

Data minimisation (DESIGN.md, non-negotiable 3): before a report is stored, the reporter is
warned about names, dates of birth, NHS numbers, addresses, postcodes, phone numbers, emails
and case numbers, and asked to use a role, an age band or a locality instead. This module only
finds and describes; it never changes what the reporter wrote, and `mask` derives the
reviewer's copy. Nothing here logs: the text it sees is exactly what must not leak.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import takewhile
from typing import NamedTuple

import phonenumbers
from phonenumbers import PhoneNumberType
from stdnum.gb import nhs


class PiiKind(StrEnum):
    NHS_NUMBER = "nhs_number"
    DATE_OF_BIRTH = "date_of_birth"
    POSTCODE = "postcode"
    PHONE_NUMBER = "phone_number"
    EMAIL = "email"
    PERSON_NAME = "person_name"
    ADDRESS = "address"
    CASE_NUMBER = "case_number"


class _Wording(NamedTuple):
    label: str  # for the reporter: "'943 476 5870' looks like an NHS number"
    placeholder: str  # for the reviewer's masked copy
    suggestion: str  # for the reporter: what to write instead


_WORDING = {
    PiiKind.NHS_NUMBER: _Wording("an NHS number", "[NHS number]",
                                 "Leave it out. Describe the person by role, such as 'the baby'."),
    PiiKind.DATE_OF_BIRTH: _Wording("a possible date of birth", "[date of birth]",
                                    "Use an age band, such as 'a child aged 5 to 10'."),
    PiiKind.POSTCODE: _Wording("a postcode", "[postcode]",
                               "Use the locality instead, such as 'the north of the borough'."),
    PiiKind.PHONE_NUMBER: _Wording("a phone number", "[phone number]", "Leave it out. Say whose "
                                   "phone it was, such as 'the mother's mobile'."),
    PiiKind.EMAIL: _Wording("an email address", "[email address]",
                            "Leave it out. Say whose it was, such as 'the father's email'."),
    PiiKind.PERSON_NAME: _Wording("a person's name", "[name]", "Use a role instead, such as "
                                  "'the mother', 'Child A' or 'the older sibling'."),
    PiiKind.ADDRESS: _Wording("a street address", "[address]",
                              "Use the locality instead, such as 'a flat in the town centre'."),
    PiiKind.CASE_NUMBER: _Wording("a case or record number", "[case number]", "Leave it out. "
                                  "Name the system instead, such as 'the social care record'."),
}

# Overlaps: a checksummed NHS number always wins (the check digit is the strongest evidence
# there is); otherwise the longer span, so that no part of a detail stays unmasked; on a tie,
# the kind later in this list.
_SPECIFICITY = [
    PiiKind.PERSON_NAME, PiiKind.ADDRESS, PiiKind.POSTCODE, PiiKind.PHONE_NUMBER,
    PiiKind.DATE_OF_BIRTH, PiiKind.CASE_NUMBER, PiiKind.EMAIL, PiiKind.NHS_NUMBER,
]


@dataclass(frozen=True)
class Finding:
    kind: PiiKind
    start: int  # span in the original text, text[start:end]
    end: int

    @property
    def label(self) -> str:
        return _WORDING[self.kind].label

    @property
    def suggestion(self) -> str:
        return _WORDING[self.kind].suggestion


def find_personal_details(text: str, *, today: date | None = None) -> list[Finding]:
    """Sorted by start, non-overlapping (when two finders overlap keep the more specific / longer one)."""
    today = today or date.today()
    # LearnLoop's own references (LL-7KQ3-92XD) are safe to share: no finder gets to see them.
    readable = _LEARNLOOP_REFERENCE.sub(lambda m: "_" * len(m.group()), text)
    found = [finding for finder in _FINDERS for finding in finder(readable, today)]
    found += _phone_numbers(readable, found)
    found.sort(
        key=lambda f: (f.kind is PiiKind.NHS_NUMBER, f.end - f.start, _SPECIFICITY.index(f.kind)),
        reverse=True,
    )
    kept: list[Finding] = []
    for finding in found:
        if all(finding.end <= other.start or other.end <= finding.start for other in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)


def mask(text: str, findings: Iterable[Finding]) -> str:
    """Reviewer's copy: each span replaced by a bracketed placeholder such as [NHS number], [name], [postcode]."""
    pieces: list[str] = []
    cursor = 0
    for finding in sorted(findings, key=lambda f: (f.start, -f.end)):
        if finding.start < cursor:
            # Overlaps what is already masked: hide the rest of it too rather than leak it.
            cursor = max(cursor, finding.end)
            continue
        pieces += [text[cursor:finding.start], _WORDING[finding.kind].placeholder]
        cursor = finding.end
    pieces.append(text[cursor:])
    return "".join(pieces)


# --- vocabulary ---------------------------------------------------------------------------
_HONORIFICS = frozenset("mr mrs ms miss mx dr prof professor sir dame rev revd".split())

# Words after which a capitalised word is almost always somebody's name ("mum Sarah").
_NAME_CUES = frozenset("""
    mum mummy mother mom dad daddy father stepmum stepmother stepdad stepfather step-mum
    step-dad parent brother sister sibling half-brother half-sister son daughter baby child
    boy girl grandmother grandma gran nan nana nanna grandad grandfather grandparent aunt
    auntie aunty uncle cousin partner boyfriend girlfriend husband wife ex-partner carer
    guardian pupil student teenager infant toddler neighbour friend called named aka
""".split())
# Cues that a family capitalises mid-sentence because it is what they call the person.
_FORMS_OF_ADDRESS = frozenset("mum mummy dad daddy nan nana nanna gran grandma grandad "
                              "auntie aunty uncle".split())

# Capitalised words that are safeguarding, agency, calendar or grammar vocabulary, never a
# family's name. Kept short on purpose: add a word when a real report trips over it.
_SAFE_WORDS = frozenset("""
    safeguarding children child children's childrens young people person family families
    social care services service health visitor visitors visiting designated lead leads
    officer officers police constable sergeant detective school schools academy college high
    junior juniors infants start nursery university hospital trust council borough county
    city town district local task finish authority authorities board boards partnership
    partnerships panel group team teams unit centre center hub forum committee executive
    chair independent scrutineer scrutiny lay member members challenge serious case review
    reviews rapid learning improvement practice framework audit working together early help
    front door multi multi-agency agency agencies partner partners strategy discussion
    meeting conference plan protection assessment referral section order act court courts
    crown magistrates youth offending justice domestic abuse violence homicide sexual
    criminal exploitation missing mental emergency duty department education office home
    adult adults wellbeing quality assurance death overview national annual report single
    statutory strategic training development management performance community safety public
    primary secondary special educational needs virtual looked after leaving leaver foster
    fostering adoption kinship guardianship doctor nurse midwife midwifery paediatrician
    paediatric consultant practitioner practitioners manager worker workers head teacher
    headteacher deputy senior general surgery clinic ward maternity accident ambulance fire
    rescue probation housing citizens advice aid women women's universal credit operation
    encompass signs speech language therapy therapist childline samaritans barnardo's
    barnardos victim support year stage reception north south east west central royal st
    saint new old great upper lower england wales britain kingdom english british european
    christmas easter covid internet online microsoft google facebook instagram snapchat
    tiktok whatsapp youtube zoom slack
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    road street avenue close lane drive way crescent court gardens place terrace grove walk
    rise square mews hill row parade vale park green
    the a an this that these those our their his her my your we they she he it there here
    what which when where who how why if but and or not no yes all any each every some other
    another key future first second third last next final initial further joint full best
    pan out up off over on in at to by for from with of into onto about after before since
    until during
""".split()) | _HONORIFICS | _NAME_CUES

# A capitalised pair after these is a place or an organisation ("in West Berkshire", "the
# Local Authority", "moved to Milton Keynes"), not a person.
_PLACE_OR_ORG_LEADS = frozenset("the a an in at within across near via per under".split())
_PLACE_LEADS = frozenset({"moved to", "moved from", "moving to", "came from", "went to",
                          "travelled to", "travelled from", "relocated to", "returned to"})
_TITLE_SMALL_WORDS = frozenset("a an and as at by for from in into of on or the to with".split())

# Endings of the common nouns and participles that headings are made of ("Conducting Audits",
# "Targeted Prevention"); names almost never end this way.
_NOUN_ENDINGS = re.compile(r"(?:tion|sion|ments?|ness|ships?|ology|ysis|ings|ical|ative|ities)$",
                           re.IGNORECASE)
_GIVEN_NAME_NEVER_ENDS = re.compile(
    r"(?:\w{3}ing|ated|eted|ered|ised|ized|ured|tred|[^aeiousy'’]s)$")

_MONTHS = {
    name: number
    for number, names in enumerate(
        "jan january|feb february|mar march|apr april|may|jun june|jul july|aug august"
        "|sep sept september|oct october|nov november|dec december".split("|"), start=1)
    for name in names.split()
}

# --- patterns -----------------------------------------------------------------------------
_LEARNLOOP_REFERENCE = re.compile(r"\bLL-[A-Z0-9]{4}-[A-Z0-9]{4}\b", re.IGNORECASE)
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
    r"(?:ref(?:erence)?|no|number|id)|ref(?:erence)?(?:\s*(?:no|number))?|lcs|mosaic|ehm|upn|id))"
    r"\b\.?\s*[:#]?\s*(?P<id>(?:[A-Z]{1,4}[-/]?)?\d[\d/-]*\d)(?![\w-])")

_EXTENSION = re.compile(r"[\s,;]*(?:ext(?:ension)?\.?|x|#)\s*\d+#?$", re.IGNORECASE)
# Freephone, 03 and premium numbers belong to services (Childline, a council's front door).
_PEOPLES_PHONE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE,
                        PhoneNumberType.FIXED_LINE_OR_MOBILE, PhoneNumberType.PERSONAL_NUMBER,
                        PhoneNumberType.VOIP}

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_WORD_JOINS = re.compile(r"['’-]")
_HONORIFIC_GAP = re.compile(r"\.? +")  # "Mr. Kowalski"
_CUE_GAP = re.compile(r" *[,:(]? *")  # "mum Sarah", "the child, Kai", "Mum (Chantelle)"
_LOWER_CASE_WORD = re.compile(r"\b[a-z]+\b")
_PROSE_PUNCTUATION = re.compile(r"[,;!?]|\.(?!\d)")  # but not the dot of "5.1 Key Reports"
_PLACEHOLDER = re.compile(r"\[[^]]*\]")
# Where a capital letter is grammar, not a name: after a bullet, a list number, heading
# markup, a full stop or colon, or an HTML tag.
_LINE_START = re.compile(r"\s*(?:[-–•*#>]+\s*|\d{1,2}(?:\.\d{1,2})*[.)]?\s+)*[(\"'“‘*]*")
_AFTER_SENTENCE_END = re.compile(r"(?:[.!?:;][\"'”’)*]*\s+|>\s*)[(\"'“‘*]*$")


# --- finders ------------------------------------------------------------------------------
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
        if not all(_is_safe_word(word) for word in m.group("street").split()):
            yield Finding(PiiKind.ADDRESS, m.start(), m.end())


def _phone_numbers(text: str, found: list[Finding]) -> list[Finding]:
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
            for match in phonenumbers.PhoneNumberMatcher("".join(chars), "GB")
            if phonenumbers.number_type(match.number) in _PEOPLES_PHONE_TYPES
        ]
        if not blank:
            break
        phones += blank
    return phones


def _dates_of_birth(text: str, today: date) -> Iterator[Finding]:
    earliest, latest = _years_before(today, 25), today - timedelta(days=365)
    for start, end, when in _dates(text, today):
        if _DOB_BEFORE.search(text, max(0, start - 60), start) or _DOB_AFTER.match(text, end):
            yield Finding(PiiKind.DATE_OF_BIRTH, start, end)
        elif earliest <= when <= latest and not _EVENT_LEAD.search(text, max(0, start - 25), start):
            yield Finding(PiiKind.DATE_OF_BIRTH, start, end)


def _dates(text: str, today: date) -> Iterator[tuple[int, int, date]]:
    for pattern, (day, month, year) in ((_NUMERIC_DATE, (1, 3, 4)), (_DAY_MONTH_YEAR, (1, 2, 3)),
                                        (_MONTH_DAY_YEAR, (2, 1, 3))):
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


# --- names --------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    end: int


def _names(text: str, today: date) -> Iterator[Finding]:
    words = [_Word(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    for i, word in enumerate(words[:-1]):
        lower, gap = word.text.lower(), text[word.end:words[i + 1].start]
        if lower in _HONORIFICS and _HONORIFIC_GAP.fullmatch(gap):
            name = list(takewhile(lambda w: _looks_like_name(w.text),
                                  _capitalised_run(text, words, i + 1)))
            if name:
                yield _name_finding(word, name[-1])
        elif (
            lower in _NAME_CUES and _CUE_GAP.fullmatch(gap)
            # A capitalised "Child" mid-sentence starts a title ("Child Centred System").
            and (word.text.islower() or lower in _FORMS_OF_ADDRESS
                 or _starts_sentence(text, word.start))
        ):
            name = _capitalised_run(text, words, i + 1)
            # "called Bedfordshire Police" is an agency: a longer run is a title, not a person.
            if 1 <= len(name) <= 3 and _could_be_name(*(w.text for w in name)):
                yield _name_finding(name[0], name[-1])
    yield from _full_names(text, words)


def _full_names(text: str, words: list[_Word]) -> Iterator[Finding]:
    """'Firstname Surname' mid-sentence, standing alone rather than inside a longer title."""
    i = 0
    while i < len(words):
        run = _capitalised_run(text, words, i)
        i += max(len(run), 1)
        if run and _starts_sentence(text, run[0].start):
            run = run[1:]
        if (len(run) == 2 and _could_be_name(run[0].text, run[1].text)
                and not _follows_place_or_org_lead(text, run[0].start)
                and not _in_heading(text, run[0].start)):
            yield _name_finding(run[0], run[1])


def _capitalised_run(text: str, words: list[_Word], i: int) -> list[_Word]:
    """words[i] and the capitalised words after it, each following a single space."""
    run: list[_Word] = []
    for word in words[i:]:
        if not _is_capitalised(word.text) or (run and text[run[-1].end:word.start] != " "):
            break
        if run and word.text.lower() in _HONORIFICS:  # "mum Sarah Mrs Patel": two people
            break
        run.append(word)
        if word.text != _strip_possessive(word.text):  # "Sarah's Mum": the name ends here
            break
    return run


def _is_capitalised(word: str) -> bool:
    # Title Case only: "I", the "A" of "Child A" and acronyms (MASH, DOB) end a name.
    return word[0].isupper() and not word.isupper()


def _looks_like_name(word: str) -> bool:
    return (len(word) >= 2 and word[0].isupper() and (word[1].islower() or word[1] in "'’")
            and not _is_safe_word(word))


def _could_be_name(given: str, *others: str) -> bool:
    return (all(_looks_like_name(w) and not _NOUN_ENDINGS.search(w) for w in (given, *others))
            and not _GIVEN_NAME_NEVER_ENDS.search(given))


def _is_safe_word(word: str) -> bool:
    lower = _strip_possessive(word).lower()
    return any(part in _SAFE_WORDS for part in (lower, *_WORD_JOINS.split(lower)))


def _strip_possessive(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _name_finding(first: _Word, last: _Word) -> Finding:
    return Finding(PiiKind.PERSON_NAME, first.start, last.start + len(_strip_possessive(last.text)))


def _starts_sentence(text: str, start: int) -> bool:
    line = text[text.rfind("\n", 0, start) + 1:start]
    return bool(_LINE_START.fullmatch(line) or _AFTER_SENTENCE_END.search(line))


def _follows_place_or_org_lead(text: str, start: int) -> bool:
    before = text[max(0, start - 30):start].lower().split()
    return bool(before) and (before[-1] in _PLACE_OR_ORG_LEADS
                             or " ".join(before[-2:]) in _PLACE_LEADS)


def _in_heading(text: str, position: int) -> bool:
    """Headings and table cells: Title Case, no lower-case word but "and", "of" and such, and
    none of a sentence's punctuation."""
    start = max(text.rfind(sep, 0, position) for sep in "\n\t|>")
    ends = [i for i in (text.find(sep, position) for sep in "\n\t|<") if i >= 0]
    # Our own placeholders ("[NHS number]") do not turn a masked heading into prose.
    segment = _PLACEHOLDER.sub("", text[start + 1:min(ends, default=len(text))])
    return not _PROSE_PUNCTUATION.search(segment) and all(
        word in _TITLE_SMALL_WORDS for word in _LOWER_CASE_WORD.findall(segment))


_FINDERS = (_nhs_numbers, _emails, _case_numbers, _dates_of_birth, _postcodes, _addresses,
            _names)
