"""Dutch, French and German texts for results and explanations (no English for users).

Every entry is a tuple (nl, fr, de); `by_lang` turns one into a {"nl", "fr", "de"} dict.
"""

from __future__ import annotations

from decimal import Decimal

RIGHTS = {
    "leefloon": ("leefloon", "revenu d'intégration", "Eingliederungseinkommen"),
    "equivalent_leefloon": (
        "equivalent leefloon (financiële maatschappelijke hulp)",
        "équivalent du revenu d'intégration (aide sociale financière)",
        "Gleichwertiges des Eingliederungseinkommens (finanzielle Sozialhilfe)",
    ),
    "urgent_medical_aid": (
        "enkel dringende medische hulp",
        "uniquement l'aide médicale urgente",
        "nur dringende medizinische Hilfe",
    ),
    "material_aid": (
        "materiële hulp via het opvangnetwerk",
        "aide matérielle via le réseau d'accueil",
        "materielle Hilfe über das Aufnahmenetz",
    ),
    "none": ("geen recht", "aucun droit", "kein Recht"),
}

REASONS = {
    "eligible": (
        "De voorwaarden van artikel 3 van de wet van 26 mei 2002 zijn vervuld.",
        "Les conditions de l'article 3 de la loi du 26 mai 2002 sont remplies.",
        "Die Bedingungen von Artikel 3 des Gesetzes vom 26. Mai 2002 sind erfüllt.",
    ),
    "foreigner_not_in_population_register": (
        "De aanvrager is niet ingeschreven in het bevolkingsregister en valt daarom niet onder de "
        "wet van 26 mei 2002; het OCMW kan financiële maatschappelijke hulp toekennen ten belope "
        "van het leefloon (equivalent leefloon, organieke wet van 8 juli 1976, art. 1 en 57).",
        "Le demandeur n'est pas inscrit au registre de la population et ne relève donc pas de la "
        "loi du 26 mai 2002 ; le CPAS peut octroyer une aide sociale financière équivalente au "
        "revenu d'intégration (loi organique du 8 juillet 1976, art. 1er et 57).",
        "Der Antragsteller ist nicht im Bevölkerungsregister eingetragen und fällt daher nicht "
        "unter das Gesetz vom 26. Mai 2002; das ÖSHZ kann eine finanzielle Sozialhilfe in Höhe "
        "des Eingliederungseinkommens gewähren (Grundlagengesetz vom 8. Juli 1976, Art. 1 und 57).",
    ),
    "no_legal_residence": (
        "Zonder wettig verblijf is de maatschappelijke dienstverlening beperkt tot dringende "
        "medische hulp (organieke wet van 8 juli 1976, art. 57, §2).",
        "Sans séjour légal, l'aide sociale est limitée à l'aide médicale urgente (loi organique "
        "du 8 juillet 1976, art. 57, §2).",
        "Ohne rechtmäßigen Aufenthalt ist die Sozialhilfe auf die dringende medizinische Hilfe "
        "beschränkt (Grundlagengesetz vom 8. Juli 1976, Art. 57 § 2).",
    ),
    "asylum_seeker_reception": (
        "Een verzoeker om internationale bescherming heeft recht op materiële hulp in het "
        "opvangnetwerk (wet van 12 januari 2007; organieke wet van 8 juli 1976, art. 57ter).",
        "Un demandeur de protection internationale a droit à l'aide matérielle dans le réseau "
        "d'accueil (loi du 12 janvier 2007 ; loi organique du 8 juillet 1976, art. 57ter).",
        "Ein Antragsteller auf internationalen Schutz hat Anrecht auf materielle Hilfe im "
        "Aufnahmenetz (Gesetz vom 12. Januar 2007; Grundlagengesetz vom 8. Juli 1976, Art. 57ter).",
    ),
    "eu_citizen_first_3_months": (
        "Een burger van de Unie moet een verblijfsrecht van meer dan drie maanden hebben (wet van "
        "26 mei 2002, art. 3, 3°; organieke wet van 8 juli 1976, art. 57quinquies).",
        "Un citoyen de l'Union doit bénéficier d'un droit de séjour de plus de trois mois (loi du "
        "26 mai 2002, art. 3, 3° ; loi organique du 8 juillet 1976, art. 57quinquies).",
        "Ein Unionsbürger muss ein Aufenthaltsrecht von mehr als drei Monaten haben (Gesetz vom "
        "26. Mai 2002, Art. 3 Nr. 3; Grundlagengesetz vom 8. Juli 1976, Art. 57quinquies).",
    ),
    "under_18": (
        "De aanvrager is jonger dan 18 jaar en is niet ontvoogd door het huwelijk, niet zwanger "
        "en heeft geen kind ten laste (wet van 26 mei 2002, art. 3, 2° en art. 7).",
        "Le demandeur a moins de 18 ans et n'est ni émancipé par le mariage, ni enceinte, ni en "
        "charge d'un enfant (loi du 26 mai 2002, art. 3, 2° et art. 7).",
        "Der Antragsteller ist jünger als 18 Jahre, nicht durch Heirat für mündig erklärt, nicht "
        "schwanger und hat kein Kind zu Lasten (Gesetz vom 26. Mai 2002, Art. 3 Nr. 2 und Art. 7).",
    ),
    "no_actual_residence": (
        "De aanvrager heeft zijn werkelijke verblijfplaats niet in België (wet van 26 mei 2002, "
        "art. 3, 1°).",
        "Le demandeur n'a pas sa résidence effective en Belgique (loi du 26 mai 2002, art. 3, 1°).",
        "Der Antragsteller hat seinen tatsächlichen Wohnort nicht in Belgien (Gesetz vom "
        "26. Mai 2002, Art. 3 Nr. 1).",
    ),
    "not_willing_to_work": (
        "De aanvrager is niet werkbereid en is daarvan niet vrijgesteld om gezondheids- of "
        "billijkheidsredenen (wet van 26 mei 2002, art. 3, 5°).",
        "Le demandeur n'est pas disposé à travailler et n'en est pas dispensé pour des raisons de "
        "santé ou d'équité (loi du 26 mai 2002, art. 3, 5°).",
        "Der Antragsteller ist nicht arbeitswillig und davon nicht aus Gesundheits- oder "
        "Billigkeitsgründen befreit (Gesetz vom 26. Mai 2002, Art. 3 Nr. 5).",
    ),
    "other_benefits_not_claimed": (
        "De aanvrager heeft zijn rechten op andere uitkeringen nog niet laten gelden (wet van "
        "26 mei 2002, art. 3, 6°).",
        "Le demandeur n'a pas encore fait valoir ses droits à d'autres prestations (loi du 26 mai "
        "2002, art. 3, 6°).",
        "Der Antragsteller hat seine Rechte auf andere Leistungen noch nicht geltend gemacht "
        "(Gesetz vom 26. Mai 2002, Art. 3 Nr. 6).",
    ),
    "resources_too_high": (
        "De in aanmerking genomen bestaansmiddelen zijn gelijk aan of hoger dan het bedrag van de "
        "categorie (wet van 26 mei 2002, art. 3, 4° en art. 14, §2).",
        "Les ressources prises en compte sont égales ou supérieures au montant de la catégorie "
        "(loi du 26 mai 2002, art. 3, 4° et art. 14, §2).",
        "Die berücksichtigten Existenzmittel sind gleich dem Betrag der Kategorie oder höher "
        "(Gesetz vom 26. Mai 2002, Art. 3 Nr. 4 und Art. 14 § 2).",
    ),
    "status_unknown": (
        "De verblijfsstatus is onbekend.",
        "Le statut de séjour est inconnu.",
        "Der Aufenthaltsstatus ist unbekannt.",
    ),
    "not_applicant": ("Geen aanvrager.", "Pas demandeur.", "Kein Antragsteller."),
}

