"""OpenFisca entities of the leefloon system: persons living under one roof."""

from openfisca_core.entities import build_entity

Person = build_entity(
    key="person",
    plural="persons",
    label="Persoon / personne",
    doc="A person: the applicant or someone living under the same roof.",
    is_person=True,
)

Household = build_entity(
    key="household",
    plural="households",
    label="Huishouden onder hetzelfde dak / ménage sous le même toit",
    doc=(
        "The people living under the same roof as the applicant (law of 26 May 2002, art. 14, "
        "§1, 1°: cohabitation). Exactly one applicant per household."
    ),
    roles=[
        {"key": "applicant", "plural": "applicants", "label": "Aanvrager / demandeur", "max": 1},
        {"key": "member", "plural": "members", "label": "Huisgenoot / cohabitant"},
    ],
)

entities = [Person, Household]
