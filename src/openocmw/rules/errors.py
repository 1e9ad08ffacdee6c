"""Bad-input errors, each naming the field, in Dutch and in French."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "required": ("Het veld {field} is verplicht.", "Le champ {field} est obligatoire."),
    "unknown_field": (
        "Het veld {field} is onbekend en wordt niet aanvaard.",
        "Le champ {field} est inconnu et n'est pas accepté.",
    ),
    "type_object": (
        "Het veld {field} moet een object zijn.",
        "Le champ {field} doit être un objet.",
    ),
    "type_array": (
        "Het veld {field} moet een lijst zijn.",
        "Le champ {field} doit être une liste.",
    ),
    "type_string": ("Het veld {field} moet tekst zijn.", "Le champ {field} doit être un texte."),
    "type_number": (
        "Het veld {field} moet een getal zijn.",
        "Le champ {field} doit être un nombre.",
    ),
    "type_integer": (
        "Het veld {field} moet een geheel getal zijn.",
        "Le champ {field} doit être un nombre entier.",
    ),
    "type_boolean": (
        "Het veld {field} moet waar of onwaar (true/false) zijn.",
        "Le champ {field} doit être vrai ou faux (true/false).",
    ),
    "negative": (
        "Het veld {field} mag niet negatief zijn.",
        "Le champ {field} ne peut pas être négatif.",
    ),
    "too_large": (
        "Het veld {field} mag niet groter zijn dan {maximum}.",
        "Le champ {field} ne peut pas dépasser {maximum}.",
    ),
    "enum": (
        "De waarde van {field} is onbekend; toegelaten waarden: {allowed}.",
        "La valeur de {field} est inconnue ; valeurs admises : {allowed}.",
    ),
    "date_format": (
        "Het veld {field} moet een datum zijn in de vorm JJJJ-MM-DD.",
        "Le champ {field} doit être une date au format AAAA-MM-JJ.",
    ),
    "date_out_of_range": (
        "De datum in {field} valt buiten de ondersteunde periode ({first} tot {last}).",
        "La date dans {field} est en dehors de la période prise en charge ({first} au {last}).",
    ),
    "birth_after_reference": (
        "De geboortedatum in {field} ligt na de referentiedatum.",
        "La date de naissance dans {field} est postérieure à la date de référence.",
    ),
    "child_older_than_parent": (
        "Het kind in {field} is ouder dan zijn ouder (de aanvrager of een huisgenoot).",
        "L'enfant dans {field} est plus âgé que son parent (le demandeur ou un cohabitant).",
    ),
    "parent_younger_than_child": (
        "De ouder in {field} is jonger dan zijn kind (de aanvrager).",
        "Le parent dans {field} est plus jeune que son enfant (le demandeur).",
    ),
    "period_outside_month": (
        "De datum in {field} valt niet in de maand van de referentiedatum.",
        "La date dans {field} ne tombe pas dans le mois de la date de référence.",
    ),
    "end_before_start": (
        "Het einde van het recht ({field}) ligt vóór het begin.",
        "La fin du droit ({field}) précède son début.",
    ),
    "empty_period": (
        "Het veld {field} moet een begin- of een einddatum bevatten.",
        "Le champ {field} doit contenir une date de début ou de fin.",
    ),
    "eu_residence_required": (
        "Voor een burger van de Unie is {field} verplicht (verblijfsrecht van meer dan drie "
        "maanden of verblijfsdatum).",
        "Pour un citoyen de l'Union, {field} est obligatoire (droit de séjour de plus de trois "
        "mois ou date de séjour).",
    ),
    "eu_residence_not_applicable": (
        "Het veld {field} geldt enkel voor een burger van de Unie.",
        "Le champ {field} ne s'applique qu'à un citoyen de l'Union.",
    ),
    "required_for_minor": (
        "Het veld {field} is verplicht voor een minderjarige.",
        "Le champ {field} est obligatoire pour un mineur.",
    ),
    "required_for_child": (
        "Het veld {field} is verplicht voor een kind of kleinkind.",
        "Le champ {field} est obligatoire pour un enfant ou un petit-enfant.",
    ),
    "rent_required": (
        "Het veld {field} is verplicht voor een verhuurd goed.",
        "Le champ {field} est obligatoire pour un bien loué.",
    ),
    "relatives_choice_required": (
        "Er wonen meerderjarige ouders of kinderen met bestaansmiddelen onder hetzelfde dak: de "
        "keuze van het OCMW in {field} is verplicht (art. 34, §2 KB 11 juli 2002).",
        "Des parents ou enfants majeurs disposant de ressources vivent sous le même toit : le "
        "choix du CPAS dans {field} est obligatoire (art. 34, §2 AR 11 juillet 2002).",
    ),
    "reference_date_required": (
        "De referentiedatum ({field}) ontbreekt.",
        "La date de référence ({field}) manque.",
    ),
    "unknown_reform": (
        "De hervorming {field} is onbekend; beschikbaar: {allowed}.",
        "La réforme {field} est inconnue ; disponibles : {allowed}.",
    ),
    "invalid_json": (
        "De invoer is geen geldige JSON: {detail}.",
        "L'entrée n'est pas un JSON valide : {detail}.",
    ),
    "invalid": (
        "De waarde van {field} is ongeldig.",
        "La valeur de {field} n'est pas valide.",
    ),
    "file_not_found": (
        "Het bestand {field} bestaat niet.",
        "Le fichier {field} n'existe pas.",
    ),
}


def make_error(field: str, code: str, **values) -> dict:
    nl, fr = MESSAGES[code]
    values = {"field": field or "(situatie)", **values}
    fr_values = {**values, "field": field or "(situation)"}
    return {"field": field, "code": code, "nl": nl.format(**values), "fr": fr.format(**fr_values)}


class SituationError(Exception):
    """The situation cannot be calculated; `.errors` lists each problem with its field."""

    def __init__(self, errors: list[dict]):
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['nl']} / {e['fr']}" for e in errors))

    def to_dict(self) -> dict:
        return {"errors": self.errors}
