"""Dutch and French texts for results and explanations (no English in user-facing strings)."""

from __future__ import annotations

from decimal import Decimal

RIGHTS = {
    "leefloon": ("leefloon", "revenu d'intégration"),
    "equivalent_leefloon": (
        "equivalent leefloon (financiële maatschappelijke hulp)",
        "équivalent du revenu d'intégration (aide sociale financière)",
    ),
    "urgent_medical_aid": ("enkel dringende medische hulp", "uniquement l'aide médicale urgente"),
    "material_aid": (
        "materiële hulp via het opvangnetwerk",
        "aide matérielle via le réseau d'accueil",
    ),
    "none": ("geen recht", "aucun droit"),
}

REASONS = {
    "eligible": (
        "De voorwaarden van artikel 3 van de wet van 26 mei 2002 zijn vervuld.",
        "Les conditions de l'article 3 de la loi du 26 mai 2002 sont remplies.",
    ),
    "foreigner_not_in_population_register": (
        "De aanvrager is niet ingeschreven in het bevolkingsregister en valt daarom niet onder de "
        "wet van 26 mei 2002; het OCMW kan financiële maatschappelijke hulp toekennen ten belope "
        "van het leefloon (equivalent leefloon, organieke wet van 8 juli 1976, art. 1 en 57).",
        "Le demandeur n'est pas inscrit au registre de la population et ne relève donc pas de la "
        "loi du 26 mai 2002 ; le CPAS peut octroyer une aide sociale financière équivalente au "
        "revenu d'intégration (loi organique du 8 juillet 1976, art. 1er et 57).",
    ),
    "no_legal_residence": (
        "Zonder wettig verblijf is de maatschappelijke dienstverlening beperkt tot dringende "
        "medische hulp (organieke wet van 8 juli 1976, art. 57, §2).",
        "Sans séjour légal, l'aide sociale est limitée à l'aide médicale urgente (loi organique "
        "du 8 juillet 1976, art. 57, §2).",
    ),
    "asylum_seeker_reception": (
        "Een verzoeker om internationale bescherming heeft recht op materiële hulp in het "
        "opvangnetwerk (wet van 12 januari 2007; organieke wet van 8 juli 1976, art. 57ter).",
        "Un demandeur de protection internationale a droit à l'aide matérielle dans le réseau "
        "d'accueil (loi du 12 janvier 2007 ; loi organique du 8 juillet 1976, art. 57ter).",
    ),
    "eu_citizen_first_3_months": (
        "Een burger van de Unie moet een verblijfsrecht van meer dan drie maanden hebben (wet van "
        "26 mei 2002, art. 3, 3°; organieke wet van 8 juli 1976, art. 57quinquies).",
        "Un citoyen de l'Union doit bénéficier d'un droit de séjour de plus de trois mois (loi du "
        "26 mai 2002, art. 3, 3° ; loi organique du 8 juillet 1976, art. 57quinquies).",
    ),
    "under_18": (
        "De aanvrager is jonger dan 18 jaar en is niet ontvoogd door het huwelijk, niet zwanger "
        "en heeft geen kind ten laste (wet van 26 mei 2002, art. 3, 2° en art. 7).",
        "Le demandeur a moins de 18 ans et n'est ni émancipé par le mariage, ni enceinte, ni en "
        "charge d'un enfant (loi du 26 mai 2002, art. 3, 2° et art. 7).",
    ),
    "no_actual_residence": (
        "De aanvrager heeft zijn werkelijke verblijfplaats niet in België (wet van 26 mei 2002, "
        "art. 3, 1°).",
        "Le demandeur n'a pas sa résidence effective en Belgique (loi du 26 mai 2002, art. 3, 1°).",
    ),
    "not_willing_to_work": (
        "De aanvrager is niet werkbereid en is daarvan niet vrijgesteld om gezondheids- of "
        "billijkheidsredenen (wet van 26 mei 2002, art. 3, 5°).",
        "Le demandeur n'est pas disposé à travailler et n'en est pas dispensé pour des raisons de "
        "santé ou d'équité (loi du 26 mai 2002, art. 3, 5°).",
    ),
    "other_benefits_not_claimed": (
        "De aanvrager heeft zijn rechten op andere uitkeringen nog niet laten gelden (wet van "
        "26 mei 2002, art. 3, 6°).",
        "Le demandeur n'a pas encore fait valoir ses droits à d'autres prestations (loi du 26 mai "
        "2002, art. 3, 6°).",
    ),
    "resources_too_high": (
        "De in aanmerking genomen bestaansmiddelen zijn gelijk aan of hoger dan het bedrag van de "
        "categorie (wet van 26 mei 2002, art. 3, 4° en art. 14, §2).",
        "Les ressources prises en compte sont égales ou supérieures au montant de la catégorie "
        "(loi du 26 mai 2002, art. 3, 4° et art. 14, §2).",
    ),
    "status_unknown": ("De verblijfsstatus is onbekend.", "Le statut de séjour est inconnu."),
    "not_applicant": ("Geen aanvrager.", "Pas demandeur."),
}

CATEGORIES = {
    1: ("categorie 1 (samenwonende persoon)", "catégorie 1 (personne cohabitante)"),
    2: ("categorie 2 (alleenstaande persoon)", "catégorie 2 (personne isolée)"),
    3: (
        "categorie 3 (persoon die samenwoont met een gezin ten laste)",
        "catégorie 3 (personne vivant avec une famille à sa charge)",
    ),
}

KINDS = {
    "wages": ("nettoloon", "salaire net"),
    "self_employment": ("inkomsten uit zelfstandige arbeid", "revenus d'indépendant"),
    "vocational_training": ("vergoeding voor beroepsopleiding", "indemnité de formation"),
    "unemployment_benefit": ("werkloosheidsuitkering", "allocations de chômage"),
    "sickness_benefit": ("ziekte-uitkering", "indemnités de maladie"),
    "pension": ("pensioen", "pension"),
    "other_benefit": ("andere sociale uitkering", "autre prestation sociale"),
    "maintenance": ("onderhoudsgeld", "pension alimentaire"),
    "maintenance_for_children": (
        "onderhoudsgeld voor de kinderen",
        "pension alimentaire pour les enfants",
    ),
    "family_allowance": ("gezinsbijslag", "allocations familiales"),
    "study_grant": ("studiebeurs", "bourse d'études"),
    "entry_traineeship": ("vergoeding instapstage", "allocation de stage de transition"),
    "artistic": ("inkomsten uit artistieke activiteiten", "revenus d'activités artistiques"),
    "other": ("andere bestaansmiddelen", "autres ressources"),
}

RELATIONS = {
    "partner": ("partner", "partenaire"),
    "child": ("kind", "enfant"),
    "parent": ("ouder", "parent"),
    "sibling": ("broer of zus", "frère ou soeur"),
    "grandparent": ("grootouder", "grand-parent"),
    "grandchild": ("kleinkind", "petit-enfant"),
    "other_relative": ("ander familielid", "autre membre de la famille"),
    "other": ("andere huisgenoot", "autre cohabitant"),
}


def money_nl(amount: Decimal) -> str:
    text = f"{amount:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"€ {text}"


def money_fr(amount: Decimal) -> str:
    text = f"{amount:,.2f}".replace(",", " ").replace(".", ",")
    return f"{text} €"


def percent(rate) -> str:
    return f"{Decimal(str(rate)) * 100:.0f} %"
