"""smedx.memo.shared: keys, the ``_`` convention, eviction order, exceptions not cached."""
from __future__ import annotations

import pytest

from smedx.memo import shared


def _counted() -> tuple[list[tuple], object]:
    calls: list[tuple] = []

    @shared(maxsize=2)
    def frame(lang: str, version: int, _data: object) -> tuple[str, int, int]:
        calls.append((lang, version))
        return (lang, version, len(calls))

    return calls, frame


def test_hits_return_the_same_object_and_underscore_arguments_are_not_part_of_the_key() -> None:
    calls, frame = _counted()
    first = frame("zh", 1, object())
    assert frame("zh", 1, object()) is first and calls == [("zh", 1)]
    assert frame("en", 1, None) == ("en", 1, 2)


def test_least_recently_used_entry_is_evicted() -> None:
    calls, frame = _counted()
    frame("zh", 1, None)
    frame("zh", 2, None)
    frame("zh", 1, None)  # 1 is now the most recent
    frame("zh", 3, None)  # evicts 2
    frame("zh", 1, None)
    frame("zh", 2, None)
    assert calls == [("zh", 1), ("zh", 2), ("zh", 3), ("zh", 2)]


def test_exceptions_are_not_cached_and_clear_empties() -> None:
    attempts = []

    @shared(maxsize=4)
    def flaky(url: str) -> str:
        attempts.append(url)
        if len(attempts) == 1:
            raise ConnectionError("down")
        return url.upper()

    with pytest.raises(ConnectionError):
        flaky("db")
    assert flaky("db") == "DB" and flaky("db") == "DB" and attempts == ["db", "db"]
    flaky.clear()
    flaky("db")
    assert attempts == ["db", "db", "db"]


def test_evicted_results_are_handed_to_evict() -> None:
    released = []

    @shared(maxsize=1, evict=released.append)
    def connect(url: str) -> list[str]:
        return [url]

    first = connect("a")
    assert connect("a") is first and released == []
    connect("b")
    assert released == [["a"]]
