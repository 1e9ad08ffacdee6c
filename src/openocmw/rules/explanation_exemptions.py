"""The exemptions of an explanation (RD art. 22 and 35), in Dutch, French and German."""

from __future__ import annotations

from datetime import date

from openocmw.rules import texts
from openocmw.rules.result import cents, rule


def _t(nl: str, fr: str, de: str) -> dict:
    return {"nl": nl, "fr": fr, "de": de}


def _extra_step(step_id, rule_info, text, inputs, parameters) -> dict:
    return {
        "id": step_id,
        "rule": rule_info,
        "inputs": inputs,
        "parameters": parameters,
        "result": False,
        **text,
    }


def exemption_items(p, applicant: dict, v: dict, category, reference: date):
    """The exemptions applied (each with its amount) and the steps explaining a refusal."""
    exemptions: list[dict] = []
    steps: list[dict] = []

    def exemption(key, amount, rule_info, text, params=()):
        if amount > 0:
            a = texts.money(amount)
            exemptions.append(
                {
                    "id": f"exemption.{key}",
                    "yearly_amount": amount,
                    "rule": rule_info,
                    "parameters": list(params),
                    **{lang: text[lang].format(amount=a[lang]) for lang in text},
                }
            )

    exemption(
        "family_allowance",
        cents(v["family_allowance_exempt_yearly"]),
        rule("art. 22, §1, b)", "kb", article_de="Art. 22 § 1 Buchstabe b)"),
        _t(
            "Gezinsbijslag voor de kinderen ten laste is vrijgesteld: {amount} per jaar.",
            "Les allocations familiales pour les enfants à charge sont immunisées : {amount} par "
            "an.",
            "Die Familienbeihilfen für die Kinder zu Lasten sind freigestellt: {amount} pro Jahr.",
        ),
    )
    exemption(
        "maintenance_for_children",
        cents(v["maintenance_for_children_exempt_yearly"]),
        rule("art. 22, §1", "kb", article_de="Art. 22 § 1"),
        _t(
            "Onderhoudsgeld voor de kinderen ten laste is vrijgesteld: {amount} per jaar.",
            "La pension alimentaire pour les enfants à charge est immunisée : {amount} par an.",
            "Das Unterhaltsgeld für die Kinder zu Lasten ist freigestellt: {amount} pro Jahr.",
        ),
    )
    exemption(
        "study_grant",
        cents(v["study_grant_exempt_yearly"]),
        rule("art. 22, §1", "kb", article_de="Art. 22 § 1"),
        _t(
            "De studiebeurs is vrijgesteld: {amount} per jaar.",
            "La bourse d'études est immunisée : {amount} par an.",
            "Die Studienbeihilfe ist freigestellt: {amount} pro Jahr.",
        ),
    )
    if v["entry_traineeship_exempt_yearly"] > 0:
        exemption(
            "entry_traineeship",
            cents(v["entry_traineeship_exempt_yearly"]),
            rule("art. 22, §1", "kb", article_de="Art. 22 § 1"),
            _t(
                "Van de vergoeding van de instapstage is {amount} per jaar vrijgesteld.",
                "De l'allocation de stage de transition, {amount} par an sont immunisés.",
                "Von der Entschädigung für das Einstiegspraktikum sind {amount} pro Jahr "
                "freigestellt.",
            ),
            [p.param("leefloon.exemptions.entry_traineeship_monthly")],
        )

    student = applicant.get("student")
    student_ok = bool(v["student_exemption_applies"])
    spi = applicant.get("spi")
    art35 = rule("art. 35, §1", "kb", article_de="Art. 35 § 1")
    if spi is not None and not student_ok:
        params = [
            p.param("leefloon.exemptions.spi.monthly_amount"),
            p.param("leefloon.exemptions.spi.days_of_use_rule"),
            p.param("leefloon.exemptions.spi.duration_months"),
            p.param("leefloon.exemptions.spi.window_months"),
            p.param("leefloon.exemptions.spi.max_days_of_use"),
        ]
        days_rule = bool(params[1]["value"])
        if v["spi_within_time_limit"]:
            cap = params[0]
            bottleneck = bool(v["spi_bottleneck_applies"])
            if bottleneck:
                cap = p.param("leefloon.exemptions.spi.bottleneck_monthly_amount")
                params.append(cap)
                params.append(p.param("leefloon.exemptions.spi.bottleneck_duration_months"))
            c = texts.money(cents(cap["value"]))
            kind = (
                _t(
                    " (verhoogd bedrag voor een knelpuntberoep)",
                    " (montant majoré pour un métier en pénurie)",
                    " (erhöhter Betrag für einen Mangelberuf)",
                )
                if bottleneck
                else _t("", "", "")
            )
            exemption(
                "spi",
                cents(v["spi_exemption_yearly"]),
                art35,
                _t(
                    "Socio-professionele vrijstelling van de inkomsten uit arbeid of opleiding, "
                    f"ten hoogste {c['nl']} per maand{kind['nl']}: {{amount}} per jaar.",
                    "Immunisation socio-professionnelle des revenus du travail ou de la "
                    f"formation, au plus {c['fr']} par mois{kind['fr']} : {{amount}} par an.",
                    "Sozialberufliche Freistellung der Einkünfte aus Arbeit oder Ausbildung, "
                    f"höchstens {c['de']} pro Monat{kind['de']}: {{amount}} pro Jahr.",
                ),
                params,
            )
            _bottleneck_refused(p, applicant, v, steps)
        else:
            if days_rule:
                n, w = params[4]["value"], params[3]["value"]
                text = _t(
                    "De socio-professionele vrijstelling is niet meer van toepassing: de "
                    f"{n:g} dagen van gebruik zijn opgebruikt of de periode van {w:g} maanden "
                    "vanaf de eerste dag is verstreken.",
                    "L'immunisation socio-professionnelle ne s'applique plus : les "
                    f"{n:g} jours d'utilisation sont épuisés ou la période de {w:g} mois depuis "
                    "le premier jour est écoulée.",
                    "Die sozialberufliche Freistellung gilt nicht mehr: die "
                    f"{n:g} Tage der Nutzung sind aufgebraucht oder der Zeitraum von {w:g} Monaten "
                    "ab dem ersten Tag ist abgelaufen.",
                )
            else:
                d = params[2]["value"]
                text = _t(
                    "De socio-professionele vrijstelling is niet meer van toepassing: de "
                    f"maximumduur van {d:g} maanden vanaf de eerste dag is verstreken.",
                    "L'immunisation socio-professionnelle ne s'applique plus : la durée maximale "
                    f"de {d:g} mois depuis le premier jour est écoulée.",
                    "Die sozialberufliche Freistellung gilt nicht mehr: die Höchstdauer von "
                    f"{d:g} Monaten ab dem ersten Tag ist abgelaufen.",
                )
            steps.append(_extra_step("exemption.spi_expired", art35, text, {"spi": spi}, params))

    if student is not None:
        name = (
            "leefloon.exemptions.spi.student_monthly_amount"
            if student["study_grant"]
            else "leefloon.exemptions.spi.monthly_amount"
        )
        info = p.param(name)
        age_limit = p.param("leefloon.exemptions.spi.student_maximum_age")
        c = texts.money(cents(info["value"]))
        grant = _t("met", "avec", "mit") if student["study_grant"] else _t("zonder", "sans", "ohne")
        art35_students = rule("art. 35", "kb", article_de="Art. 35")
        if student_ok:
            exemption(
                "student",
                cents(v["student_exemption_yearly"]),
                art35_students,
                _t(
                    f"Vrijstelling van de inkomsten uit arbeid van een student ({grant['nl']} "
                    f"studiebeurs, ten hoogste {c['nl']} per maand): {{amount}} per jaar.",
                    f"Immunisation des revenus du travail d'un étudiant ({grant['fr']} bourse "
                    f"d'études, au plus {c['fr']} par mois) : {{amount}} par an.",
                    f"Freistellung der Arbeitseinkünfte eines Studenten ({grant['de']} "
                    f"Studienbeihilfe, höchstens {c['de']} pro Monat): {{amount}} pro Jahr.",
                ),
                [info, age_limit],
            )
        else:
            limit = f"{age_limit['value']:g}"
            steps.append(
                _extra_step(
                    "exemption.student_conditions",
                    art35_students,
                    _t(
                        "De studentenvrijstelling is niet van toepassing: ze vereist voltijdse "
                        "studies in een erkende instelling, een GPMI voor die studies en een "
                        f"leeftijd onder {limit} jaar bij het begin van dat GPMI.",
                        "L'immunisation des étudiants ne s'applique pas : elle suppose des "
                        "études de plein exercice dans un établissement agréé, un PIIS pour ces "
                        f"études et un âge de moins de {limit} ans au début de ce PIIS.",
                        "Die Freistellung für Studenten gilt nicht: sie setzt ein Vollzeitstudium "
                        "in einer anerkannten Einrichtung, ein PSI für dieses Studium und ein "
                        f"Alter unter {limit} Jahren zu Beginn dieses PSI voraus.",
                    ),
                    {"student": student},
                    [age_limit],
                )
            )
    if v["artist_exemption_yearly"] > 0:
        info = p.param("leefloon.exemptions.spi.artist_yearly_amount")
        c = texts.money(cents(info["value"]))
        exemption(
            "artist",
            cents(v["artist_exemption_yearly"]),
            rule("art. 35, §2", "kb", article_de="Art. 35 § 2"),
            _t(
                "Vrijstelling van inkomsten uit artistieke activiteiten (ten hoogste "
                f"{c['nl']} per jaar): {{amount}} per jaar.",
                "Immunisation des revenus d'activités artistiques (au plus "
                f"{c['fr']} par an) : {{amount}} par an.",
                "Freistellung der Einkünfte aus künstlerischen Tätigkeiten (höchstens "
                f"{c['de']} pro Jahr): {{amount}} pro Jahr.",
            ),
            [info],
        )
    if category:
        exemption(
            "general",
            cents(v["general_exemption_yearly"]),
            rule("art. 22, §2", "kb", article_de="Art. 22 § 2"),
            _t(
                "Algemene vrijstelling voor deze categorie, op het totaal van de bestaansmiddelen: "
                "{amount} per jaar.",
                "Immunisation générale pour cette catégorie, sur le total des ressources : "
                "{amount} par an.",
                "Allgemeine Freistellung für diese Kategorie, auf die Gesamtheit der "
                "Existenzmittel: {amount} pro Jahr.",
            ),
            [
                p.param(f"leefloon.exemptions.general.category_{category}"),
                p.param("leefloon.exemptions.general.cumulative_with_art35"),
                p.param("leefloon.exemptions.general.requires_resources_below_category"),
            ],
        )
    return exemptions, steps


