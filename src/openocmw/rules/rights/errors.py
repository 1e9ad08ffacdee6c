"""The error of a refused catalogue entry, naming its field in Dutch, French and German (no
Django)."""

from __future__ import annotations

MESSAGES = {
    "required": (
        "Het veld {field} is verplicht.",
        "Le champ {field} est obligatoire.",
        "Das Feld {field} ist erforderlich.",
    ),
    "choice": (
        "De waarde van {field} is onbekend; toegelaten waarden: {allowed}.",
        "La valeur de {field} est inconnue ; valeurs admises : {allowed}.",
        "Der Wert von {field} ist unbekannt; zulässige Werte: {allowed}.",
    ),
    "url": (
        "Het veld {field} moet een webadres zijn (http of https).",
        "Le champ {field} doit être une adresse web (http ou https).",
        "Das Feld {field} muss eine Webadresse sein (http oder https).",
    ),
    "date": (
        "Het veld {field} moet een datum zijn in de vorm JJJJ-MM-DD.",
        "Le champ {field} doit être une date au format AAAA-MM-JJ.",
        "Das Feld {field} muss ein Datum im Format JJJJ-MM-TT sein.",
    ),
    "code": (
        "Het veld {field} mag alleen kleine letters, cijfers en _ bevatten.",
        "Le champ {field} ne peut contenir que des minuscules, des chiffres et _.",
        "Das Feld {field} darf nur Kleinbuchstaben, Ziffern und _ enthalten.",
    ),
    "duplicate": (
        "De code in {field} bestaat al in de catalogus.",
        "Le code dans {field} existe déjà dans le catalogue.",
        "Der Code in {field} besteht bereits im Katalog.",
    ),
    "list": (
        "Het veld {field} moet een lijst zijn.",
        "Le champ {field} doit être une liste.",
        "Das Feld {field} muss eine Liste sein.",
    ),
    "not_checkable_needed": (
        "Het veld {field} moet zeggen welke voorwaarde niet uit gegevens kan worden nagegaan en "
        "waarom, want de voorwaarden van dit recht zijn niet gecodeerd.",
        "Le champ {field} doit dire quelle condition ne peut être vérifiée à partir des données "
        "et pourquoi, car les conditions de ce droit ne sont pas encodées.",
        "Das Feld {field} muss angeben, welche Bedingung nicht anhand von Daten geprüft werden "
        "kann und warum, da die Bedingungen dieses Rechts nicht kodiert sind.",
    ),
    "unknown_field": (
        "Het veld {field} is onbekend en wordt niet aanvaard.",
        "Le champ {field} est inconnu et n'est pas accepté.",
        "Das Feld {field} ist unbekannt und wird nicht angenommen.",
    ),
}


class CatalogueError(ValueError):
    """A catalogue entry is refused; `field` names the offending field (dotted path)."""

    messages = MESSAGES

    def __init__(self, kind: str, field: str, **params):
        self.kind = kind
        self.field = field
        self.params = params
        values = {"allowed": "", "detail": ""} | params
        nl, fr, de = self.messages[kind]
        self.message_nl = nl.format(field=field, **values)
        self.message_fr = fr.format(field=field, **values)
        self.message_de = de.format(field=field, **values)
        super().__init__(self.message_nl)

    def message(self, language: str = "nl") -> str:
        language = (language or "nl")[:2]
        return {"fr": self.message_fr, "de": self.message_de}.get(language, self.message_nl)

    def to_dict(self) -> dict:
        return {
            "field": self.field,
            "code": self.kind,
            "nl": self.message_nl,
            "fr": self.message_fr,
            "de": self.message_de,
        }
