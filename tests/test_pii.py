"""The PII guard: what it warns about in report text, what it leaves alone, and the masked copy."""

from __future__ import annotations

from datetime import date

import phonenumbers
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from stdnum.gb import nhs

from learning.privacy.pii import Finding, PiiKind, find_personal_details, mask

TODAY = date(2026, 5, 1)
FAST = settings(max_examples=60, deadline=None)


def found(text: str) -> list[tuple[PiiKind, str]]:
    return [(f.kind, text[f.start:f.end]) for f in find_personal_details(text, today=TODAY)]


# --- realistic reports --------------------------------------------------------------------
REPORTS_WITH_DETAILS = {
    "health visitor, new birth visit": (
        "At the new birth visit mum Sarah said the baby's NHS number was 943 476 5870 and his "
        "DOB 12/03/2025. I could not see the record on SystmOne, so the GP was not told.",
        [(PiiKind.PERSON_NAME, "Sarah"), (PiiKind.NHS_NUMBER, "943 476 5870"),
         (PiiKind.DATE_OF_BIRTH, "12/03/2025")],
    ),
    "school DSL, front door did not call back": (
        "As DSL I rang Children's Social Care on 3 March 2026 about a Year 4 pupil, Kai Smith "
        "(born 14th June 2017), who lives at Flat 3, 22 Mill Lane, Luton LU1 2AB. The Front "
        "Door did not call back for two days.",
        [(PiiKind.PERSON_NAME, "Kai Smith"), (PiiKind.DATE_OF_BIRTH, "14th June 2017"),
         (PiiKind.ADDRESS, "Flat 3, 22 Mill Lane"), (PiiKind.POSTCODE, "LU1 2AB")],
    ),
    "police, domestic abuse call-out": (
        "Police attended a domestic abuse incident at 14 Acacia Road. Mother's partner Jason "
        "Clarke was arrested. Crime ref: CS-20481. The MASH was not notified until the "
        "following week, so the school did not know.",
        [(PiiKind.ADDRESS, "14 Acacia Road"), (PiiKind.PERSON_NAME, "Jason Clarke"),
         (PiiKind.CASE_NUMBER, "CS-20481")],
    ),
    "social worker, carer unreachable": (
        "I emailed the foster carer at jane.doe@example.org and called her mobile on "
        "07412 345678; the landline 01582 123456 went unanswered all weekend.",
        [(PiiKind.EMAIL, "jane.doe@example.org"), (PiiKind.PHONE_NUMBER, "07412 345678"),
         (PiiKind.PHONE_NUMBER, "01582 123456")],
    ),
    "social worker, grandmother and records": (
        "I spoke to Mrs Patel, the child's grandmother, who said her grandson was called "
        "Tyler. LCS 0049231 showed an open child in need plan; CP ref 88213 was closed.",
        [(PiiKind.PERSON_NAME, "Mrs Patel"), (PiiKind.PERSON_NAME, "Tyler"),
         (PiiKind.CASE_NUMBER, "0049231"), (PiiKind.CASE_NUMBER, "88213")],
    ),
    "hospital, bruised infant": (
        "A 4 month old infant with bruising was seen in A&E. The paediatrician, Dr Okafor, "
        "asked for a strategy discussion. ID 4471923 on the hospital system.",
        [(PiiKind.PERSON_NAME, "Dr Okafor"), (PiiKind.CASE_NUMBER, "4471923")],
    ),
    "teacher, disclosure": (
        "Yesterday Tyler Smith told his teacher that his stepdad hits him. We rang "
        "Childline on 0800 1111 with him and the council front door on 0300 123 4567.",
        [(PiiKind.PERSON_NAME, "Tyler Smith")],
    ),
    "school nurse, siblings": (
        "Date of birth: March 12, 2015. Her brother Jordan Lee (d.o.b. 02-11-13) attends the "
        "same primary school and has missed 30 sessions.",
        [(PiiKind.DATE_OF_BIRTH, "March 12, 2015"), (PiiKind.PERSON_NAME, "Jordan Lee"),
         (PiiKind.DATE_OF_BIRTH, "02-11-13")],
    ),
    "early help worker, contact details": (
        "Dad gave his number as +44 7412 345678 and his email as Sarah.Jones@nhs.net; the "
        "family have since moved to M1 1AE. Case no. 123456 was closed by Early Help.",
        [(PiiKind.PHONE_NUMBER, "+44 7412 345678"), (PiiKind.EMAIL, "Sarah.Jones@nhs.net"),
         (PiiKind.POSTCODE, "M1 1AE"), (PiiKind.CASE_NUMBER, "123456")],
    ),
    "health visitor, undated birth in an older year": (
        "The twins' red book showed 12.03.2015 and the older girl, named Leah, had no "
        "immunisations recorded at all.",
        [(PiiKind.DATE_OF_BIRTH, "12.03.2015"), (PiiKind.PERSON_NAME, "Leah")],
    ),
}

