"""Texts of the tracker page: locale look-up and user-provided text shown as text, never as markdown.

Streamlit renders alerts, captions and markdown as markdown (links, images, ``:red[…]`` directives, LaTeX). Any
text that may hold what a user typed (an editor name, a city cell, a note, a message quoting a value) goes
through :func:`plain` first: every ASCII punctuation mark is backslash-escaped (CommonMark renders it literally)
and ``http://``, ``https://`` and ``www.`` get an invisible word joiner so no link is made of them.
"""
from __future__ import annotations

import re
import string

from smedx.i18n import t

_ESCAPE = {ord(c): "\\" + c for c in string.punctuation}
_AUTOLINK = re.compile(r"(?i)(https?|www)(?=[:.])")
_JOINER = "\u2060"


def k(key: str, lang: str, /, **fields: object) -> str:
    """A text of the ``tracker`` locale namespace."""
    return t(f"tracker.{key}", lang, **fields)


def plain(text: object) -> str:
    """``text`` for a markdown-rendering element, shown exactly as written and never as a link or image."""
    return _AUTOLINK.sub(lambda m: m.group(1) + _JOINER, str(text)).translate(_ESCAPE)
