"""The personal-details guard, continued: dates of birth, addresses, case numbers, names,
and what masking leaves."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from learning.privacy.pii import Finding, PiiKind, find_personal_details, mask
from learning.privacy.pii.given_names import known_given_names
from tests.test_pii import (CLEAN_REPORTS, EMAILS, REPORTS_WITH_DETAILS, UK_MOBILES, nhs_numbers,
                            postcodes)

TODAY = date(2026, 5, 1)
FAST = settings(max_examples=60, deadline=None)


def found(text: str) -> list[tuple[PiiKind, str]]:
    return [(f.kind, text[f.start:f.end]) for f in find_personal_details(text, today=TODAY)]


# --- realistic reports --------------------------------------------------------------------

@pytest.mark.parametrize("text, written", [
    ("DOB 12/03/2015 per the school", "12/03/2015"),
    ("D.O.B.: 12-03-15, seen by GP", "12-03-15"),
    ("born on 12.03.2015 at home", "12.03.2015"),
    ("date of birth 12 March 2015", "12 March 2015"),
    ("born 12th March 2015", "12th March 2015"),
    ("born March 12 2015 in Luton", "March 12 2015"),
    ("born on 3 January 2026, so a baby", "3 January 2026"),
    ("12 Sept 2014 (DOB) on file", "12 Sept 2014"),
    ("DOB 2015-03-14 on the referral", "2015-03-14"),
    ("born 2011-06-02 in Luton", "2011-06-02"),
])
def test_date_next_to_a_birth_word_is_a_date_of_birth(text, written):
    assert found(text) == [(PiiKind.DATE_OF_BIRTH, written)]


def test_date_in_a_childs_lifetime_is_a_possible_date_of_birth_even_without_a_birth_word():
    text = "One pupil, 14/06/2017, was not in school"
    assert found(text) == [(PiiKind.DATE_OF_BIRTH, "14/06/2017")]


@pytest.mark.parametrize("text", [
    "on 3 March 2026 the school rang",
    "the referral of 28/04/2026 was not acknowledged",
    "since 2 June 2019 nobody has visited",
    "on Monday 14 June 2021 the conference met",
    "Review date: 01.10.21",
    "an adult, 12/03/1980, was present",
    "She was born in Luton. The school rang on 3 March 2026.",
])
def test_incident_dates_and_adult_dates_are_not_dates_of_birth(text):
    assert found(text) == []


def test_impossible_dates_are_ignored():
    assert found("DOB 31/02/2015") == []


def test_what_counts_as_a_childs_birth_date_moves_with_today():
    text = "One pupil, 14/06/2017, was not in school"
    assert find_personal_details(text, today=date(2018, 1, 1)) == []
    assert find_personal_details(text, today=date(2044, 1, 1)) == []


# --- addresses and case numbers -----------------------------------------------------------
@pytest.mark.parametrize("written", ["14 Acacia Road", "Flat 3, 22 Mill Lane", "7a Church Street",
                                     "101 St John's Avenue", "Apartment 12 Victoria Court"])
def test_house_number_and_street_is_an_address(written):
    assert found(f"the family live at {written} with a lodger") == [(PiiKind.ADDRESS, written)]


@pytest.mark.parametrize("text, identifier", [
    ("see case no. 123456 for the chronology", "123456"),
    ("ref: CS-20481 on the system", "CS-20481"),
    ("LCS 0049231 was closed", "0049231"),
    ("hospital ID 4471923 only", "4471923"),
    ("CP ref 88213 was ended", "88213"),
    ("Crime reference number 45/12345/24 was given", "45/12345/24"),
])
def test_labelled_case_number_is_found(text, identifier):
    assert found(text) == [(PiiKind.CASE_NUMBER, identifier)]


@pytest.mark.parametrize("reference", ["LL-7KQ3-92XD", "LL-2345-6789", "ll-7kq3-92xd"])
def test_learnloop_report_reference_is_never_flagged(reference):
    assert found(f"Following up on ref {reference}: any news?") == []


# --- names --------------------------------------------------------------------------------
@pytest.mark.parametrize("text, name", [
    ("I spoke to Mrs Patel at the door", "Mrs Patel"),
    ("Mr. Kowalski refused entry", "Mr. Kowalski"),
    ("I told Ms Sarah Jane Smith the outcome", "Ms Sarah Jane Smith"),
    ("the GP, Dr Okafor, was not told", "Dr Okafor"),
    ("her brother Tyler was there", "Tyler"),
    ("the child, Kai Smith, was in Year 4", "Kai Smith"),
    ("a girl called Leah was with them", "Leah"),
    ("the baby, named Jordan, was asleep", "Jordan"),
    ("Mum Sarah-Louise said she was fine", "Sarah-Louise"),
    ("we later saw Chloë O'Brien at the clinic", "Chloë O'Brien"),
    ("I told Sarah Jones I would ring back", "Sarah Jones"),
    ("after that Tyler Smith's mum rang", "Tyler Smith"),
    ("we then saw Kai Smith DOB unknown", "Kai Smith"),
    ("I told Mum Sarah about the plan", "Sarah"),
    ("Mum (Chantelle) said her partner had left", "Chantelle"),
    ("Spoke to Karen Smith, the DSL at Ashfield Primary.", "Karen Smith"),
])
def test_likely_person_name_is_found(text, name):
    assert found(text) == [(PiiKind.PERSON_NAME, name)]


@pytest.mark.parametrize("text", [
    "Child A told Mother B and Sibling 2 about it",
    "the case went to the Designated Safeguarding Lead and the Health Visitor",
    "the child was then seen at A&E and referred to Early Help by the GP",
    "she called Bedfordshire Police and then Children's Social Care",
    "it was raised at the Child Protection Conference in March",
    "the meeting was on Tuesday and the report went to Ofsted and the LSCB",
    "Nobody Checked the register that day",
    "the school, Stopsley High, said he was missing",
    "information was shared with Sure Start and Home-Start",
    "the family moved from Milton Keynes last year",
    "the partnership's Learning Lead sent a Seven Minute Briefing",
])
def test_roles_agencies_anonymised_forms_and_sentence_starts_are_not_names(text):
    assert found(text) == []


@pytest.mark.parametrize("text, names", [
    ("the nurse saw marks on Ellie's arm", ["Ellie"]),
    ("nobody told the school that Kian had moved", ["Kian"]),
    ("Maya (DOB not known) was not on the list", ["Maya"]),
    ("Hope missed her appointment again", ["Hope"]),
    ("I visited and Grace was in the kitchen alone", ["Grace"]),
    ("Kian and Maya were left with a neighbour", ["Kian", "Maya"]),
    ("the school rang about Tyler after Leah told them", ["Tyler", "Leah"]),
    ("Chloë was seen by the GP", ["Chloë"]),
    ("Lily-Mae's attendance dropped", ["Lily-Mae"]),
    ("Jaden Kowalski was discharged without a plan", ["Jaden Kowalski"]),
    # Names no dictionary may have, found by their position alone.
    ("the nurse saw marks on Oluwaseun's arm", ["Oluwaseun"]),
    ("I told Mhairi that her mum was on the way", ["Mhairi"]),
    ("nobody knew that Ruaridh had moved", ["Ruaridh"]),
])
def test_a_given_name_alone_is_found_mid_sentence_and_at_a_sentence_start(text, names):
    assert found(text) == [(PiiKind.PERSON_NAME, name) for name in names]


@pytest.mark.parametrize("text", [
    "Hope was what the family said they had lost.",
    "Will the partnership look again at the policy?",
    "Summer holidays left the children without meals.",
    "the family moved from Preston to Chester last year",
    "Queen Elizabeth Hospital in King's Lynn had the alert",
    "St George's and Holy Trinity share a Family Hub",
    "The Police and Crime Commissioner funded the outreach",
    "Change Grow Live had the father open to their service",
    "Kooth and Brook were suggested, but she had no credit",
    "Ofsted's report mentioned delays at the Front Door",
])
def test_words_of_the_field_that_are_also_given_names_stay_quiet(text):
    assert found(text) == []


def test_the_given_name_dictionary_is_loaded_from_faker_and_is_broad():
    names = known_given_names()
    assert len(names) > 10_000
    assert {"ellie", "kian", "maya", "muhammad", "wiktor"} <= names
    assert "police" not in names


# --- findings and the masked copy ---------------------------------------------------------
def test_every_kind_has_plain_words_for_the_reporter():
    for kind in PiiKind:
        finding = Finding(kind, 0, 1)
        assert finding.label and finding.suggestion.endswith(".")
        assert kind.value == kind.name.lower()
    assert Finding(PiiKind.NHS_NUMBER, 0, 1).label == "an NHS number"
    assert "age band" in Finding(PiiKind.DATE_OF_BIRTH, 0, 1).suggestion


def test_mask_replaces_each_span_with_a_placeholder_for_reviewers():
    text = "mum Sarah gave NHS no 943 476 5870 and postcode LU1 2AB"
    assert mask(text, find_personal_details(text, today=TODAY)) == (
        "mum [name] gave NHS no [NHS number] and postcode [postcode]"
    )


def test_mask_hides_the_union_of_overlapping_findings_rather_than_leak_a_part():
    text = "call 07412 345678 now"
    overlapping = [Finding(PiiKind.PHONE_NUMBER, 5, 10), Finding(PiiKind.CASE_NUMBER, 8, 17)]
    assert mask(text, overlapping) == "call [phone number] now"


FRAGMENTS = [
    *[text for text, _ in REPORTS_WITH_DETAILS.values()], *CLEAN_REPORTS.values(),
    "mum Sarah", "Kai Smith", "DOB 12/03/2015", "LU1 2AB", "07412 345678", "943 476 5870",
    "ref: CS-20481", "14 Acacia Road", "LL-7KQ3-92XD", "Mrs Patel", "On 3 March 2026", ".",
]
REPORT_TEXT = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), EMAILS, postcodes(), UK_MOBILES,
              nhs_numbers(valid=True), st.text(max_size=12)),
    max_size=6,
).flatmap(lambda parts: st.sampled_from([" ", "\n", ", "]).map(lambda sep: sep.join(parts)))


def test_spans_point_into_the_text_exactly_as_the_reporter_wrote_it():
    text = "Re LL-7KQ3-92XD:\tmum  Sarah,  DOB\t12/03/2015, NHS 943-476-5870 ,\u00a0LU1 2AB"
    assert found(text) == [(PiiKind.PERSON_NAME, "Sarah"), (PiiKind.DATE_OF_BIRTH, "12/03/2015"),
                           (PiiKind.NHS_NUMBER, "943-476-5870"), (PiiKind.POSTCODE, "LU1 2AB")]


@FAST
@given(REPORT_TEXT)
def test_findings_are_sorted_non_overlapping_spans_of_the_text(text):
    findings = find_personal_details(text, today=TODAY)
    assert all(0 <= f.start < f.end <= len(text) for f in findings)
    assert all(a.end <= b.start for a, b in zip(findings, findings[1:], strict=False))


@FAST
@given(REPORT_TEXT)
def test_mask_keeps_everything_between_findings_byte_for_byte(text):
    findings = find_personal_details(text, today=TODAY)
    masked = mask(text, findings)
    position, cursor = 0, 0
    for finding in findings:
        kept = text[cursor:finding.start]
        assert masked[position:position + len(kept)] == kept
        position += len(kept)
        assert masked[position] == "["
        position = masked.index("]", position) + 1
        cursor = finding.end
    assert masked[position:] == text[cursor:]


# Each example once left something for a second look to find: a detail hidden from the first
# look by its neighbour (digit runs merged by libphonenumber, a name run into a postcode).
@FAST
@given(REPORT_TEXT)
@example("07412 345678 943 476 5870")
@example("DOB 12/03/2015 01200000000")
@example("07412 345678 01200000000")
@example("07412 345678 14 Acacia Road")
@example("ref: CS-20481 07412 345678")
@example("01200000000 x0_0@0.0.0.aaa")
@example("0000000000 Kai Smith")
@example("mum Sarah LU1 2AB")
@example("mum Sarah Mrs Patel")
@example("mum Sarah On 12 March 2015 the family moved")
def test_masked_text_has_nothing_left_to_find(text):
    masked = mask(text, find_personal_details(text, today=TODAY))
    assert find_personal_details(masked, today=TODAY) == []
