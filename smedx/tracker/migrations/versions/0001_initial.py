"""Initial schema: pilot cities (reference copy), progress reports with version column, audit log.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tracker_city",
        sa.Column("adcode", sa.String(6), nullable=False),
        sa.Column("name_zh", sa.String(64), nullable=False),
        sa.Column("name_en", sa.String(128), nullable=False),
        sa.Column("batch", sa.Integer(), nullable=True),
        sa.Column("award_cap_yi", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("adcode", name="pk_tracker_city"),
    )
    op.create_table(
        "tracker_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("city_adcode", sa.String(6), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("firms_retrofitted", sa.Integer(), nullable=True),
        sa.Column("l2_share_pct", sa.Float(), nullable=True),
        sa.Column("service_providers", sa.Integer(), nullable=True),
        sa.Column("products", sa.Integer(), nullable=True),
        sa.Column("lighthouse_firms", sa.Integer(), nullable=True),
        sa.Column("funds_disbursed_yi", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["city_adcode"], ["tracker_city.adcode"], name="fk_tracker_report_city_adcode_tracker_city"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_tracker_report"),
        sa.UniqueConstraint("city_adcode", "period", name="uq_tracker_report_city_adcode_period"),
    )
    op.create_table(
        "tracker_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("entity_key", sa.String(64), nullable=False),
        sa.Column("old", sa.JSON(), nullable=True),
        sa.Column("new", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_tracker_audit"),
    )
    op.create_index("ix_tracker_audit_entity_entity_key", "tracker_audit", ["entity", "entity_key"])


def downgrade() -> None:
    op.drop_index("ix_tracker_audit_entity_entity_key", table_name="tracker_audit")
    op.drop_table("tracker_audit")
    op.drop_table("tracker_report")
    op.drop_table("tracker_city")
