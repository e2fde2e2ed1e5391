"""A test run leaves the repository as it found it: screenshots go to a temporary folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.conftest import SCREENSHOTS_WANTED

REPOSITORY = Path(__file__).parents[2]


@pytest.mark.skipif(bool(os.environ.get(SCREENSHOTS_WANTED)),
                    reason=f"{SCREENSHOTS_WANTED} asks for the screenshots to be kept")
def test_screenshots_go_outside_the_repository_unless_asked_for(screenshots):
    assert REPOSITORY.resolve() not in screenshots.resolve().parents
