"""Strategic plans: each challenge, its priority headings, and the actions under them.

A challenge's block opens with "Priority actions to help address the financial challenge".
In it, a line followed by bullet lines ("- Use evidence …") is a priority heading and each
bullet an action; a line opening in lower case continues the bullet above (wrapped text), and a line that
lost its bullet is an action when another priority heading with bullets follows it. The
block ends at a line that no bullet follows ("Why it matters", "Partnership challenge",
"How we will deliver …") or at the next challenge's block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kentparse.extractors.base import Context, ExtractResult, text_coverage
from kentparse.extractors.registry import register_text
from kentparse.meetings import clean
from kentparse.model import Document, Line
from kentparse.records import Record


class PlanPriority(Record):
    """An action of a strategic plan under its priority heading and challenge."""

    table = "plan_priorities"
    plan: str | None
    challenge_no: int
    challenge: str
    priority_no: int
    priority: str
    #: 1-based within its priority; None for a priority heading with no actions below it
    action_no: int | None
    action: str | None
    page: int
    line: int | None


_CHALLENGE = re.compile(
    r"^Priority actions (?:to (?:help )?)?(?:address|tackle|for|meet) (?:the |our )?(.+?)(?: challenges?)?$", re.I
)
#: a priority heading is a short phrase; a longer line is prose
MAX_HEADING_WORDS = 16
_BULLET = re.compile(r"^[-•–*]\s+(\S.*)$")


@dataclass(slots=True)
class _Heading:
    text: str
    line: Line
    actions: list[tuple[Line, list[str]]] = field(default_factory=list)


def _is_bullet(text: str) -> bool:
    return bool(_BULLET.match(text))


def _next_text(lines: list[Line], index: int) -> str:
    """The next non-blank line's text after index, '' at the end."""
    return next((text for line in lines[index + 1 :] if (text := clean(line.text))), "")


def read_block(lines: list[Line], start: int) -> list[_Heading]:
    """The priority headings and their actions of the challenge block opening at `start`."""
    headings: list[_Heading] = []
    for index in range(start + 1, len(lines)):
        text = clean(lines[index].text)
        if not text:
            continue
        bullet = _BULLET.match(text)
        if bullet and headings:
            headings[-1].actions.append((lines[index], [bullet.group(1)]))
        elif text[0].islower() and headings and headings[-1].actions:
            headings[-1].actions[-1][1].append(text)
        elif _is_heading(lines, index):
            headings.append(_Heading(text, lines[index]))
        elif headings and headings[-1].actions and _list_goes_on(lines, index):
            headings[-1].actions.append((lines[index], [text]))
        else:
            break
    return headings


def _list_goes_on(lines: list[Line], index: int) -> bool:
    """Whether a line without a bullet sits inside the list: a heading with bullets follows it."""
    following = next((i for i in range(index + 1, len(lines)) if clean(lines[i].text)), None)
    if following is None:
        return False
    return _is_heading(lines, following)


def _is_heading(lines: list[Line], index: int) -> bool:
    """A priority heading: a short line, not a sentence, with bullets below it."""
    text = clean(lines[index].text)
    short = len(text.split()) <= MAX_HEADING_WORDS and not text.endswith(".")
    return short and not _CHALLENGE.match(text) and _is_bullet(_next_text(lines, index))


def challenge_name(text: str) -> str | None:
    match = _CHALLENGE.match(text)
    return match.group(1)[:1].upper() + match.group(1)[1:] if match else None


def plan_priorities(document: Document) -> list[PlanPriority]:
    found: list[PlanPriority] = []
    challenge_no = 0
    for index, line in enumerate(document.lines):
        name = challenge_name(clean(line.text))
        if name is None:
            continue
        challenge_no += 1
        for priority_no, heading in enumerate(read_block(document.lines, index), start=1):
            found.extend(_rows(document, challenge_no, name, priority_no, heading))
    return found


def _rows(document: Document, challenge_no: int, name: str, priority_no: int, heading: _Heading) -> list[PlanPriority]:
    """A row per action; a heading with no actions still gets a row (action None)."""
    actions: list[tuple[Line, str | None]] = [(first, " ".join(texts)) for first, texts in heading.actions]
    numbered = list(enumerate(actions, start=1)) if actions else [(None, (heading.line, None))]
    return [
        PlanPriority(
            doc_id=document.doc_id,
            plan=document.title,
            challenge_no=challenge_no,
            challenge=name,
            priority_no=priority_no,
            priority=heading.text,
            action_no=number,
            action=action,
            page=first.page,
            line=first.line,
        )
        for number, (first, action) in numbered
    ]


class PlanExtractor:
    kind = "plan"

    def extract_text(self, document: Document, context: Context) -> ExtractResult:
        result = ExtractResult()
        found = plan_priorities(document)
        if not found:
            return result
        result.records.extend(found)
        result.coverage.append(text_coverage(context.doc_id, self.kind, document.title, found))
        return result


register_text(PlanExtractor())
