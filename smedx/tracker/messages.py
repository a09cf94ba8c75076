"""Bilingual (zh/en) messages and the tracker's exceptions.

Texts live in ``smedx/locales/{zh,en}/tracker_msg.yaml``; a :class:`Message` is a key plus fields, so
the domain code stays language-neutral and the UI renders it in the reader's language.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from smedx.i18n import LANGS, t

NAMESPACE = "tracker_msg"


@dataclass(frozen=True)
class Message:
    """A translatable message: ``key`` in the ``tracker_msg`` namespace with ``str.format`` fields."""

    key: str
    fields: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str, escape: Callable[[str], str] | None = None) -> str:
        """The message in ``lang`` (``zh`` or ``en``); ``escape`` is applied to each field (the values may be what
        a user typed; a UI that renders markdown passes its escaper)."""
        fields = self.fields if escape is None else {k: escape(str(v)) for k, v in self.fields.items()}
        return t(f"{NAMESPACE}.{self.key}", lang, **fields)

    def __str__(self) -> str:
        return " / ".join(self.text(lang) for lang in LANGS)


class TrackerError(Exception):
    """Base class: carries a :class:`Message`; ``str()`` gives Chinese and English."""

    def __init__(self, message: Message):
        self.msg = message
        super().__init__(str(message))

    def message(self, lang: str, escape: Callable[[str], str] | None = None) -> str:
        """The error text in one language (``escape``: see :meth:`Message.text`)."""
        return self.msg.text(lang, escape)


class PermissionDenied(TrackerError):
    """A write by an actor without the editor role (checked in the store, not only in the UI)."""


class ConflictError(TrackerError):
    """Optimistic-lock conflict: someone else changed or deleted the record since it was read.

    ``yours`` holds the submitted values (nothing is lost) and ``current`` the record as it is now
    (``None`` if it was deleted), so the UI can show both and let the editor resubmit.
    """

    def __init__(self, message: Message, *, yours: Any, current: Any):
        self.yours = yours
        self.current = current
        super().__init__(message)


class ValidationFailed(TrackerError):
    """Values that break a rule (negative, out of range, unknown city …); ``issues`` lists each one."""

    def __init__(self, issues: list[Message]):
        self.issues = issues
        super().__init__(issues[0] if len(issues) == 1 else Message("invalid_many", {"n": len(issues)}))


class StoreError(TrackerError):
    """The database did not do what was asked; nothing was written. Subclasses say why, so the UI can explain it;
    the driver's text (which may name host and port) goes to the server log only."""


class StoreUnavailable(StoreError):
    """The database cannot be reached or migrated."""


class StoreBusy(StoreError):
    """The database is locked by another writer (SQLite busy, PostgreSQL lock or serialisation failure)."""


class StoreReadOnly(StoreError):
    """The database (or its file) is read-only."""


class StoreFull(StoreError):
    """The database's disk is full."""


class StoreRejected(StoreError):
    """The database refused a value (a bug: every value is validated before it is written)."""
