"""Keyboard helpers for browser tests: move the focus as a person does, with Tab or Shift+Tab only."""
from __future__ import annotations

import pytest

TAB_LIMIT = 250  # presses before giving up: more than every focusable element of the longest page's top


def has_focus(target) -> bool:  # type: ignore[no-untyped-def]
    """Whether the keyboard focus is on ``target`` (a Playwright locator) or inside it."""
    return bool(target.first.evaluate("el => el.contains(document.activeElement)"))


def tab_to(page, target, back: bool = False, what: str = "the control") -> None:  # type: ignore[no-untyped-def]
    """Press Tab (Shift+Tab when ``back``) until the focus is on ``target``; fail when it never gets there."""
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if has_focus(target):
            return
    pytest.fail(f"{'Shift+Tab' if back else 'Tab'} never reached {what}")


def wait_for_param(page, name: str, value: str) -> None:  # type: ignore[no-untyped-def]
    """Wait until the address holds ``name=value`` (the app writes a control's state into the link)."""
    page.wait_for_function("([name, value]) => new URL(location.href).searchParams.getAll(name).includes(value)",
                           arg=[name, value], timeout=30_000)
