"""Where the tracker's database lives.

Default: a SQLite file ``var/tracker.sqlite3`` under the project root (git-ignored; works with the README
run command, no set-up). PostgreSQL when a URL is configured, first in Streamlit secrets
(``[tracker] database_url = "postgresql://…"``), else in the environment variable ``SMEDX_TRACKER_DB_URL``.
Hosted platforms such as Streamlit Community Cloud have an ephemeral disk: :func:`hosted_on_sqlite` tells
the UI to warn editors that their reports would be lost on the next restart. :func:`editor_settings` reads how
editors sign in (OIDC allow-list or named passphrase accounts).
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smedx.paths import ROOT

ENV_URL = "SMEDX_TRACKER_DB_URL"
ENV_HOSTED = "SMEDX_HOSTED"
ENV_PASSPHRASE_HASH = "SMEDX_TRACKER_PASSPHRASE_HASH"  # the former shared passphrase: no longer accepted
ENV_EDITORS = "SMEDX_TRACKER_EDITORS"
ENV_ACCOUNTS = "SMEDX_TRACKER_EDITORS_PASSPHRASES"  # JSON object: editor name → scrypt hash
MAX_ACCOUNT_NAME = 100
DEFAULT_SQLITE_PATH = ROOT / "var" / "tracker.sqlite3"


def normalise_url(url: str) -> str:
    """Use the psycopg 3 driver for PostgreSQL URLs (``postgres://`` and ``postgresql://`` alike)."""
    url = url.strip()
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def database_url(secrets: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The configured database URL: secrets ``[tracker] database_url``, then ``$SMEDX_TRACKER_DB_URL``,
    else the default SQLite file."""
    environ = os.environ if environ is None else environ
    section = (secrets or {}).get("tracker") or {}
    configured = section.get("database_url") or environ.get(ENV_URL)
    if configured:
        return normalise_url(str(configured))
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def is_sqlite(url: str) -> bool:
    """True for any SQLite URL."""
    return url.startswith("sqlite")


def sqlite_path(url: str) -> Path | None:
    """The file of a file-backed SQLite URL (``None`` for in-memory or non-SQLite URLs)."""
    if not is_sqlite(url):
        return None
    path = url.split(":///", 1)[1] if ":///" in url else ""
    return Path(path) if path and path != ":memory:" else None


def is_hosted(environ: Mapping[str, str] | None = None, root: Path = ROOT) -> bool:
    """Heuristic: running on a hosted platform with an ephemeral disk.

    ``SMEDX_HOSTED=1``/``0`` decides when set; otherwise Streamlit Community Cloud is recognised by the
    checkout under ``/mount/src`` or the ``appuser`` home directory it runs apps with.
    """
    environ = os.environ if environ is None else environ
    flag = environ.get(ENV_HOSTED)
    if flag is not None and flag.strip() != "":
        return flag.strip().lower() in ("1", "true", "yes")
    return str(root).startswith("/mount/src") or environ.get("HOME") == "/home/appuser"


def hosted_on_sqlite(url: str, environ: Mapping[str, str] | None = None, root: Path = ROOT) -> bool:
    """True when the app is hosted and still uses SQLite: the UI must warn that edits may be lost."""
    return is_sqlite(url) and is_hosted(environ, root)


@dataclass(frozen=True)
class EditorSettings:
    """How editors sign in: OIDC (``st.login``) with an allow-list, or named passphrase accounts (name → scrypt
    hash); maybe neither. ``shared_passphrase`` is True when only the former shared ``passphrase_hash`` is
    configured (refused: its audit names were free text)."""

    oidc: bool
    editors: tuple[str, ...]
    accounts: Mapping[str, str]
    shared_passphrase: bool = False

    @property
    def editing_possible(self) -> bool:
        return self.oidc or bool(self.accounts)


def _entries(value: Any) -> tuple[str, ...]:
    """An allow-list from secrets or the environment: a list, or one string of comma/space separated entries
    (``editors = "a@b.cn"`` is one address, not a list of characters)."""
    if isinstance(value, str):
        items: list[Any] = re.split(r"[,\s]+", value)
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        items = []
    return tuple(e for e in (str(item).strip() for item in items) if e)


def _accounts(value: Any) -> dict[str, str]:
    """Editor name → hash; names blank or longer than ``MAX_ACCOUNT_NAME`` and non-text hashes are dropped."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    if not isinstance(value, Mapping):
        return {}
    return {str(name).strip(): hash_ for name, hash_ in value.items()
            if isinstance(hash_, str) and str(name).strip() and len(str(name).strip()) <= MAX_ACCOUNT_NAME}


def editor_settings(
    secrets: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> EditorSettings:
    """Read ``[tracker] editors`` and ``[tracker.editors_passphrases]`` from secrets (else
    ``$SMEDX_TRACKER_EDITORS``, comma separated, and ``$SMEDX_TRACKER_EDITORS_PASSPHRASES``, a JSON object). OIDC is
    used when secrets also have an ``[auth]`` section (Streamlit's ``st.login`` configuration) and the allow-list
    is not empty."""
    environ = os.environ if environ is None else environ
    secrets = secrets or {}
    section = secrets.get("tracker") or {}
    allow = _entries(section.get("editors") or environ.get(ENV_EDITORS, ""))
    accounts = _accounts(section.get("editors_passphrases") or environ.get(ENV_ACCOUNTS, ""))
    shared = bool(section.get("passphrase_hash") or environ.get(ENV_PASSPHRASE_HASH)) and not accounts
    oidc = bool(secrets.get("auth")) and bool(allow)
    return EditorSettings(oidc=oidc, editors=allow, accounts=accounts, shared_passphrase=shared)
