"""People, roles and organisations split from lead cells by the rule-based spaCy pipeline."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kentparse.people import canonical_organisation, organisations_in, people_in


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Deirdre Wells", [("Deirdre Wells", None, None)]),
        ("Susan Berdo/ Jo James", [("Susan Berdo", None, None), ("Jo James", None, None)]),
        (
            "KCC: David Smith, Lee Burchill; KMEP: Sarah Nurden; Medway: tbc",
            [
                ("David Smith", None, "Kent County Council"),
                ("Lee Burchill", None, "Kent County Council"),
                ("Sarah Nurden", None, "Kent and Medway Economic Partnership"),
            ],
        ),
        (
            "David Smith - Director of Economic Development, KCC",
            [("David Smith", "Director of Economic Development", "Kent County Council")],
        ),
        (
            "Nick Fenton – Chair of KDG / Mark Pullin – Chair of KPOG",
            [
                ("Nick Fenton", "Chair of KDG", "Kent Developers Group"),
                ("Mark Pullin", "Chair of KPOG", "Kent Planning Officers Group"),
            ],
        ),
        ("Amanda Beer William Benson", [("Amanda Beer", None, None), ("William Benson", None, None)]),
        (
            "Sarah Hammond, Lee-Anne Farach, Jane O'Rourke",
            [("Sarah Hammond", None, None), ("Lee-Anne Farach", None, None), ("Jane O'Rourke", None, None)],
        ),
        ("n/a", []),
        ("tbc", []),
        ("", []),
        ("Chairs of these groups", []),
    ],
)
def test_people_in_named_lead_cells(cell: str, expected: list[tuple[str, str | None, str | None]]) -> None:
    assert [(lead.person, lead.role, lead.organisation) for lead in people_in(cell)] == expected


def test_single_lead_organisation_is_the_default_for_people() -> None:
    assert [lead.organisation for lead in people_in("Liz Harrison", "Kent County Council")] == ["Kent County Council"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            "KCC/Medway Council /Kent Districts/ Kent Invicta Chamber of Commerce",
            ["Kent County Council", "Medway Council", "Kent Districts", "Kent Invicta Chamber of Commerce"],
        ),
        ("Kent and Medway Economic Partnership (KMEP)", ["Kent and Medway Economic Partnership"]),
        ("KCC/ Medway Council and wider partnership", ["Kent County Council", "Medway Council"]),
        ("Strategic partnership board (to be established)", ["Strategic partnership board"]),
        (None, []),
    ],
)
def test_organisations_in_lead_organisation_cells(cell: str | None, expected: list[str]) -> None:
    assert organisations_in(cell) == expected


def test_canonical_organisation_is_fuzzy_but_keeps_unknown_names() -> None:
    assert canonical_organisation("Kent Finance Officers Group") == "Kent Finance Officers' Group"
    assert canonical_organisation("Parish Council of Nowhere") == "Parish Council of Nowhere"


_SPACY_LOADED = """
import sys
from kentparse.pipeline import load_extractors
load_extractors()
before = "spacy" in sys.modules
from kentparse.people import people_in
found = [lead.person for lead in people_in("Deirdre Wells")]
print(before, "spacy" in sys.modules, found)
"""


def test_spacy_is_imported_on_the_first_lead_cell_not_with_the_extractors() -> None:
    """Loading every extractor leaves spaCy (0.4 s to import) alone; reading a lead cell imports it."""
    done = subprocess.run([sys.executable, "-c", _SPACY_LOADED], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False True ['Deirdre Wells']"
