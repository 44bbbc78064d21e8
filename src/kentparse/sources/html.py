"""Turn the HTML fragments found in extracted council text into plain text."""

from __future__ import annotations

import html
import re

BULLET = "• "
_LINE_BREAK = re.compile(r"<\s*br\s*/?\s*>|<\s*/\s*(?:p|div|ul|ol|li)\s*>|<\s*(?:p|div|ul|ol)(?:\s[^>]*)?>", re.I)
_LIST_ITEM = re.compile(r"<\s*li(?:\s[^>]*)?>", re.I)
_ANY_TAG = re.compile(r"</?\s*[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_SPACES = re.compile(r"[ \t\u00a0]+")
#: a known tag, whole: "<B" or "<p" cut off before its ">" is text, not a tag
_HAS_TAG = re.compile(r"</?\s*(?:p|ul|ol|li|i|u|b|em|strong|br|div|span)\b[^<>]*>", re.I)


def has_html(text: str) -> bool:
    return bool(_HAS_TAG.search(text))


def strip_html(text: str) -> str:
    """Plain text of a fragment: block tags become line breaks, list items bullet lines.

    Text without tags is returned unchanged (apart from nothing at all), so the function is
    safe to apply to any cell.
    """
    if not has_html(text):
        return text
    marked = _LIST_ITEM.sub("\n" + BULLET, text)
    marked = _LINE_BREAK.sub("\n", marked)
    plain = html.unescape(_without_tags(marked))
    lines = (_SPACES.sub(" ", line).strip() for line in plain.split("\n"))
    return "\n".join(line for line in lines if line and line != BULLET.strip())


def _without_tags(text: str) -> str:
    """Tags removed until none is left ("<<b>b>" leaves "<b>" after one pass)."""
    while (stripped := _ANY_TAG.sub("", text)) != text:
        text = stripped
    return text