CLEAN_REPORTS = {
    "anonymised roles": (
        "Child A (aged 6) and Sibling 2 were seen by the GP. Mother B said the Health Visitor "
        "had not visited since March. The Designated Safeguarding Lead escalated to Early Help."
    ),
    "incident date this year and a LearnLoop reference": (
        "On 3 March 2026 the school rang. The strategy discussion on Tuesday 14 April 2026 "
        "did not include the school. Please quote ref LL-7KQ3-92XD, our reference."
    ),
    "agencies and meetings": (
        "Following the Child Protection Conference the Core Group met twice. The LADO said the "
        "Emergency Duty Team should have called Adult Social Care and the Multi-Agency "
        "Safeguarding Hub. Ofsted and the NHS trust were told."
    ),
    "partnership vocabulary": (
        "Working Together 2023 says that learning should be shared. In West Berkshire the LSCB "
        "ran a Serious Case Review in 2016/17 and the Independent Chair took it to the Board."
    ),
    "services named in passing": (
        "The Special Educational Needs Coordinator asked for Speech and Language Therapy. The "
        "mother said she had called Childline, Women's Aid and Citizens Advice."
    ),
    "an older event date": (
        "On 12 March 2015 the family first moved to the area, and since 2 June 2019 the "
        "school has held a chronology. The child was born in the town."
    ),
    "school years and key stages": (
        "The Year 6 class moved to KS2 3rd term work early; the Y6 1st assembly was at 9am "
        "and 2 Family Court hearings were adjourned."
    ),
    "headings in title case": (
        "Principles for Conducting Audits\nLearning and Improvement Framework\n"
        "Critical Incidents and Root Cause Analysis are covered by the Quality Assurance group."
    ),
    "sentence-initial capitals and weekdays": (
        "Monday was busy. Nobody rang back. Police Scotland had the log. Tuesday Morning "
        "Briefings now include a slot on neglect."
    ),
    "service phone numbers": (
        "Staff now give families Childline (0800 1111) and the NSPCC helpline 0808 800 5000."
    ),
}


@pytest.mark.parametrize("text, expected", REPORTS_WITH_DETAILS.values(), ids=REPORTS_WITH_DETAILS)
def test_realistic_report_has_its_personal_details_found(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", CLEAN_REPORTS.values(), ids=CLEAN_REPORTS)
def test_realistic_report_without_personal_details_raises_no_warning(text):
    assert found(text) == []


@pytest.mark.parametrize("text", [t for t, _ in REPORTS_WITH_DETAILS.values()],
                         ids=REPORTS_WITH_DETAILS)
def test_masked_report_has_nothing_left_to_find(text):
    assert found(mask(text, find_personal_details(text, today=TODAY))) == []


# --- NHS numbers --------------------------------------------------------------------------
@pytest.mark.parametrize("written", ["943 476 5870", "943-476-5870", "9434765870"])
def test_valid_nhs_number_is_found_plain_spaced_or_hyphenated(written):
    assert found(f"NHS no {written} on the red book") == [(PiiKind.NHS_NUMBER, written)]


def test_nhs_number_with_wrong_check_digit_is_not_an_nhs_number():
    assert PiiKind.NHS_NUMBER not in [kind for kind, _ in found("NHS no 943 476 5871")]


def test_valid_nhs_number_is_reported_as_nhs_number_not_phone_number():
    assert found("number 4010232137 given") == [(PiiKind.NHS_NUMBER, "4010232137")]


def test_phone_number_written_right_after_an_nhs_number_is_still_found():
    assert found("07412 345678 943 476 5870") == [(PiiKind.PHONE_NUMBER, "07412 345678"),
                                                 (PiiKind.NHS_NUMBER, "943 476 5870")]


def nhs_numbers(valid: bool) -> st.SearchStrategy[str]:
    def with_check_digit(nine: str) -> str:
        digits = [nine + str(d) for d in range(10) if nhs.is_valid(nine + str(d)) == valid]
        assume(digits)
        return digits[0]
    return st.text("0123456789", min_size=9, max_size=9).map(with_check_digit)


SEPARATOR = st.sampled_from(["", " ", "-"])
BEFORE = st.sampled_from(["", "NHS number ", "The baby's NHS no. is ", "(", "number: "])
AFTER = st.sampled_from(["", ".", " was not on the record", ")", ", the GP said"])


@FAST
@given(BEFORE, nhs_numbers(valid=True), SEPARATOR, AFTER)
def test_any_valid_nhs_number_in_text_is_found_with_its_exact_span(before, number, sep, after):
    written = nhs.format(number, separator=sep)
    text = before + written + after
    assert Finding(PiiKind.NHS_NUMBER, len(before), len(before) + len(written)) in (
        find_personal_details(text, today=TODAY)
    )


@FAST
@given(BEFORE, nhs_numbers(valid=False), SEPARATOR, AFTER)
def test_ten_digits_with_a_wrong_check_digit_are_never_an_nhs_number(before, number, sep, after):
    text = before + nhs.format(number, separator=sep) + after
    assert all(f.kind != PiiKind.NHS_NUMBER for f in find_personal_details(text, today=TODAY))


# --- phone numbers and emails -------------------------------------------------------------
@pytest.mark.parametrize("written", ["07412 345678", "07412345678", "+44 7412 345678",
                                     "0161 496 0000", "020 7946 0000", "(01582) 123456"])
def test_uk_mobiles_and_landlines_are_found(written):
    assert found(f"rang her on {written} twice") == [(PiiKind.PHONE_NUMBER, written)]


def test_labelled_phone_number_is_a_phone_number_not_a_case_number():
    assert found("ref 01582 123456 on the letter") == [(PiiKind.PHONE_NUMBER, "01582 123456")]


def test_phone_extension_is_left_out_of_the_span():
    assert found("rang 01582 123456 ext 204 twice") == [(PiiKind.PHONE_NUMBER, "01582 123456")]


@pytest.mark.parametrize("written", ["07700 900123", "01632 960774", "(01632) 960 412",
                                     "+44 7700 900318", "07700900461"])
def test_possible_uk_numbers_that_are_not_allocated_are_still_found(written):
    assert not phonenumbers.is_valid_number(phonenumbers.parse(written, "GB"))
    assert found(f"rang mum on {written} twice") == [(PiiKind.PHONE_NUMBER, written)]


@pytest.mark.parametrize("text", ["there were 412 contacts and 118 referrals in 2025",
                                  "the team held 2025 visits", "Year 6 had 31 pupils"])
def test_counts_and_years_are_not_phone_numbers(text):
    assert found(text) == []


@pytest.mark.parametrize("service", ["0800 1111", "0300 123 4567", "0808 800 5000"])
def test_freephone_and_service_numbers_are_not_someones_phone(service):
    assert found(f"gave the family {service} to ring") == []


UK_MOBILES = st.builds(
    lambda network, rest: "07" + network + rest,
    st.sampled_from("1234579"), st.text("0123456789", min_size=8, max_size=8),
).filter(lambda n: phonenumbers.is_valid_number(phonenumbers.parse(n, "GB")))


@FAST
@given(UK_MOBILES, st.booleans(), st.sampled_from(["mum's mobile is ", "call ", "on "]))
def test_any_uk_mobile_number_is_found_as_a_phone_number(number, spaced, before):
    written = f"{number[:5]} {number[5:]}" if spaced else number
    text = f"{before}{written} after school."
    assert found(text) == [(PiiKind.PHONE_NUMBER, written)]


EMAILS = st.builds(
    lambda local, labels, tld: f"{local}@{'.'.join(labels)}.{tld}",
    st.from_regex(r"[a-z][a-z0-9]{0,8}([._+-][a-z0-9]{1,6}){0,2}", fullmatch=True),
    st.lists(st.from_regex(r"[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True),
             min_size=1, max_size=3),
    st.from_regex(r"[a-z]{2,6}", fullmatch=True),
)


@FAST
@given(EMAILS, st.sampled_from(["", "emailed ", "(", "Dad's address is "]),
       st.sampled_from(["", ".", ")", " on Friday"]))
def test_any_email_address_is_found_with_its_exact_span(email, before, after):
    assert found(before + email + after) == [(PiiKind.EMAIL, email)]


# --- postcodes ----------------------------------------------------------------------------
@pytest.mark.parametrize("written", ["LU1 2AB", "SW1A 1AA", "M1 1AE", "B33 8TH", "lu1 2ab",
                                     "EC1A1BB"])
def test_uk_postcodes_are_found(written):
    assert found(f"they live near {written} now") == [(PiiKind.POSTCODE, written)]


OUTWARD_FORMATS = ["A9", "A99", "AA9", "AA99", "A9A", "AA9A"]
FIRST, SECOND = "ABCDEFGHIJKLMNOPRSTUWYZ", "ABCDEFGHKLMNOPQRSTUVWXY"
THIRD, FOURTH, INWARD = "ABCDEFGHJKPSTUW", "ABEHMNPRVWXY", "ABDEFGHJLNPQRSTUWXYZ"


@st.composite
def postcodes(draw) -> str:
    shape = draw(st.sampled_from(OUTWARD_FORMATS))
    digit = st.sampled_from("0123456789")
    letters = {"A9": [FIRST], "A99": [FIRST], "AA9": [FIRST, SECOND], "AA99": [FIRST, SECOND],
               "A9A": [FIRST, THIRD], "AA9A": [FIRST, SECOND, FOURTH]}[shape]
    outward, pools = "", iter(letters)
    for symbol in shape:
        outward += draw(digit if symbol == "9" else st.sampled_from(next(pools)))
    inward = draw(digit) + draw(st.sampled_from(INWARD)) + draw(st.sampled_from(INWARD))
    return f"{outward} {inward}"


@FAST
@given(postcodes(), st.sampled_from(["", "moved to ", "the flat in "]),
       st.sampled_from(["", ".", ", near the park"]))
def test_any_postcode_in_the_royal_mail_format_is_found(postcode, before, after):
    assert found(before + postcode + after) == [(PiiKind.POSTCODE, postcode)]


# --- dates of birth -----------------------------------------------------------------------
