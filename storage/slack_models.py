"""Tables only the Slack adapter needs (in the shared metadata, migrated by Alembic)."""
