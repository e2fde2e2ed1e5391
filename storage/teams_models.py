"""Tables only the Teams adapter needs (in the shared metadata, migrated by Alembic)."""
