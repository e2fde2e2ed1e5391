"""Bringing a database's schema up to date with Alembic, from the first table on."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from storage.database import Database

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(database: Database) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(database: Database, revision: str = "head") -> None:
    config = alembic_config(database)
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

