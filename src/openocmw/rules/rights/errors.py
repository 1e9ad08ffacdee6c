"""The error of a refused catalogue entry, naming its field in Dutch and French (no Django)."""

from __future__ import annotations

MESSAGES = {
    "required": ("Het veld {field} is verplicht.", "Le champ {field} est obligatoire."),
    "choice": (
        "De waarde van {field} is onbekend; toegelaten waarden: {allowed}.",
        "La valeur de {field} est inconnue ; valeurs admises : {allowed}.",
    ),
    "url": (
        "Het veld {field} moet een webadres zijn (http of https).",
        "Le champ {field} doit être une adresse web (http ou https).",
    ),
    "date": (
        "Het veld {field} moet een datum zijn in de vorm JJJJ-MM-DD.",
        "Le champ {field} doit être une date au format AAAA-MM-JJ.",
    ),
    "code": (
        "Het veld {field} mag alleen kleine letters, cijfers en _ bevatten.",
        "Le champ {field} ne peut contenir que des minuscules, des chiffres et _.",
    ),
    "duplicate": (
        "De code in {field} bestaat al in de catalogus.",
        "Le code dans {field} existe déjà dans le catalogue.",
    ),
    "list": ("Het veld {field} moet een lijst zijn.", "Le champ {field} doit être une liste."),
    "not_checkable_needed": (
        "Het veld {field} moet zeggen welke voorwaarde niet uit gegevens kan worden nagegaan en "
        "waarom, want de voorwaarden van dit recht zijn niet gecodeerd.",
        "Le champ {field} doit dire quelle condition ne peut être vérifiée à partir des données "
        "et pourquoi, car les conditions de ce droit ne sont pas encodées.",
    ),
    "unknown_field": (
        "Het veld {field} is onbekend en wordt niet aanvaard.",
        "Le champ {field} est inconnu et n'est pas accepté.",
    ),
}


class CatalogueError(ValueError):
    """A catalogue entry is refused; `field` names the offending field (dotted path)."""

    def __init__(self, kind: str, field: str, **params):
        self.kind = kind
        self.field = field
        self.params = params
        nl, fr = MESSAGES[kind]
        self.message_nl = nl.format(field=field, **params)
        self.message_fr = fr.format(field=field, **params)
        super().__init__(self.message_nl)

    def message(self, language: str = "nl") -> str:
        return self.message_fr if language == "fr" else self.message_nl

    def to_dict(self) -> dict:
        return {
            "field": self.field,
            "code": self.kind,
            "nl": self.message_nl,
            "fr": self.message_fr,
        }
