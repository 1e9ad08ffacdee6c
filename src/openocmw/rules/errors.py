"""Bad-input errors, each naming the field, in Dutch, French and German."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str, str]] = {
    "required": (
        "Het veld {field} is verplicht.",
        "Le champ {field} est obligatoire.",
        "Das Feld {field} ist erforderlich.",
    ),
    "unknown_field": (
        "Het veld {field} is onbekend en wordt niet aanvaard.",
        "Le champ {field} est inconnu et n'est pas accepté.",
        "Das Feld {field} ist unbekannt und wird nicht angenommen.",
    ),
    "type_object": (
        "Het veld {field} moet een object zijn.",
        "Le champ {field} doit être un objet.",
        "Das Feld {field} muss ein Objekt sein.",
    ),
    "type_array": (
        "Het veld {field} moet een lijst zijn.",
        "Le champ {field} doit être une liste.",
        "Das Feld {field} muss eine Liste sein.",
    ),
    "type_string": (
        "Het veld {field} moet tekst zijn.",
        "Le champ {field} doit être un texte.",
        "Das Feld {field} muss ein Text sein.",
    ),
    "type_number": (
        "Het veld {field} moet een getal zijn.",
        "Le champ {field} doit être un nombre.",
        "Das Feld {field} muss eine Zahl sein.",
    ),
    "type_integer": (
        "Het veld {field} moet een geheel getal zijn.",
        "Le champ {field} doit être un nombre entier.",
        "Das Feld {field} muss eine ganze Zahl sein.",
    ),
    "type_boolean": (
        "Het veld {field} moet waar of onwaar (true/false) zijn.",
        "Le champ {field} doit être vrai ou faux (true/false).",
        "Das Feld {field} muss wahr oder falsch (true/false) sein.",
    ),
    "negative": (
        "Het veld {field} mag niet negatief zijn.",
        "Le champ {field} ne peut pas être négatif.",
        "Das Feld {field} darf nicht negativ sein.",
    ),
    "too_large": (
        "Het veld {field} mag niet groter zijn dan {maximum}.",
        "Le champ {field} ne peut pas dépasser {maximum}.",
        "Das Feld {field} darf nicht größer sein als {maximum}.",
    ),
    "enum": (
        "De waarde van {field} is onbekend; toegelaten waarden: {allowed}.",
        "La valeur de {field} est inconnue ; valeurs admises : {allowed}.",
        "Der Wert von {field} ist unbekannt; zulässige Werte: {allowed}.",
    ),
    "date_format": (
        "Het veld {field} moet een datum zijn in de vorm JJJJ-MM-DD.",
        "Le champ {field} doit être une date au format AAAA-MM-JJ.",
        "Das Feld {field} muss ein Datum im Format JJJJ-MM-TT sein.",
    ),
    "date_out_of_range": (
        "De datum in {field} valt buiten de ondersteunde periode ({first} tot {last}).",
        "La date dans {field} est en dehors de la période prise en charge ({first} au {last}).",
        "Das Datum in {field} liegt außerhalb des unterstützten Zeitraums ({first} bis {last}).",
    ),
    "birth_after_reference": (
        "De geboortedatum in {field} ligt na de referentiedatum.",
        "La date de naissance dans {field} est postérieure à la date de référence.",
        "Das Geburtsdatum in {field} liegt nach dem Stichtag.",
    ),
    "child_older_than_parent": (
        "Het kind in {field} is ouder dan zijn ouder (de aanvrager of een huisgenoot).",
        "L'enfant dans {field} est plus âgé que son parent (le demandeur ou un cohabitant).",
        "Das Kind in {field} ist älter als sein Elternteil (der Antragsteller oder ein Mitbewohner).",
    ),
    "parent_younger_than_child": (
        "De ouder in {field} is jonger dan zijn kind (de aanvrager).",
        "Le parent dans {field} est plus jeune que son enfant (le demandeur).",
        "Der Elternteil in {field} ist jünger als sein Kind (der Antragsteller).",
    ),
    "period_outside_month": (
        "De datum in {field} valt niet in de maand van de referentiedatum.",
        "La date dans {field} ne tombe pas dans le mois de la date de référence.",
        "Das Datum in {field} liegt nicht im Monat des Stichtags.",
    ),
    "end_before_start": (
        "Het einde ({field}) ligt vóór het begin.",
        "La fin ({field}) précède le début.",
        "Das Ende ({field}) liegt vor dem Beginn.",
    ),
    "empty_period": (
        "Het veld {field} moet een begin- of een einddatum bevatten.",
        "Le champ {field} doit contenir une date de début ou de fin.",
        "Das Feld {field} muss ein Anfangs- oder Enddatum enthalten.",
    ),
    "eu_residence_required": (
        "Voor een burger van de Unie is {field} verplicht (verblijfsrecht van meer dan drie "
        "maanden of verblijfsdatum).",
        "Pour un citoyen de l'Union, {field} est obligatoire (droit de séjour de plus de trois "
        "mois ou date de séjour).",
        "Für einen Unionsbürger ist {field} erforderlich (Aufenthaltsrecht von mehr als drei "
        "Monaten oder Aufenthaltsdatum).",
    ),
    "eu_residence_not_applicable": (
        "Het veld {field} geldt enkel voor een burger van de Unie.",
        "Le champ {field} ne s'applique qu'à un citoyen de l'Union.",
        "Das Feld {field} gilt nur für einen Unionsbürger.",
    ),
    "required_for_minor": (
        "Het veld {field} is verplicht voor een minderjarige.",
        "Le champ {field} est obligatoire pour un mineur.",
        "Das Feld {field} ist für einen Minderjährigen erforderlich.",
    ),
    "required_for_child": (
        "Het veld {field} is verplicht voor een kind of kleinkind.",
        "Le champ {field} est obligatoire pour un enfant ou un petit-enfant.",
        "Das Feld {field} ist für ein Kind oder Enkelkind erforderlich.",
    ),
    "rent_required": (
        "Het veld {field} is verplicht voor een verhuurd goed.",
        "Le champ {field} est obligatoire pour un bien loué.",
        "Das Feld {field} ist für ein vermietetes Gut erforderlich.",
    ),
    "relatives_choice_required": (
        "Er wonen meerderjarige ouders of kinderen met bestaansmiddelen onder hetzelfde dak: de "
        "keuze van het OCMW in {field} is verplicht (art. 34, §2 KB 11 juli 2002).",
        "Des parents ou enfants majeurs disposant de ressources vivent sous le même toit : le "
        "choix du CPAS dans {field} est obligatoire (art. 34, §2 AR 11 juillet 2002).",
        "Volljährige Eltern oder Kinder mit Existenzmitteln wohnen unter demselben Dach: die "
        "Wahl des ÖSHZ in {field} ist erforderlich (Art. 34 § 2 KE vom 11. Juli 2002).",
    ),
    "reference_date_required": (
        "De referentiedatum ({field}) ontbreekt.",
        "La date de référence ({field}) manque.",
        "Der Stichtag ({field}) fehlt.",
    ),
    "unknown_reform": (
        "De hervorming {field} is onbekend; beschikbaar: {allowed}.",
        "La réforme {field} est inconnue ; disponibles : {allowed}.",
        "Die Reform {field} ist unbekannt; verfügbar: {allowed}.",
    ),
    "invalid_json": (
        "De invoer is geen geldige JSON: {detail}.",
        "L'entrée n'est pas un JSON valide : {detail}.",
        "Die Eingabe ist kein gültiges JSON: {detail}.",
    ),
    "invalid": (
        "De waarde van {field} is ongeldig.",
        "La valeur de {field} n'est pas valide.",
    ),
    "file_not_found": (
        "Het bestand {field} bestaat niet.",
        "Le fichier {field} n'existe pas.",
        "Die Datei {field} existiert nicht.",
    ),
    # The socio-professional exemption's history of use (RD art. 35).
    "spi_history_required": (
        "Het veld {field} moet de perioden van gebruik van de vrijstelling (periods) of de eerste "
        "dag (first_day) bevatten.",
        "Le champ {field} doit contenir les périodes d'utilisation de l'immunisation (periods) ou "
        "le premier jour (first_day).",
        "Das Feld {field} muss die Zeiträume der Nutzung der Freistellung (periods) oder den "
        "ersten Tag (first_day) enthalten.",
    ),
    "spi_history_ambiguous": (
        "Het veld {field} mag niet tegelijk perioden (periods) en een eerste dag (first_day) "
        "bevatten: geef de perioden van gebruik.",
        "Le champ {field} ne peut pas contenir à la fois des périodes (periods) et un premier jour "
        "(first_day) : indiquez les périodes d'utilisation.",
        "Das Feld {field} darf nicht gleichzeitig Zeiträume (periods) und einen ersten Tag "
        "(first_day) enthalten: geben Sie die Zeiträume der Nutzung an.",
    ),
    "spi_period_in_future": (
        "De periode in {field} begint na de referentiedatum: de geschiedenis van de vrijstelling "
        "kan geen toekomstige perioden bevatten.",
        "La période dans {field} commence après la date de référence : l'historique de "
        "l'immunisation ne peut pas contenir de périodes futures.",
        "Der Zeitraum in {field} beginnt nach dem Stichtag: die Geschichte der Freistellung kann "
        "keine zukünftigen Zeiträume enthalten.",
    ),
    "spi_periods_overlap": (
        "De periode in {field} overlapt met de vorige periode van gebruik van de vrijstelling.",
        "La période dans {field} chevauche la période d'utilisation précédente de l'immunisation.",
        "Der Zeitraum in {field} überschneidet sich mit dem vorigen Zeitraum der Nutzung der "
        "Freistellung.",
    ),
    "bottleneck_already_used": (
        "De verhoogde vrijstelling voor een knelpuntberoep ({field}) wordt slechts één keer "
        "toegekend; ze werd al gebruikt in een vorige periode.",
        "L'immunisation majorée pour un métier en pénurie ({field}) n'est accordée qu'une seule "
        "fois ; elle a déjà été utilisée pour une période précédente.",
        "Die erhöhte Freistellung für einen Mangelberuf ({field}) wird nur ein einziges Mal "
        "gewährt; sie wurde bereits in einem vorigen Zeitraum genutzt.",
    ),
    "bottleneck_not_in_force": (
        "De verhoogde vrijstelling voor een knelpuntberoep ({field}) bestaat pas vanaf {first}; "
        "deze periode begint vroeger.",
        "L'immunisation majorée pour un métier en pénurie ({field}) n'existe qu'à partir du "
        "{first} ; cette période commence plus tôt.",
        "Die erhöhte Freistellung für einen Mangelberuf ({field}) besteht erst ab dem {first}; "
        "dieser Zeitraum beginnt früher.",
    ),
    "date_after_reference": (
        "De datum in {field} ligt na de referentiedatum.",
        "La date dans {field} est postérieure à la date de référence.",
        "Das Datum in {field} liegt nach dem Stichtag.",
    ),
    "leefloon_beneficiary_partner_only": (
        "Het veld {field} geldt enkel voor een partner (art. 34, §1 KB 11 juli 2002).",
        "Le champ {field} ne s'applique qu'à un partenaire (art. 34, §1er AR 11 juillet 2002).",
        "Das Feld {field} gilt nur für einen Partner (Art. 34 § 1 KE vom 11. Juli 2002).",
    ),
}

_NO_FIELD = {"nl": "(situatie)", "fr": "(situation)", "de": "(Situation)"}


def make_error(field: str, code: str, **values) -> dict:
    """An error naming its field, with its message in Dutch, French and German."""
    messages = dict(zip(("nl", "fr", "de"), MESSAGES[code], strict=True))
    error = {"field": field, "code": code}
    for lang, template in messages.items():
        error[lang] = template.format(**{**values, "field": field or _NO_FIELD[lang]})
    return error


class SituationError(Exception):
    """The situation cannot be calculated; `.errors` lists each problem with its field."""

    def __init__(self, errors: list[dict]):
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['nl']} / {e['fr']}" for e in errors))

    def to_dict(self) -> dict:
        return {"errors": self.errors}
