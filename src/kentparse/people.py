"""People, roles and organisations named in lead cells, with a rule-based spaCy pipeline
(`people_nlp`, imported on first use).

The pipeline's entities are split here into leads: each person with the role and organisation
printed after them, organisations named on their own. Organisations are canonicalised against
the gazetteer (`data/organisations.csv`) with rapidfuzz.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from kentparse.records import Record

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from kentparse.extractors.action_plan import Action

ROLE_WORDS = (
    "head", "director", "chair", "chairs", "chief", "ceo", "manager", "adviser", "advisor",
    "officer", "lead", "leader", "member", "coordinator", "co-ordinator", "commissioner",
    "consultant", "secretary", "executive", "interim", "deputy", "assistant", "principal",
    "project", "programme", "strategic", "corporate", "cabinet", "portfolio", "representative",
)  # fmt: skip
#: capitalised words that are never part of a person's name
_NO_PERSON = re.compile(r"^\s*(?:n/?a|tbc|tbd|none|-|–)?\s*$", re.I)
_SEGMENT_BREAKS = frozenset({"/", ";"})


@dataclass(frozen=True, slots=True)
class Organisation:
    canonical: str
    alias: str


class ActionLead(Record):
    """A person (with role and organisation) or an organisation leading an action."""

    table = "action_leads"
    plan: str | None
    action_no: str
    person: str | None
    role: str | None
    organisation: str | None


@lru_cache(maxsize=1)
def gazetteer() -> tuple[Organisation, ...]:
    text = resources.files("kentparse.data").joinpath("organisations.csv").read_text("utf-8")
    return tuple(Organisation(row["canonical"], row["alias"]) for row in csv.DictReader(text.splitlines()))


def canonical_organisation(name: str, cutoff: float = 90.0) -> str:
    """The gazetteer's name for an organisation, or the printed name when none is close."""
    aliases = {org.alias: org.canonical for org in gazetteer()}
    match = process.extractOne(name, list(aliases), scorer=fuzz.ratio, score_cutoff=cutoff)
    return aliases[match[0]] if match else name


@dataclass(frozen=True, slots=True)
class Lead:
    person: str | None
    role: str | None
    organisation: str | None


_FRAGMENT_SPLIT = re.compile(r"\s*(?:/|;|,|&|:|\band\b|\bwith\b|\bincluding\b)\s*", re.I)
_PARENTHESES = re.compile(r"\([^)]*\)")
#: words that name no organisation on their own ("KCC and partners")
FILLER = frozenset({"partners", "partner", "all", "others", "wider partnership", "and", "etc"})


def organisations_in(text: str | None) -> list[str]:
    """Canonical organisations named in a lead-organisation cell, in order, without repeats.

    Known organisations are found by the entity ruler; the rest of the cell is split at
    separators (never inside a known name such as "Kent and Medway Economic Partnership")
    and each fragment is matched against the gazetteer, or kept as printed.
    """
    if not text:
        return []
    doc = _analysed(text)
    orgs = [ent for ent in doc.ents if ent.label_ == "ORG"]
    names: list[tuple[int, str]] = [(ent.start_char, ent.ent_id_ or ent.text) for ent in orgs]
    for start, fragment in _fragments_outside(doc.text, [(e.start_char, e.end_char) for e in orgs]):
        names.append((start, canonical_organisation(fragment)))
    return list(dict.fromkeys(name for _, name in sorted(names)))


def _fragments_outside(text: str, protected: list[tuple[int, int]]) -> list[tuple[int, str]]:
    masked = list(text)
    for start, end in protected:
        masked[start:end] = "/" * (end - start)
    plain = _PARENTHESES.sub(lambda m: " " * len(m.group(0)), "".join(masked))
    fragments = []
    position = 0
    for piece in _FRAGMENT_SPLIT.split(plain):
        start = plain.index(piece, position) if piece else position
        position = start + len(piece)
        cleaned = piece.strip(" .-–/")
        if re.search(r"[A-Za-z]{3,}", cleaned) and cleaned.lower() not in FILLER:
            fragments.append((start, " ".join(cleaned.split())))
    return fragments


def _analysed(text: str) -> Doc:
    """The cell run through the spaCy pipeline. spaCy (0.4 s to import) is imported on the
    first lead cell: most papers have none, and a pack's workers start sooner without it."""
    from kentparse.people_nlp import pipeline

    return pipeline()(_spaced(text))


def _spaced(text: str) -> str:
    """Separators padded with spaces, so the tokenizer always splits at them."""
    return re.sub(r"\s*([/;])\s*", r" \1 ", text)


def people_in(text: str | None, default_org: str | None = None) -> list[Lead]:
    """People named in a Named Lead cell, each with the role and organisation printed beside it."""
    if not text or _NO_PERSON.match(text):
        return []
    doc = _analysed(text)
    leads: list[Lead] = []
    for segment in _segments(doc):
        leads.extend(_segment_people(segment, default_org))
    return leads


def _segments(doc: Doc) -> list[Span]:
    segments, start = [], 0
    for token in doc:
        if token.text in _SEGMENT_BREAKS:
            segments.append(doc[start : token.i])
            start = token.i + 1
    segments.append(doc[start:])
    return [segment for segment in segments if len(segment)]


def _segment_people(segment: Span, default_org: str | None) -> list[Lead]:
    ents = list(segment.ents)
    people = [ent for ent in ents if ent.label_ == "PERSON"]
    prefix = _prefix_org(segment, people)
    leads = []
    for index, person in enumerate(people):
        stop = people[index + 1].start if index + 1 < len(people) else segment.end
        after = [ent for ent in ents if person.end <= ent.start < stop]
        role = next((ent for ent in after if ent.label_ == "ROLE"), None)
        org = next((ent for ent in after if ent.label_ == "ORG"), None)
        organisation = (org.ent_id_ or org.text) if org else _org_in_role(role) or prefix or default_org
        leads.append(Lead(person.text, role.text if role else None, organisation))
    return leads


def _prefix_org(segment: Span, people: list[Span]) -> str | None:
    if not people:
        return None
    before = [ent for ent in segment.ents if ent.end <= people[0].start and ent.label_ == "ORG"]
    return (before[-1].ent_id_ or before[-1].text) if before else None


def _org_in_role(role: Span | None) -> str | None:
    """A known organisation named inside a role ("Chair of KDG")."""
    if role is None:
        return None
    found = []
    for org in gazetteer():
        flags = 0 if org.alias.isupper() else re.I
        match = re.search(rf"(?<!\w){re.escape(org.alias)}(?!\w)", role.text, flags)
        if match:
            found.append((match.start(), -len(org.alias), org.canonical))
    return min(found)[2] if found else None


def leads_of_action(action: Action) -> list[ActionLead]:
    orgs = organisations_in(action.lead_org)
    default_org = orgs[0] if len(orgs) == 1 else None
    leads = people_in(action.named_lead, default_org)
    named = {lead.organisation for lead in leads}
    leads += [Lead(None, None, org) for org in orgs if org not in named]
    return [
        ActionLead(
            doc_id=action.doc_id,
            plan=action.plan,
            action_no=action.action_no,
            person=lead.person,
            role=lead.role,
            organisation=lead.organisation,
        )
        for lead in leads
    ]
