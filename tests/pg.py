"""A throwaway PostgreSQL server for tests (Debian binaries: /usr/lib/postgresql/*/bin/initdb + pg_ctl).

``tests/conftest.py`` imports the fixtures::

    from tests.pg import pg_server, pg_url  # noqa: F401

``pg_server`` (session) starts one cluster on 127.0.0.1 at a free port in a temporary directory (as the
``postgres`` user when running as root) and stops and removes it at the end. ``pg_url`` (function) gives
each test a fresh, empty database. If PostgreSQL is not installed the tests FAIL (they never skip):
the README test command installs it.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

HOST = "127.0.0.1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _as_owner(args: list[str]) -> list[str]:
    """Run as ``postgres`` when we are root (initdb refuses root), else as ourselves."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@dataclass(frozen=True)
class PgServer:
    port: int
    user: str

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@{HOST}:{self.port}/{database}"


class PostgresUnavailable(RuntimeError):
    """PostgreSQL binaries missing or the cluster did not start."""


@contextmanager
def running_server() -> Iterator[PgServer]:
    """Start a private cluster in a temporary directory; stop and delete it on exit (also used by bench/)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    if not found:
        raise PostgresUnavailable(
            "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb): install the Debian "
            "package 'postgresql' (the README test command does) — the tracker store must be tested on it."
        )
    bin_dir = Path(found[-1]).parent
    workdir = Path(tempfile.mkdtemp(prefix="smedx-pg-"))
    data = workdir / "data"
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres", "postgres")
    port = _free_port()
    user = "postgres"
    run = {"check": True, "capture_output": True, "text": True}
    try:
        subprocess.run(
            _as_owner([str(bin_dir / "initdb"), "-D", str(data), "-U", user, "-A", "trust", "-E", "UTF8",
                       "--no-sync", "--locale=C"]),
            **run,
        )
        options = f"-p {port} -c listen_addresses={HOST} -k {workdir} -c fsync=off -c full_page_writes=off"
        subprocess.run(
            _as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(workdir / "log"),
                       "-w", "-t", "60", "start"]),
            **run,
        )
    except subprocess.CalledProcessError as exc:
        log = (workdir / "log").read_text(errors="replace") if (workdir / "log").exists() else ""
        shutil.rmtree(workdir, ignore_errors=True)
        raise PostgresUnavailable(f"could not start PostgreSQL: {exc.stderr}\n{log}") from None
    try:
        yield PgServer(port, user)
    finally:
        subprocess.run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True, check=False)
        shutil.rmtree(workdir, ignore_errors=True)


def create_database(server: PgServer) -> str:
    """Create a fresh empty database on ``server`` and return its URL."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server.url(), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server.url(name)


def drop_database(server: PgServer, url: str) -> None:
    admin = create_engine(server.url(), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One PostgreSQL cluster for the test session; FAILS (never skips) if PostgreSQL is missing."""
    try:
        with running_server() as server:
            yield server
    except PostgresUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """URL of a fresh empty database on the session's server; dropped after the test."""
    url = create_database(pg_server)
    try:
        yield url
    finally:
        drop_database(pg_server, url)
