"""The summary and the warnings of a result, in Dutch, French and German."""

from __future__ import annotations

from datetime import date

from openocmw.rules import texts
from openocmw.rules.situation import VERIFIED_UNTIL


def warnings(reference: date) -> list[dict]:
    """Warn when the amounts applied were not verified for the reference date."""
    if reference <= VERIFIED_UNTIL:
        return []
    last = VERIFIED_UNTIL.strftime("%d/%m/%Y")
    return [
        {
            "code": "unverified_amounts",
            "nl": (
                f"Let op: de bedragen zijn gecontroleerd tot {last}. Voor deze datum worden de "
                "laatst gecontroleerde bedragen toegepast; controleer bij de POD MI of er sindsdien "
                "een indexering of welvaartsaanpassing was."
            ),
            "fr": (
                f"Attention : les montants sont vérifiés jusqu'au {last}. Pour cette date, les "
                "derniers montants vérifiés sont appliqués ; vérifiez auprès du SPP IS s'il y a eu "
                "depuis une indexation ou une adaptation au bien-être."
            ),
            "de": (
                f"Achtung: die Beträge sind bis zum {last} überprüft. Für dieses Datum werden die "
                "zuletzt überprüften Beträge angewandt; prüfen Sie beim ÖPD SE, ob es seitdem eine "
                "Indexierung oder eine Anpassung an den Wohlstand gab."
            ),
        }
    ]


def summary(
    right,
    reason,
    category,
    category_amount,
    countable,
    yearly,
    monthly,
    for_period,
    days,
    days_in_month,
) -> dict:
    r = texts.by_lang(texts.RIGHTS[right])
    why = texts.by_lang(texts.REASONS[reason])
    if right not in ("leefloon", "equivalent_leefloon"):
        return {
            "nl": f"Beslissing: {r['nl']}. {why['nl']}",
            "fr": f"Décision : {r['fr']}. {why['fr']}",
            "de": f"Entscheidung: {r['de']}. {why['de']}",
        }
    cat = texts.by_lang(texts.CATEGORIES[category])
    c, res, y, m = (texts.money(x) for x in (category_amount, countable, yearly, monthly))
    text = {
        "nl": (
            f"U hebt recht op het {r['nl']}, {cat['nl']}. Het jaarbedrag van deze categorie is "
            f"{c['nl']}. Uw bestaansmiddelen worden, na de vrijstellingen, in aanmerking genomen "
            f"voor {res['nl']} per jaar. Het bedrag is dus {y['nl']} per jaar, of {m['nl']} per "
            "maand."
        ),
        "fr": (
            f"Vous avez droit au {r['fr']}, {cat['fr']}. Le montant annuel de cette catégorie est "
            f"de {c['fr']}. Vos ressources sont prises en compte, après immunisations, à "
            f"concurrence de {res['fr']} par an. Le montant est donc de {y['fr']} par an, soit "
            f"{m['fr']} par mois."
        ),
        "de": (
            f"Sie haben Anrecht auf das {r['de']}, {cat['de']}. Der Jahresbetrag dieser Kategorie "
            f"beträgt {c['de']}. Ihre Existenzmittel werden nach den Freistellungen in Höhe von "
            f"{res['de']} pro Jahr berücksichtigt. Der Betrag ist also {y['de']} pro Jahr oder "
            f"{m['de']} pro Monat."
        ),
    }
    if days != days_in_month:
        p = texts.money(for_period)
        text["nl"] += f" Voor deze onvolledige maand ({days} van {days_in_month} dagen): {p['nl']}."
        text["fr"] += f" Pour ce mois incomplet ({days} jours sur {days_in_month}) : {p['fr']}."
        text["de"] += (
            f" Für diesen unvollständigen Monat ({days} von {days_in_month} Tagen): {p['de']}."
        )
    if right == "equivalent_leefloon":
        for lang in text:
            text[lang] += " " + why[lang]
    return text
