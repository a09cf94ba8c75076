"""ORM tables of the tracker database: pilot cities (reference copy), progress reports, audit log.

The report's KPI columns are built from :data:`smedx.tracker.schema.KPIS` (``Integer`` for counts, ``Float`` for
percent and 亿元), so the KPI list is defined once; ``tests/test_tracker_migrate.py`` checks that the migrations
create exactly these tables.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from smedx.tracker.records import TEXT_FIELDS
from smedx.tracker.schema import KPIS

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
ACTOR_LENGTH = 200  # characters of an account name in created_by / updated_by / actor


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class City(Base):
    """Reference copy of ``data/pilot_cities.csv`` (kept in sync at start-up) so reports have a foreign key."""

    __tablename__ = "tracker_city"
    adcode: Mapped[str] = mapped_column(String(6), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(128))
    batch: Mapped[int | None] = mapped_column(Integer)
    award_cap_yi: Mapped[float] = mapped_column(Float)


REPORT_TABLE = Table(
    "tracker_report",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("city_adcode", String(6), ForeignKey("tracker_city.adcode"), nullable=False),
    Column("period", String(7), nullable=False),
    *(Column(kpi.name, Integer if kpi.integer else Float, nullable=True) for kpi in KPIS),
    *(Column(name, Text, nullable=True) for name in TEXT_FIELDS),
    Column("created_by", String(ACTOR_LENGTH), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(ACTOR_LENGTH), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    UniqueConstraint("city_adcode", "period"),
)


class Report(Base):
    """One progress report of a city for a period (``YYYY-MM``); KPI values are cumulative at period end."""

    __table__ = REPORT_TABLE
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": REPORT_TABLE.c.version}


class AuditEntry(Base):
    """Append-only log of every change: who, when, what (entity and key), old and new values."""

    __tablename__ = "tracker_audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(ACTOR_LENGTH))
    action: Mapped[str] = mapped_column(String(16))
    entity: Mapped[str] = mapped_column(String(32))
    entity_key: Mapped[str] = mapped_column(String(64))
    old: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    new: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    __table_args__ = (Index(None, "entity", "entity_key"),)
