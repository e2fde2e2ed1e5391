"""The PII guard measured on a labelled corpus of realistic report texts (tests/pii_corpus):
how many of each kind of detail it warns about, and how many clean texts it alarms."""

from __future__ import annotations

from collections import Counter
from datetime import date

from learning.privacy.pii import Finding, PiiKind, find_personal_details
from tests.pii_corpus.build import Detail, LabelledText, build_corpus

TODAY = date(2026, 5, 1)
NAME_RECALL, STRUCTURED_RECALL, CLEAN_ALARMED = 0.85, 0.97, 0.05

CORPUS = build_corpus()


def _warned(detail: Detail, findings: list[Finding]) -> bool:
    # The reporter is warned about a detail when a finding of its kind covers part of it.
    return any(f.kind is detail.kind and f.start < detail.end and detail.start < f.end
               for f in findings)


def _measure(corpus: list[LabelledText]) -> tuple[dict[PiiKind, float], float, list[str]]:
    labelled, warned, missed = Counter(), Counter(), []
    clean = alarmed = 0
    for item in corpus:
        findings = find_personal_details(item.text, today=TODAY)
        if not item.details:
            clean += 1
            alarmed += bool(findings)
        for detail in item.details:
            labelled[detail.kind] += 1
            if _warned(detail, findings):
                warned[detail.kind] += 1
            else:
                missed.append(f"{detail.kind.value}: {detail.written!r}")
    return {kind: warned[kind] / labelled[kind] for kind in labelled}, alarmed / clean, missed


def test_the_corpus_is_large_and_varied_enough_to_mean_something():
    clean = [item for item in CORPUS if not item.details]
    kinds = Counter(detail.kind for item in CORPUS for detail in item.details)
    assert len(CORPUS) >= 300 and len(clean) >= 100
    assert set(kinds) == set(PiiKind) and min(kinds.values()) >= 30
    assert len({item.text for item in CORPUS}) == len(CORPUS)


def test_the_guard_finds_names_and_structured_details_and_leaves_clean_texts_alone(capsys):
    recall, alarmed, missed = _measure(CORPUS)
    with capsys.disabled():
        print("\nPII guard on the labelled corpus:")
        for kind in PiiKind:
            print(f"  {kind.value:<14} recall {recall[kind]:.1%}")
        print(f"  clean texts alarmed {alarmed:.1%}")
        print(f"  missed ({len(missed)}): {', '.join(missed[:40])}")
    assert recall[PiiKind.PERSON_NAME] >= NAME_RECALL
    assert all(share >= STRUCTURED_RECALL for kind, share in recall.items()
               if kind is not PiiKind.PERSON_NAME)
    assert alarmed <= CLEAN_ALARMED