CATEGORIES = {
    1: (
        "categorie 1 (samenwonende persoon)",
        "catégorie 1 (personne cohabitante)",
        "Kategorie 1 (zusammenwohnende Person)",
    ),
    2: (
        "categorie 2 (alleenstaande persoon)",
        "catégorie 2 (personne isolée)",
        "Kategorie 2 (alleinstehende Person)",
    ),
    3: (
        "categorie 3 (persoon die samenwoont met een gezin ten laste)",
        "catégorie 3 (personne vivant avec une famille à sa charge)",
        "Kategorie 3 (Person, die mit einer Familie zu ihren Lasten zusammenwohnt)",
    ),
}

KINDS = {
    "wages": ("nettoloon", "salaire net", "Nettolohn"),
    "activation_employment": (
        "loon uit een tewerkstelling art. 60, §7 of een andere activeringsmaatregel",
        "salaire d'une mise à l'emploi art. 60, §7 ou d'une autre mesure d'activation",
        "Lohn aus einer Beschäftigung nach Art. 60 § 7 oder einer anderen Aktivierungsmaßnahme",
    ),
    "self_employment": (
        "inkomsten uit zelfstandige arbeid",
        "revenus d'indépendant",
        "Einkünfte aus selbständiger Tätigkeit",
    ),
    "vocational_training": (
        "vergoeding voor beroepsopleiding",
        "indemnité de formation",
        "Entschädigung für eine Berufsausbildung",
    ),
    "unemployment_benefit": (
        "werkloosheidsuitkering",
        "allocations de chômage",
        "Arbeitslosengeld",
    ),
    "sickness_benefit": ("ziekte-uitkering", "indemnités de maladie", "Krankengeld"),
    "pension": ("pensioen", "pension", "Pension"),
    "other_benefit": (
        "andere sociale uitkering",
        "autre prestation sociale",
        "andere Sozialleistung",
    ),
    "maintenance": ("onderhoudsgeld", "pension alimentaire", "Unterhaltsgeld"),
    "maintenance_for_children": (
        "onderhoudsgeld voor de kinderen",
        "pension alimentaire pour les enfants",
        "Unterhaltsgeld für die Kinder",
    ),
    "family_allowance": ("gezinsbijslag", "allocations familiales", "Familienbeihilfen"),
    "study_grant": ("studiebeurs", "bourse d'études", "Studienbeihilfe"),
    "entry_traineeship": (
        "vergoeding instapstage",
        "allocation de stage de transition",
        "Entschädigung für ein Einstiegspraktikum",
    ),
    "artistic": (
        "inkomsten uit artistieke activiteiten",
        "revenus d'activités artistiques",
        "Einkünfte aus künstlerischen Tätigkeiten",
    ),
    "other": ("andere bestaansmiddelen", "autres ressources", "andere Existenzmittel"),
}

