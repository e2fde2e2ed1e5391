"""The training tests share the clock tests' stand-in chat platform."""

from tests.jobs.conftest import platform  # noqa: F401
