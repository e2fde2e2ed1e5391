"""The dashboard's accounts (one per role) and signed-in clients, for the learning loop too."""

from tests.dashboard.conftest import accounts, signed_in  # noqa: F401  (fixtures)
