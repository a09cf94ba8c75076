"""Explicit markdown links: the one way a URL reaches a markdown-rendering element.

Streamlit's markdown detects bare URLs on its own and, in Chinese text, takes the full-width "；" and what
follows into the address. Every URL is therefore written as ``[label](url)`` by :func:`link`, and all other
text goes through :func:`escape`, so data text is shown as text (never markdown, HTML or a link).
"""
from __future__ import annotations

import re

# A URL is ASCII: it ends at the first space, full-width character or closing bracket; trailing ASCII
# punctuation (a sentence's comma or full stop) is not part of it.
URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]+")
_TRAILING = ".,;:!?'"
# Characters that start markup anywhere (emphasis, code, links, HTML, tables, maths, strike-through), a
# ":name:" emoji/icon short code, and list or heading markers at the start of a line.
_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|~$])|:(?=[\w+\-/]+:)|^(\s*)([-+>]|\d+[.)])(?=\s)", re.M)
_WORD_JOINER = "\u2060"  # breaks "www." and "://" so nothing is auto-linked


def escape(text: object) -> str:
    """``text`` with every markdown character escaped and URL-like runs broken, so it is shown as written."""
    escaped = _MARKDOWN.sub(_escaped, str(text))
    return escaped.replace("www.", f"www{_WORD_JOINER}.").replace("://", f":{_WORD_JOINER}//")


def _escaped(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    if match.group(3):
        marker = match.group(3)
        return match.group(2) + (marker[:-1] + "\\" + marker[-1] if marker[0].isdigit() else "\\" + marker)
    return "\\:"


def split_urls(text: str) -> list[tuple[str, str | None]]:
    """``text`` as (text, None) and (url, url) pieces, in order."""
    pieces: list[tuple[str, str | None]] = []
    position = 0
    for match in URL.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        if match.start() > position:
            pieces.append((text[position:match.start()], None))
        pieces.append((url, url))
        position = match.start() + len(url)
    if position < len(text):
        pieces.append((text[position:], None))
    return pieces


def host(url: str) -> str:
    """The host name of ``url`` (the label of a link that has no other)."""
    return url.split("://", 1)[-1].split("/", 1)[0]


def link(label: str, url: str) -> str:
    """``[label](url)`` with the label escaped; ``url`` must be an http(s) address."""
    if not URL.fullmatch(url):
        raise ValueError(f"not a plain http(s) address: {url!r}")
    return f"[{escape(label) or escape(host(url))}]({url})"


def linkify(text: str) -> str:
    """``text`` escaped, with each URL made an explicit link. "label: URL" links the label; a bare URL is
    labelled with its host."""
    out: list[str] = []
    pending = ""
    for piece, url in split_urls(text):
        if url is None:
            pending += piece
            continue
        head, label = _label_before(pending)
        out.append(escape(head) + link(label, url))
        pending = ""
    out.append(escape(pending))
    return "".join(out)


def _label_before(text: str) -> tuple[str, str]:
    """Split the text before a URL into what precedes the label and the label ("…; label: " → label)."""
    if not re.search(r"[:：]\s*$", text):
        return text, ""
    body = re.sub(r"[:：]\s*$", "", text)
    cut = max(body.rfind(sep) for sep in ("; ", "；", "，", ", ")) if body else -1
    if cut < 0:
        return "", body.strip()
    sep_len = 2 if body[cut:cut + 2] in ("; ", ", ") else 1
    return body[:cut + sep_len], body[cut + sep_len:].strip()