RELATIONS = {
    "partner": ("partner", "partenaire", "Partner"),
    "child": ("kind", "enfant", "Kind"),
    "parent": ("ouder", "parent", "Elternteil"),
    "sibling": ("broer of zus", "frère ou soeur", "Bruder oder Schwester"),
    "grandparent": ("grootouder", "grand-parent", "Großelternteil"),
    "grandchild": ("kleinkind", "petit-enfant", "Enkelkind"),
    "other_relative": (
        "ander familielid",
        "autre membre de la famille",
        "anderes Familienmitglied",
    ),
    "other": ("andere huisgenoot", "autre cohabitant", "anderer Mitbewohner"),
}


def by_lang(entry: tuple[str, str, str]) -> dict[str, str]:
    """A (nl, fr, de) tuple as a {"nl", "fr", "de"} dict."""
    nl, fr, de = entry
    return {"nl": nl, "fr": fr, "de": de}


def money_nl(amount: Decimal) -> str:
    text = f"{amount:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"€ {text}"


def money_fr(amount: Decimal) -> str:
    text = f"{amount:,.2f}".replace(",", " ").replace(".", ",")
    return f"{text} €"


def money_de(amount: Decimal) -> str:
    text = f"{amount:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{text} €"


def money(amount: Decimal) -> dict[str, str]:
    """An amount written for each language."""
    return {"nl": money_nl(amount), "fr": money_fr(amount), "de": money_de(amount)}


def percent(rate) -> str:
    return f"{Decimal(str(rate)) * 100:.0f} %"
