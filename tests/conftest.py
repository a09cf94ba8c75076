"""Shared fixtures: the throwaway PostgreSQL server for the tracker store tests."""
from __future__ import annotations

from tests.pg import pg_server, pg_url  # noqa: F401
