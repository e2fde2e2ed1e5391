"""The training tests share the clock tests' stand-in chat platform and the dashboard's
signed-in clients."""

from tests.dashboard.conftest import accounts, signed_in  # noqa: F401
from tests.jobs.conftest import platform  # noqa: F401
