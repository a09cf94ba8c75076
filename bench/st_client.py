"""A Streamlit client that speaks the server's own websocket protocol (no browser), for the load bench.

One :class:`Session` is one browser tab as the server sees it: it opens ``/_stcore/stream`` (subprotocol
``streamlit``), sends ``BackMsg.rerun_script`` with the page, query string and widget states, and reads
``ForwardMsg``s until the run's ``script_finished``. Widget ids are computed by Streamlit (``$$ID-<hash>-<key>``
for keyed widgets), so the session learns them from the deltas it receives: every widget element's ``id`` is
recorded under its user key, with the fragment it was drawn in (a widget in a fragment reruns only that
fragment, as the browser does). Page script hashes come from the ``navigation`` message. Like the browser, the
session reports the hashes of the large elements it already holds, so unchanged elements come back as references.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED_OK = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
MAX_MESSAGE = 200 * 1024 * 1024  # bytes: Streamlit's own server.maxMessageSize default
MAX_CACHED = 2000  # element hashes a session reports as cached (the browser keeps them for a few runs)


class ProtocolError(RuntimeError):
    """The server closed the stream, sent an exception element or did not finish a run in time."""


@dataclass
class Widget:
    """A widget seen in a delta: its computed id, element type, options (radio/select) and fragment."""

    id: str
    kind: str
    options: tuple[str, ...] = ()
    fragment_id: str = ""
    min: float = 0.0  # sliders: range and step
    max: float = 0.0
    step: float = 0.0


@dataclass
class RunResult:
    """One rerun: seconds from the BackMsg sent to ``script_finished``, ForwardMsgs and bytes received."""

    seconds: float
    messages: int
    bytes: int
    errors: list[str] = field(default_factory=list)


def _user_key(widget_id: str) -> str:
    """The user key at the end of a computed id (``$$ID-<hash>-<key>``); ``""`` for unkeyed widgets."""
    parts = widget_id.split("-", 2)
    return parts[2] if widget_id.startswith("$$ID-") and len(parts) == 3 else ""


class Session:
    """One protocol-level session against ``base_url`` (``http://127.0.0.1:8501`` or an nginx front)."""

    def __init__(self, base_url: str, timeout: float = 60.0, cookie: str = "") -> None:
        parsed = urlparse(base_url)
        if parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError(f"the load bench drives localhost only, not {parsed.hostname}")
        scheme = "wss" if parsed.scheme == "https" else "ws"
        self.stream_url = f"{scheme}://{parsed.netloc}{parsed.path.rstrip('/')}/_stcore/stream"
        self.timeout = timeout
        # a browser's routing cookie (32 hex digits): what nginx hashes to keep one browser on one replica
        self.headers = {"Cookie": f"smedx_replica={cookie}"} if cookie else {}
        self.widgets: dict[str, Widget] = {}  # user key → widget
        self.pages: dict[str, str] = {}  # url path → page script hash
        self.page = ""
        self.query = ""
        self.cached: set[str] = set()  # hashes of large elements received: the server then sends references
        self._ws: websockets.ClientConnection | None = None

    async def __aenter__(self) -> Session:
        self._ws = await websockets.connect(self.stream_url, subprotocols=["streamlit"], max_size=MAX_MESSAGE,
                                            open_timeout=self.timeout, compression=None,
                                            additional_headers=self.headers)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._ws is not None:
            await self._ws.close()

    async def open(self, page: str = "", query: str = "") -> RunResult:
        """The first run of a tab opened at ``/<page>?<query>``."""
        self.page, self.query = page, query
        return await self._run(self._rerun_msg())

    async def switch_page(self, page: str) -> RunResult:
        """Click a page in the navigation: a full run of the other page (widget states of this page dropped)."""
        self.page = page
        self.widgets.clear()
        return await self._run(self._rerun_msg())

    async def set_widget(self, key: str, value: object) -> RunResult:
        """Change the widget keyed ``key`` to ``value`` (a radio option's label, a slider's number)."""
        widget = self.widgets.get(key)
        if widget is None:
            raise ProtocolError(f"no widget with key {key!r} on page {self.page!r}: seen {sorted(self.widgets)}")
        state = WidgetState(id=widget.id)
        if widget.kind == "slider":
            state.double_array_value.data.extend(value if isinstance(value, list | tuple) else [value])
        elif widget.kind in ("radio", "selectbox"):
            if str(value) not in widget.options:
                raise ProtocolError(f"{value!r} is not an option of {key!r}: {widget.options}")
            state.string_value = str(value)
        elif widget.kind == "checkbox":
            state.bool_value = bool(value)
        else:
            raise ProtocolError(f"widget kind {widget.kind!r} not supported by the bench client")
        msg = self._rerun_msg([state])
        msg.rerun_script.fragment_id = widget.fragment_id
        return await self._run(msg)

    def _rerun_msg(self, states: list[WidgetState] | None = None) -> BackMsg:
        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.query_string = self.query
        rerun.page_name = self.page
        rerun.page_script_hash = self.pages.get(self.page, "")
        rerun.widget_states.widgets.extend(states or [])
        rerun.cached_message_hashes.extend(sorted(self.cached))
        rerun.context_info.timezone = "Asia/Shanghai"
        rerun.context_info.locale = "zh-CN"
        return msg

    async def _run(self, msg: BackMsg) -> RunResult:
        """Send ``msg`` and read until a run finishes successfully (an early finish for a rerun is followed by
        the rerun's own run: the clock keeps going)."""
        assert self._ws is not None, "use the session as an async context manager"
        start = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        count = size = 0
        errors: list[str] = []
        try:
            async with asyncio.timeout(self.timeout):
                while True:
                    raw = await self._ws.recv()
                    count, size = count + 1, size + len(raw)
                    forward = ForwardMsg()
                    forward.ParseFromString(raw)
                    status = self._absorb(forward, errors)
                    if status is None:
                        continue
                    if status in FINISHED_OK:
                        break
                    if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                        errors.append("script compile error")
                        break
        except TimeoutError:
            errors.append(f"no script_finished within {self.timeout:.0f} s")
        except websockets.ConnectionClosed as closed:
            errors.append(f"stream closed: {closed}")
        return RunResult(time.perf_counter() - start, count, size, errors)

    def _absorb(self, forward: ForwardMsg, errors: list[str]) -> int | None:
        """Learn pages, query string and widget ids from one ForwardMsg; the finish status if it ends a run."""
        kind = forward.WhichOneof("type")
        if forward.metadata.cacheable and len(self.cached) < MAX_CACHED:
            self.cached.add(forward.hash)
        if kind == "navigation":
            self.pages = {page.url_pathname: page.page_script_hash for page in forward.navigation.app_pages}
        elif kind == "page_info_changed":
            self.query = forward.page_info_changed.query_string
        elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
            element = forward.delta.new_element
            element_kind = element.WhichOneof("type")
            if element_kind == "exception":
                errors.append(f"exception element: {element.exception.type}: {element.exception.message[:200]}")
            elif element_kind == "alert" and element.alert.format == element.alert.ERROR:
                errors.append(f"error alert: {element.alert.body[:200]}")
            elif element_kind:
                widget_id = getattr(getattr(element, element_kind), "id", "") if element_kind else ""
                key = _user_key(widget_id) if isinstance(widget_id, str) else ""
                if key:
                    proto = getattr(element, element_kind)
                    options = tuple(str(o) for o in getattr(proto, "options", ()) or ())
                    limits = [float(getattr(proto, name, 0.0)) for name in ("min", "max", "step")] \
                        if element_kind == "slider" else [0.0, 0.0, 0.0]
                    self.widgets[key] = Widget(widget_id, element_kind, options, forward.delta.fragment_id, *limits)
        elif kind == "script_finished":
            return forward.script_finished
        return None
