import hmac
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from sqlalchemy import select


from learning.reports.case_keys import LOCKOUT, MAX_WRONG_ATTEMPTS, check_case_key
from learning.reports.intake import submit_report
from learning.reports.references import split_case_key
from storage.models import CaseKey, Report
from storage.vocabulary import Channel
from tests.drafts import a_draft

NOW = datetime(2026, 11, 20, 10, tzinfo=UTC)


def anonymous_report(database, settings):
    with database.unit_of_work() as uow:
        return submit_report(uow, a_draft(identity_mode="anonymous"), channel=Channel.WEB,
                             settings=settings, now=NOW)


def check(database, settings, typed, now=NOW):
    with database.unit_of_work() as uow:
        result = check_case_key(uow.session, typed, now=now, hash_key=settings.case_key_secret)
        reference = result.report.reference if result.report else None
        uow.commit()
        return reference, result.locked_until


def wrong_secret_for(key: str) -> str:
    last = key[-1]
    return key[:-1] + ("Z" if last != "Z" else "Y")


def test_the_case_key_opens_its_report_however_it_is_typed(database, settings):
    result = anonymous_report(database, settings)
    assert check(database, settings, result.case_key) == (result.reference, None)
    sloppy = result.case_key.lower().replace("-", " ")
    assert check(database, settings, sloppy) == (result.reference, None)


def test_a_key_opens_only_its_own_report(database, settings):
    first = anonymous_report(database, settings)
    second = anonymous_report(database, settings)
    assert check(database, settings, first.case_key)[0] == first.reference
    assert check(database, settings, second.case_key)[0] == second.reference
    mixed = first.case_key[:10] + second.case_key[10:]
    assert check(database, settings, mixed) == (None, None)


def test_wrong_keys_lock_the_case_key_after_the_limit(database, settings):
    result = anonymous_report(database, settings)
    wrong = wrong_secret_for(result.case_key)
    for _ in range(MAX_WRONG_ATTEMPTS - 1):
        assert check(database, settings, wrong) == (None, None)
    assert check(database, settings, wrong) == (None, NOW + LOCKOUT)
    # Locked: even the right key is refused until the lockout ends.
    assert check(database, settings, result.case_key) == (None, NOW + LOCKOUT)
    later = NOW + LOCKOUT + timedelta(seconds=1)
    assert check(database, settings, result.case_key, now=later) == (result.reference, None)


def test_a_right_key_resets_the_count_of_wrong_ones(database, settings):
    result = anonymous_report(database, settings)
    wrong = wrong_secret_for(result.case_key)
    for _ in range(MAX_WRONG_ATTEMPTS - 1):
        check(database, settings, wrong)
    check(database, settings, result.case_key)
    assert check(database, settings, wrong) == (None, None)


def test_nonsense_and_unknown_keys_open_nothing(database, settings):
    anonymous_report(database, settings)
    for typed in ["", "hello", "LL-7KQ3-92XD", "2222-2222-2222-2222-2222-2222", "0" * 24]:
        assert check(database, settings, typed) == (None, None)


def stored_hash(database, reference):
    with database.unit_of_work() as uow:
        return uow.session.scalar(select(CaseKey.secret_hash).join(Report)
                                  .where(Report.reference == reference))


def test_a_case_key_is_stored_as_a_keyed_sha256_of_its_secret(database, settings):
    result = anonymous_report(database, settings)
    secret = split_case_key(result.case_key)[1]
    expected = hmac.new(settings.case_key_secret.encode(), secret.encode(), "sha256").hexdigest()
    assert stored_hash(database, result.reference) == "hmac-sha256$" + expected
    assert secret not in stored_hash(database, result.reference)


def test_a_key_hashed_the_old_way_still_opens_its_report_and_is_rehashed(database, settings):
    result = anonymous_report(database, settings)
    secret = split_case_key(result.case_key)[1]
    with database.unit_of_work() as uow:
        key = uow.session.scalar(select(CaseKey))
        key.secret_hash = PasswordHasher().hash(secret)  # as keys were stored before
        uow.commit()
    assert check(database, settings, wrong_secret_for(result.case_key)) == (None, None)
    assert check(database, settings, result.case_key) == (result.reference, None)
    assert stored_hash(database, result.reference).startswith("hmac-sha256$")
    assert check(database, settings, result.case_key) == (result.reference, None)


def test_a_key_hashed_with_another_server_key_opens_nothing(database, settings):
    result = anonymous_report(database, settings)
    with database.unit_of_work() as uow:
        assert check_case_key(uow.session, result.case_key, now=NOW,
                              hash_key="another server's key").report is None
