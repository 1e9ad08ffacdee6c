"""The figures and texts of the casework demo (casework/demo.py): how often each residence
status comes to the OCMW, the channels, kinds of other aid, categories, grant shares and
refusal reasons with their weights, the findings and motivations in Dutch and French, and the
leefloon amounts of the real rules for one representative situation per (kind, category,
month)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .models import AidKind, Channel, OtherAid, RefusalReason

# The weekday of the council committee's meeting (Monday 0): Leuven on Tuesday, Namur on
# Thursday, Sint-Gillis on Wednesday; other OCMWs by their NIS code.
MEETING_WEEKDAY = {"24062": 1, "92094": 3, "21013": 2}

# People in need are not a random sample of the population: refugees, people in the
# foreigners register and people without legal residence come to the OCMW more often.
PICK_WEIGHT = {
    "recognised_refugee": 4, "subsidiary_protection": 4, "stateless": 3,
    "foreigners_register": 5, "no_legal_residence": 4, "asylum_seeker": 1,
    "population_register": 2, "eu_citizen": 1.5, "belgian": 1,
}  # fmt: skip

CHANNELS = [
    (Channel.COUNTER, 34), (Channel.APPOINTMENT, 26), (Channel.PHONE, 10),
    (Channel.LETTER, 8), (Channel.HOME_VISIT, 4), (Channel.REFERRAL, 14),
    (Channel.OWN_INITIATIVE, 4),
]  # fmt: skip
OTHER_AIDS = [(OtherAid.RENT_DEPOSIT, 35), (OtherAid.ENERGY, 35), (OtherAid.MEDICAL_COSTS, 25),
              (OtherAid.OTHER, 5)]  # fmt: skip
CATEGORIES = [(1, 30), (2, 45), (3, 25)]
GRANT_SHARE = {
    AidKind.LEEFLOON: 0.78, AidKind.EQUIVALENT: 0.74, AidKind.URGENT_MEDICAL: 0.86,
    AidKind.OTHER: 0.68,
}  # fmt: skip
REFUSALS = {
    AidKind.LEEFLOON: [
        (RefusalReason.RESOURCES, 34), (RefusalReason.OTHER_BENEFIT, 20),
        (RefusalReason.NO_COOPERATION, 15), (RefusalReason.NOT_WILLING, 14),
        (RefusalReason.NO_RESIDENCE, 12), (RefusalReason.OTHER, 5),
    ],
    AidKind.EQUIVALENT: [
        (RefusalReason.RESOURCES, 30), (RefusalReason.RESIDENCE_STATUS, 20),
        (RefusalReason.NO_COOPERATION, 18), (RefusalReason.NOT_WILLING, 12),
        (RefusalReason.NO_RESIDENCE, 15), (RefusalReason.OTHER, 5),
    ],
    AidKind.URGENT_MEDICAL: [
        (RefusalReason.NO_COOPERATION, 45), (RefusalReason.NO_RESIDENCE, 35),
        (RefusalReason.OTHER, 20),
    ],
    AidKind.OTHER: [
        (RefusalReason.RESOURCES, 50), (RefusalReason.NO_COOPERATION, 20),
        (RefusalReason.OTHER_BENEFIT, 15), (RefusalReason.OTHER, 15),
    ],
}  # fmt: skip

TEXTS = {
    "nl": {
        "findings": ["Woont er effectief; eenvoudige huurwoning, weinig meubilair.",
                     "Bewoond appartement, naam op de bel; huurcontract gezien.",
                     "Aanvrager thuis getroffen; woont er met de gezinsleden zoals aangegeven.",
                     "Kamer in gedeelde woning; huisbaas bevestigt de bewoning."],
        "done": ["Gecontroleerd.", "Documenten ontvangen en nagekeken.", "In orde.",
                 "Opgevraagd via de KSZ-stromen."],
        "exempt": "Vrijgesteld om gezondheidsredenen (attest huisarts).",
        "refusal": {
            RefusalReason.RESOURCES: "De bestaansmiddelen van het gezin liggen boven het bedrag van de categorie.",
            RefusalReason.OTHER_BENEFIT: "Eerst het recht op een werkloosheidsuitkering laten gelden.",
            RefusalReason.NO_COOPERATION: "De gevraagde documenten werden ondanks herinnering niet bezorgd.",
            RefusalReason.NOT_WILLING: "Geen bereidheid tot werk aangetoond, geen vrijstelling.",
            RefusalReason.NO_RESIDENCE: "Bij twee huisbezoeken niet aangetroffen; geen werkelijke verblijfplaats.",
            RefusalReason.RESIDENCE_STATUS: "Het verblijfsrecht geeft geen recht op deze hulp.",
            RefusalReason.OTHER: "De gevraagde kosten worden al gedekt door de ziekteverzekering.",
        },
        "aid": {OtherAid.RENT_DEPOSIT: "Huurwaarborg voor een nieuwe woning.",
                OtherAid.ENERGY: "Achterstallige energiefactuur.",
                OtherAid.MEDICAL_COSTS: "Tussenkomst in apotheek- en doktersrekeningen.",
                OtherAid.OTHER: "Tussenkomst in de kosten van een schoolreis."},
        "amended": "Het comité houdt rekening met de onregelmatige inkomsten uit interimwerk.",
        "rejected": "Eerst het recht op kinderbijslag nagaan.",
    },
    "fr": {
        "findings": ["Réside effectivement à l'adresse; logement modeste, peu meublé.",
                     "Appartement habité, nom sur la sonnette; bail vu.",
                     "Demandeur rencontré à domicile; vit avec les membres du ménage déclarés.",
                     "Chambre dans une maison partagée; le propriétaire confirme l'occupation."],
        "done": ["Vérifié.", "Documents reçus et contrôlés.", "En ordre.",
                 "Consulté via les flux de la BCSS."],
        "exempt": "Dispensé pour raisons de santé (certificat du médecin traitant).",
        "refusal": {
            RefusalReason.RESOURCES: "Les ressources du ménage dépassent le montant de la catégorie.",
            RefusalReason.OTHER_BENEFIT: "Faire d'abord valoir le droit aux allocations de chômage.",
            RefusalReason.NO_COOPERATION: "Les documents demandés n'ont pas été fournis malgré un rappel.",
            RefusalReason.NOT_WILLING: "Pas de disposition au travail démontrée, pas de dispense.",
            RefusalReason.NO_RESIDENCE: "Absent lors de deux visites à domicile; pas de résidence effective.",
            RefusalReason.RESIDENCE_STATUS: "Le droit de séjour n'ouvre pas le droit à cette aide.",
            RefusalReason.OTHER: "Les frais demandés sont déjà couverts par l'assurance maladie.",
        },
        "aid": {OtherAid.RENT_DEPOSIT: "Garantie locative pour un nouveau logement.",
                OtherAid.ENERGY: "Facture d'énergie impayée.",
                OtherAid.MEDICAL_COSTS: "Intervention dans les frais de pharmacie et de médecin.",
                OtherAid.OTHER: "Intervention dans les frais d'un voyage scolaire."},
        "amended": "Le comité tient compte des revenus irréguliers du travail intérimaire.",
        "rejected": "Vérifier d'abord le droit aux allocations familiales.",
    },
}  # fmt: skip

# Representative situations for the rules, per category (the applicant is 39 in 2024).
CONDITIONS = {
    "actual_residence_in_belgium": True,
    "willing_to_work": True,
    "other_benefits_claimed": True,
}
MEMBERS = {
    1: [{"relation": "partner", "birth_date": "1986-02-11", "shares_household": True}],
    2: [],
    3: [{"relation": "child", "birth_date": "2015-04-20", "shares_household": True,
         "in_charge": True, "married": False}],
}  # fmt: skip


class Amounts:
    """The rules' result for a representative situation per (kind, category, month), cached.

    ``calls`` counts the calculations actually made: one per key, never one per decision.
    """

    def __init__(self):
        from openocmw.rules import SUPPORTED_RANGE

        self.first, self.last = SUPPORTED_RANGE
        self.cache: dict[tuple[str, int, date], tuple] = {}
        self.calls = 0

    def get(self, kind: str, category: int, day: date) -> tuple[Decimal, dict, dict, str]:
        """(monthly amount, frozen calculation, situation, rules version) for that month."""
        month = min(max(day.replace(day=1), self.first), self.last.replace(day=1))
        key = (kind, category, month)
        if key not in self.cache:
            from openocmw.rules import calculate

            status = "foreigners_register" if kind == AidKind.EQUIVALENT else "belgian"
            situation = {
                "reference_date": month.isoformat(),
                "applicant": {"birth_date": "1985-07-30", "residence_status": status,
                              "conditions": dict(CONDITIONS)},
                "household": {"members": [dict(m) for m in MEMBERS[category]]},
            }  # fmt: skip
            result = calculate(situation).to_dict()
            self.calls += 1
            self.cache[key] = (
                Decimal(result["monthly_amount"]),
                result,
                situation,
                result["rules_version"],
            )
        return self.cache[key]
