"""The rule-based spaCy pipeline that finds people, roles and organisations in lead cells.

No model is downloaded: a blank English pipeline (hyphens do not split tokens) with an
EntityRuler that knows the organisations of the gazetteer (matched case-insensitively) and
role phrases ("Head of ...", "Chair of ..."), plus a component that reads runs of capitalised
name tokens as people. Imported only when a lead cell is read (`people._analysed`).
"""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex, filter_spans

from kentparse.people import ROLE_WORDS, gazetteer

_NOT_NAME = (
    "council", "county", "borough", "district", "city", "group", "groups", "partnership",
    "partnerships", "board", "forum", "network", "service", "services", "team", "teams", "cell",
    "commissioning", "health", "care", "social", "public", "the", "and", "of", "for", "with",
    "kent", "medway", "nhs", "partners", "partner", "local", "all", "tbc", "n/a", "headteachers",
    "chairs", "colleagues", "officers", "school", "schools", "improvement", "responsibility",
    "finance", "chief", "alliance", "system", "systems", "workstream", "trust", "foundation",
    "centre", "center", "volunteer", "enterprise",
)  # fmt: skip
NOT_NAME_WORDS = frozenset(_NOT_NAME)
_NAME_TOKEN = re.compile(r"^[A-Z](?:[a-zA-Z]*[a-z])?(?:[-'’][A-Z][a-zA-Z]*)*$")


@lru_cache(maxsize=1)
def pipeline() -> Language:
    nlp = spacy.blank("en")
    infixes = [rule for rule in nlp.Defaults.infixes or () if "-" not in str(rule)]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer  # type: ignore[union-attr]
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(_org_patterns() + _role_patterns())  # type: ignore[attr-defined]
    nlp.add_pipe("person_runs")
    return nlp


def _org_patterns() -> list[dict[str, object]]:
    return [{"label": "ORG", "pattern": org.alias, "id": org.canonical} for org in gazetteer()]


def _role_patterns() -> list[dict[str, object]]:
    stop = ["/", ",", ";", "(", ")", "-", "–", "—", "&", ":"]
    body = {"TEXT": {"NOT_IN": stop}, "OP": "*"}
    return [{"label": "ROLE", "pattern": [{"LOWER": word}, body]} for word in ROLE_WORDS]


@Language.component("person_runs")
def person_runs(doc: Doc) -> Doc:
    """Runs of capitalised name tokens outside other entities become PERSON spans."""
    taken = {token.i for ent in doc.ents for token in ent}
    people: list[Span] = []
    run: list[int] = []
    for token in [*doc, None]:
        if token is not None and token.i not in taken and _is_name_token(token.text):
            run.append(token.i)
            continue
        people.extend(_people_in_run(doc, run))
        run = []
    doc.ents = filter_spans([*doc.ents, *people])
    return doc


def _is_name_token(text: str) -> bool:
    return bool(_NAME_TOKEN.match(text)) and text.lower() not in NOT_NAME_WORDS


def _people_in_run(doc: Doc, run: list[int]) -> list[Span]:
    """Two or three name tokens are one person; longer runs are people of two tokens each."""
    if len(run) < 2:
        return []
    if len(run) == 3:
        return [Span(doc, run[0], run[-1] + 1, label="PERSON")]
    spans = []
    for start in range(0, len(run) - 1, 2):
        end = run[start + 1] + 1 if len(run) - start != 3 else run[-1] + 1
        spans.append(Span(doc, run[start], end, label="PERSON"))
        if len(run) - start == 3:
            break
    return spans
