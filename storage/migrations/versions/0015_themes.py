"""The theme vocabulary and signals; existing free-text themes become the vocabulary

Revision ID: 0015_themes
Revises: 0013_briefings
Create Date: 2026-12-10
"""

import json

import sqlalchemy as sa
from alembic import op

import storage.models

revision = "0015_themes"
down_revision = "0013_briefings"
branch_labels = None
depends_on = None

# The tables whose `themes` JSON lists hold theme names.
TAGGED = ("reports", "routing_rules", "nuggets")


def upgrade() -> None:
    op.create_table(
        "themes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("synonyms", sa.JSON(), nullable=False),
        sa.Column("state", sa.Enum("proposed", "active", "retired", "merged", name="themestate",
                                   native_enum=False, length=40), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("proposed_by", sa.Integer(), nullable=True),
        sa.Column("created_at", storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["merged_into_id"], ["themes.id"],
                                name=op.f("fk_themes_merged_into_id_themes")),
        sa.ForeignKeyConstraint(["proposed_by"], ["accounts.id"],
                                name=op.f("fk_themes_proposed_by_accounts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_themes")),
        sa.UniqueConstraint("name", name=op.f("uq_themes_name")),
    )
    op.create_table(
        "signals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum("rising_theme", "rising_factor", "across_agencies",
                                  name="signalkind", native_enum=False, length=40),
                  nullable=False),
        sa.Column("subject", sa.String(length=80), nullable=False),
        sa.Column("window_start", sa.Date(), nullable=False),
        sa.Column("window_end", sa.Date(), nullable=False),
        sa.Column("report_ids", sa.JSON(), nullable=False),
        sa.Column("agency_ids", sa.JSON(), nullable=False),
        sa.Column("observed", sa.Integer(), nullable=False),
        sa.Column("expected", sa.Float(), nullable=True),
        sa.Column("p_value", sa.Float(), nullable=True),
        sa.Column("statistic", sa.String(length=300), nullable=False),
        sa.Column("state", sa.Enum("new", "accepted", "dismissed", name="signalstate",
                                   native_enum=False, length=40), nullable=False),
        sa.Column("accepted_as", sa.Text(), nullable=True),
        sa.Column("learning_item_id", sa.Integer(), nullable=True),
        sa.Column("dismissed_reason", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", storage.models.UTCDateTime(), nullable=True),
        sa.Column("found_at", storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["decided_by"], ["accounts.id"],
                                name=op.f("fk_signals_decided_by_accounts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signals")),
        sa.UniqueConstraint("kind", "subject", "window_end",
                            name="uq_signals_kind_subject_window"),
    )
    _free_text_themes_into_the_vocabulary()


def _normalised(theme: str) -> str:
    # As learning.reports.themes.normalise_theme was written when this ran: a migration must
    # not change meaning when that function later does.
    return " ".join(str(theme).split()).lower()[:40].strip()


def _free_text_themes_into_the_vocabulary() -> None:
    """Every theme already written on a report, rule or nugget becomes an active theme, and
    every stored list is rewritten in the normalised form."""
    connection = op.get_bind()
    names: set[str] = set()
    for table in TAGGED:
        rows = connection.execute(sa.text(f"SELECT id, themes FROM {table}")).all()
        for row_id, stored in rows:
            themes = json.loads(stored) if isinstance(stored, str) else (stored or [])
            cleaned = sorted({_normalised(t) for t in themes} - {""})
            names.update(cleaned)
            if cleaned != themes:
                connection.execute(sa.text(f"UPDATE {table} SET themes = :themes WHERE id = :id"),
                                   {"themes": json.dumps(cleaned), "id": row_id})
    themes = sa.table("themes", sa.column("name"), sa.column("synonyms", sa.JSON),
                      sa.column("state"), sa.column("created_at", storage.models.UTCDateTime()))
    if names:
        now = storage.models.utcnow()
        op.bulk_insert(themes, [{"name": n, "synonyms": [], "state": "active", "created_at": now}
                                for n in sorted(names)])


def downgrade() -> None:
    op.drop_table("signals")
    op.drop_table("themes")
