"""A process-wide memo for shared, read-only results, cheap enough to look up on every rerun.

``st.cache_resource`` hashes every argument with Streamlit's hasher on each call (≈0.1 ms a hit, measured with
AppTest); a page that consults several caches per rerun pays for that on every click. This memo keys on the
arguments as they are (they must be hashable) and, like ``st.cache_resource``, leaves out parameters whose name
starts with ``_`` (an argument the other key parts stand for, e.g. a frame identified by a data version).
"""
from __future__ import annotations

import functools
import inspect
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def shared(maxsize: int, evict: Callable[[Any], None] | None = None) -> Callable[[F], F]:
    """Memoize a function called with positional arguments only; keeps the ``maxsize`` most recently used results.

    Results are shared by all sessions and threads: treat them as read-only. Exceptions are not cached; two
    threads missing at once may both compute (the first result stored wins). ``evict`` is called with each result
    dropped (to release what it holds, e.g. connections).
    """
    def decorate(function: F) -> F:
        names = list(inspect.signature(function).parameters)
        keyed = tuple(index for index, name in enumerate(names) if not name.startswith("_"))
        entries: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        lock = threading.Lock()

        @functools.wraps(function)
        def wrapper(*args: Any) -> Any:
            key = tuple(args[index] for index in keyed if index < len(args))
            with lock:
                if key in entries:
                    entries.move_to_end(key)
                    return entries[key]
            value = function(*args)
            dropped = []
            with lock:
                stored = entries.setdefault(key, value)
                entries.move_to_end(key)
                while len(entries) > maxsize:
                    dropped.append(entries.popitem(last=False)[1])
            if stored is not value:
                dropped.append(value)  # another thread stored its result first
            for old in dropped if evict is not None else ():
                evict(old)
            return stored

        wrapper.clear = entries.clear  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate
