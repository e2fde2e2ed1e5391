"""Evaluation tests count small, hand-checked numbers: suppression is off unless a test
turns it on (tests/evaluation/test_suppression.py)."""

import pytest


@pytest.fixture
def environ(environ):
    return {**environ, "EVALUATION_SMALLEST_COUNT": "0"}