def _bottleneck_refused(p, applicant, v, steps) -> None:
    """A bottleneck-profession period whose higher amount does not apply this month."""
    periods = (applicant.get("spi") or {}).get("periods") or []
    entry = next((x for x in periods if "bottleneck_occupation" in x), None)
    if entry is None or v["spi_bottleneck_applies"]:
        return
    facts = entry["bottleneck_occupation"]
    duration = p.param("leefloon.exemptions.spi.bottleneck_duration_months")
    months = f"{duration['value']:g}"
    if facts["contract_months"] < 3 or not facts["regional_attestation"]:
        text = _t(
            "Geen verhoogde vrijstelling voor een knelpuntberoep: daarvoor zijn een "
            "arbeidsovereenkomst van ten minste 3 maanden en een attest van de gewestelijke dienst "
            "voor arbeidsbemiddeling nodig.",
            "Pas d'immunisation majorée pour un métier en pénurie : il faut un contrat de travail "
            "d'au moins 3 mois et une attestation du service régional de l'emploi.",
            "Keine erhöhte Freistellung für einen Mangelberuf: dafür sind ein Arbeitsvertrag von "
            "mindestens 3 Monaten und eine Bescheinigung des regionalen Arbeitsamtes nötig.",
        )
    else:
        text = _t(
            f"De verhoogde vrijstelling voor een knelpuntberoep gold {months} maanden vanaf "
            f"{entry['start']} en is verstreken; het gewone bedrag is van toepassing.",
            f"L'immunisation majorée pour un métier en pénurie valait {months} mois à partir du "
            f"{entry['start']} et est écoulée ; le montant ordinaire s'applique.",
            f"Die erhöhte Freistellung für einen Mangelberuf galt {months} Monate ab dem "
            f"{entry['start']} und ist abgelaufen; der gewöhnliche Betrag gilt.",
        )
    steps.append(
        _extra_step(
            "exemption.spi_bottleneck",
            rule("art. 35", "kb", article_de="Art. 35"),
            text,
            {"bottleneck_occupation": facts, "start": entry["start"]},
            [duration],
        )
    )
