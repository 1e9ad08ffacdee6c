"""The explanation: ordered steps, each with its rule, inputs, parameters and a nl/fr/de sentence."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from openocmw.rules import texts
from openocmw.rules.explanation_exemptions import exemption_items
from openocmw.rules.explanation_texts import summary, warnings
from openocmw.rules.params import parameter_value
from openocmw.rules.result import RESOURCE_VARIABLES, Result, cents, rule, yearly_of
from openocmw.rules.situation import month_bounds
from openocmw.rules.version import RULES_VERSION

ZERO = Decimal("0.00")


class _Collector:
    def __init__(self, system, reference: date):
        self.system = system
        self.reference = reference
        self.used: dict[str, dict] = {}

    def param(self, name: str) -> dict:
        info = parameter_value(self.system, name, self.reference)
        self.used[name] = info
        return info


def _t(nl: str, fr: str, de: str) -> dict:
    return {"nl": nl, "fr": fr, "de": de}


def _step(step_id, rule_info, text, *, inputs=None, parameters=(), result=None) -> dict:
    return {
        "id": step_id,
        "rule": rule_info,
        "inputs": inputs or {},
        "parameters": list(parameters),
        "result": result,
        **text,
    }


def _right_step(p, applicant, v) -> dict:
    """Step 1: the right that applies (law art. 3; organic law art. 57 and following)."""
    status = applicant["residence_status"]
    reason = v["right_reason"]
    right_rule = {
        "no_legal_residence": rule("art. 57, §2", "organic"),
        "asylum_seeker_reception": rule("art. 57ter", "organic"),
        "foreigner_not_in_population_register": rule("art. 1 en art. 57", "organic"),
        "eu_citizen_first_3_months": rule("art. 3, 3°"),
        "under_18": rule("art. 3, 2° en art. 7"),
        "no_actual_residence": rule("art. 3, 1°"),
        "not_willing_to_work": rule("art. 3, 5°"),
        "other_benefits_not_claimed": rule("art. 3, 6°"),
        "resources_too_high": rule("art. 3, 4° en art. 14, §2"),
    }.get(reason, rule("art. 3"))
    params = []
    if status == "subsidiary_protection":
        params.append(p.param("leefloon.eligibility.subsidiary_protection_entitled"))
    if status == "eu_citizen":
        params.append(p.param("leefloon.eligibility.eu_minimum_residence_months"))
    params.append(p.param("leefloon.eligibility.minimum_age"))
    r = texts.by_lang(texts.RIGHTS[v["right"]])
    why = texts.by_lang(texts.REASONS[reason])
    return _step(
        "right",
        right_rule,
        _t(
            f"Recht: {r['nl']}. {why['nl']}",
            f"Droit : {r['fr']}. {why['fr']}",
            f"Recht: {r['de']}. {why['de']}",
        ),
        inputs={"residence_status": status, "age": v["age"], "conditions": applicant["conditions"]},
        parameters=params,
        result=v["right"],
    )


def _own_resources(p, applicant, v) -> list[dict]:
    """The applicant's own resources, item by item (law art. 16; RD art. 24 and 27)."""
    items: list[dict] = []
    per_kind: dict[str, Decimal] = {}
    for item in applicant.get("resources") or []:
        per_kind[item["kind"]] = per_kind.get(item["kind"], ZERO) + yearly_of(item)
    for kind, amount in per_kind.items():
        k = texts.by_lang(texts.KINDS[kind])
        m = texts.money(amount)
        items.append(
            {
                "id": f"resource.{kind}",
                "kind": kind,
                "owner": "applicant",
                "yearly_amount": amount,
                "variable": RESOURCE_VARIABLES[kind],
                "rule": rule("art. 16, §1"),
                **_t(
                    f"{k['nl'].capitalize()} van de aanvrager: {m['nl']} per jaar.",
                    f"{k['fr'].capitalize()} du demandeur : {m['fr']} par an.",
                    f"{k['de'][0].upper() + k['de'][1:]} des Antragstellers: {m['de']} pro Jahr.",
                ),
            }
        )
    if (applicant.get("capital") or {}).get("movable", 0) > 0:
        params = [
            p.param("leefloon.resources.capital.exempt_threshold"),
            p.param("leefloon.resources.capital.lower_rate"),
            p.param("leefloon.resources.capital.upper_threshold"),
            p.param("leefloon.resources.capital.upper_rate"),
        ]
        capital = cents(v["capital_income_yearly"])
        c = texts.money(cents(applicant["capital"]["movable"]))
        r = texts.money(capital)
        t1, rate1, t2, rate2 = (x["value"] for x in params)
        m1, m2 = texts.money(cents(t1)), texts.money(cents(t2))
        pc1, pc2 = texts.percent(rate1), texts.percent(rate2)
        items.append(
            {
                "id": "resource.capital",
                "kind": "movable_capital",
                "owner": "applicant",
                "yearly_amount": capital,
                "inputs": {"movable_capital": cents(applicant["capital"]["movable"])},
                "parameters": params,
                "rule": rule("art. 27", "kb"),
                **_t(
                    f"Roerend kapitaal van {c['nl']}: het deel tot {m1['nl']} telt niet, het deel "
                    f"tot {m2['nl']} brengt fictief {pc1} op, het deel daarboven {pc2}; in "
                    f"aanmerking genomen: {r['nl']} per jaar.",
                    f"Capitaux mobiliers de {c['fr']} : la tranche jusqu'à {m1['fr']} est "
                    f"immunisée, la tranche jusqu'à {m2['fr']} est censée rapporter {pc1}, le "
                    f"surplus {pc2} ; pris en compte : {r['fr']} par an.",
                    f"Bewegliches Kapital von {c['de']}: der Teil bis {m1['de']} zählt nicht, der "
                    f"Teil bis {m2['de']} gilt als Ertrag von {pc1}, der Rest von {pc2}; "
                    f"berücksichtigt: {r['de']} pro Jahr.",
                ),
            }
        )
    if applicant.get("real_estate"):
        params = [
            p.param("leefloon.resources.real_estate.exempt_cadastral_income"),
            p.param("leefloon.resources.real_estate.exempt_per_child"),
            p.param("leefloon.resources.real_estate.multiplier"),
            p.param("leefloon.resources.real_estate.mortgage_max_share"),
        ]
        estate = cents(v["real_estate_income_yearly"])
        e = texts.money(estate)
        base, child = texts.money(cents(params[0]["value"])), texts.money(cents(params[1]["value"]))
        times = f"{params[2]['value']:g}"
        items.append(
            {
                "id": "resource.real_estate",
                "kind": "real_estate",
                "owner": "applicant",
                "yearly_amount": estate,
                "inputs": {"properties": applicant["real_estate"]},
                "parameters": params,
                "rule": rule("art. 24", "kb"),
                **_t(
                    f"Onroerende goederen: het globaal kadastraal inkomen boven {base['nl']} "
                    f"(verhoogd met {child['nl']} per kind ten laste) wordt vermenigvuldigd met "
                    f"{times}, verminderd met de hypothecaire aflossingen voor de eigen woning (ten "
                    f"hoogste de helft), plus de ontvangen huur; in aanmerking genomen: {e['nl']} "
                    "per jaar.",
                    f"Biens immobiliers : le revenu cadastral global qui dépasse {base['fr']} "
                    f"(majoré de {child['fr']} par enfant à charge) est multiplié par {times}, "
                    "diminué des remboursements hypothécaires pour l'habitation propre (au plus la "
                    f"moitié), plus les loyers perçus ; pris en compte : {e['fr']} par an.",
                    f"Unbewegliche Güter: das globale Katastereinkommen über {base['de']} (erhöht "
                    f"um {child['de']} pro Kind zu Lasten) wird mit {times} multipliziert, "
                    "vermindert um die Hypothekenrückzahlungen für die eigene Wohnung (höchstens "
                    f"die Hälfte), zuzüglich der erhaltenen Miete; berücksichtigt: {e['de']} pro "
                    "Jahr.",
                ),
            }
        )
    return items


def _cohabitants(p, situation, v) -> list[dict]:
    """The partner's and the adult parents' or children's counted part (RD art. 34)."""
    items: list[dict] = []
    members = situation["household"]["members"]
    partners = [m for m in members if m["relation"] == "partner" and m["shares_household"]]
    if partners:
        cat1 = p.param("leefloon.amount.category_1")
        c = texts.money(cents(cat1["value"]))
        r = texts.money(cents(v["partner_resources_counted_yearly"]))
        text = _t(
            "Bestaansmiddelen van de samenwonende partner boven het bedrag van categorie 1 "
            f"({c['nl']}): {r['nl']} per jaar.",
            "Ressources du partenaire cohabitant au-delà du montant de la catégorie 1 "
            f"({c['fr']}) : {r['fr']} par an.",
            "Existenzmittel des zusammenwohnenden Partners über dem Betrag der Kategorie 1 "
            f"({c['de']}): {r['de']} pro Jahr.",
        )
        if any(m.get("leefloon_beneficiary") for m in partners):
            extra = _t(
                " De partner geniet zelf het leefloon: zijn bestaansmiddelen tellen niet mee, "
                "behalve zijn loon uit een tewerkstelling art. 60, §7 of een andere "
                "activeringsmaatregel.",
                " Le partenaire bénéficie lui-même du revenu d'intégration : ses ressources ne "
                "sont pas prises en compte, sauf son salaire d'une mise à l'emploi art. 60, §7 ou "
                "d'une autre mesure d'activation.",
                " Der Partner bezieht selbst das Eingliederungseinkommen: seine Existenzmittel "
                "zählen nicht, außer seinem Lohn aus einer Beschäftigung nach Art. 60 § 7 oder "
                "einer anderen Aktivierungsmaßnahme.",
            )
            text = {lang: text[lang] + extra[lang] for lang in text}
        items.append(
            {
                "id": "resource.partner",
                "kind": "partner_resources",
                "owner": "partner",
                "yearly_amount": cents(v["partner_resources_counted_yearly"]),
                "parameters": [cat1],
                "rule": rule("art. 34, §1", "kb"),
                **text,
            }
        )
    share = (situation.get("ocmw_choices") or {}).get("first_degree_relatives_share")
    if share is not None:
        cat1 = p.param("leefloon.amount.category_1")
        c = texts.money(cents(cat1["value"]))
        r = texts.money(cents(v["relatives_resources_counted_yearly"]))
        pct = f"{Decimal(str(share)) * 100:.0f} %"
        items.append(
            {
                "id": "resource.relatives",
                "kind": "first_degree_relatives_resources",
                "owner": "parents_or_children",
                "yearly_amount": cents(v["relatives_resources_counted_yearly"]),
                "inputs": {"first_degree_relatives_share": share},
                "parameters": [cat1],
                "rule": rule("art. 34, §2", "kb"),
                **_t(
                    f"Het OCMW neemt {pct} in aanmerking van de bestaansmiddelen van de "
                    "meerderjarige ouders en kinderen onder hetzelfde dak boven het bedrag van "
                    f"categorie 1 ({c['nl']}): {r['nl']} per jaar.",
                    f"Le CPAS prend en compte {pct} des ressources des parents et enfants majeurs "
                    f"vivant sous le même toit au-delà du montant de la catégorie 1 ({c['fr']}) : "
                    f"{r['fr']} par an.",
                    f"Das ÖSHZ berücksichtigt {pct} der Existenzmittel der volljährigen Eltern und "
                    "Kinder unter demselben Dach über dem Betrag der Kategorie 1 "
                    f"({c['de']}): {r['de']} pro Jahr.",
                ),
            }
        )
    return items


def build_explanation(system, situation: dict, reference: date, v: dict, reform) -> Result:
    p = _Collector(system, reference)
    steps: list[dict] = []
    applicant = situation["applicant"]
    members = situation["household"]["members"]
    right = v["right"]
    category = int(v["category_number"]) or None
    financial = right in ("leefloon", "equivalent_leefloon")

    steps.append(_right_step(p, applicant, v))

    # 2. The category (law art. 14, §1).
    cat_info = None
    category_amount = ZERO
    if category:
        cat = texts.by_lang(texts.CATEGORIES[category])
        cat_info = p.param(f"leefloon.amount.category_{category}")
        category_amount = cents(cat_info["value"])
        a = texts.money(category_amount)
        steps.append(
            _step(
                "category",
                rule(f"art. 14, §1, {category}°", article_de=f"Art. 14 § 1 Nr. {category}"),
                _t(
                    f"De aanvrager valt onder {cat['nl']}; het jaarbedrag is {a['nl']}.",
                    f"Le demandeur relève de la {cat['fr']} ; le montant annuel est de {a['fr']}.",
                    f"Der Antragsteller fällt unter {cat['de']}; der Jahresbetrag ist {a['de']}.",
                ),
                inputs={
                    "members": len(members),
                    "members_sharing_household": sum(1 for m in members if m["shares_household"]),
                    "children_in_charge": sum(
                        1
                        for m in members
                        if m["relation"] in ("child", "grandchild") and m.get("in_charge")
                    ),
                },
                parameters=[cat_info],
                result={"category": category, "yearly_amount": category_amount},
            )
        )

    # 3. Resources, item by item; 4. exemptions.
    resources = _own_resources(p, applicant, v) + _cohabitants(p, situation, v)
    exemptions, exemption_steps = exemption_items(p, applicant, v, category, reference)

    countable = cents(v["countable_resources_yearly"])
    total = texts.money(countable)
    steps.append(
        _step(
            "resources",
            rule("art. 16"),
            _t(
                f"In aanmerking genomen bestaansmiddelen na vrijstellingen: {total['nl']} per jaar.",
                f"Ressources prises en compte après immunisations : {total['fr']} par an.",
                f"Berücksichtigte Existenzmittel nach Freistellungen: {total['de']} pro Jahr.",
            ),
            inputs={"items": [r["id"] for r in resources]},
            result=countable,
        )
    )
    for item in resources + exemptions:
        steps.append(
            _step(
                item["id"],
                item["rule"],
                {lang: item[lang] for lang in ("nl", "fr", "de")},
                inputs=item.get("inputs", {}),
                parameters=item.get("parameters", []),
                result=item["yearly_amount"],
            )
        )
    steps.extend(exemption_steps)

    yearly = cents(v["leefloon_yearly"])
    monthly = cents(v["leefloon_monthly"])
    for_period = cents(v["leefloon_for_period"])
    first, last = month_bounds(reference)
    days_in_month = (last - first).days + 1
    days = int(v["days_with_right"])
    if financial:
        steps.extend(
            _amount_steps(
                situation, cat_info, category_amount, countable, yearly, monthly, for_period,
                days, days_in_month,
            )
        )  # fmt: skip

    return Result(
        reference_date=reference,
        right=right,
        right_reason=v["right_reason"],
        category=category,
        category_amount_yearly=category_amount,
        yearly_amount=yearly,
        monthly_amount=monthly,
        amount_for_period=for_period,
        days_with_right=days if financial else 0,
        days_in_month=days_in_month,
        countable_resources=resources,
        countable_resources_total=countable,
        exemptions=exemptions,
        explanation={
            "rules_version": RULES_VERSION,
            "summary": summary(
                right,
                v["right_reason"],
                category,
                category_amount,
                countable,
                yearly,
                monthly,
                for_period,
                days,
                days_in_month,
            ),  # fmt: skip
            "steps": steps,
        },
        parameters=list(p.used.values()),
        rules_version=RULES_VERSION,
        reform=reform,
        situation=situation,
        warnings=warnings(reference),
    )


def _amount_steps(
    situation,
    cat_info,
    category_amount,
    countable,
    yearly,
    monthly,
    for_period,
    days,
    days_in_month,
) -> list[dict]:
    y, c, m, r = (texts.money(x) for x in (yearly, category_amount, monthly, countable))
    steps = [
        _step(
            "yearly_amount",
            rule("art. 14, §2", article_de="Art. 14 § 2"),
            _t(
                f"Jaarbedrag: {c['nl']} min {r['nl']} = {y['nl']}.",
                f"Montant annuel : {c['fr']} moins {r['fr']} = {y['fr']}.",
                f"Jahresbetrag: {c['de']} minus {r['de']} = {y['de']}.",
            ),
            inputs={"category_amount": category_amount, "countable_resources": countable},
            parameters=[cat_info],
            result=yearly,
        ),
        _step(
            "monthly_amount",
            rule(
                "art. 14, §1 (jaarbedragen, maandelijks betaald)",
                article_fr="art. 14, §1 (montants annuels, payés mensuellement)",
                article_de="Art. 14 § 1 (Jahresbeträge, monatlich gezahlt)",
            ),
            _t(
                f"Maandbedrag: {y['nl']} gedeeld door 12 = {m['nl']}, afgerond op de cent.",
                f"Montant mensuel : {y['fr']} divisé par 12 = {m['fr']}, arrondi au cent.",
                f"Monatsbetrag: {y['de']} geteilt durch 12 = {m['de']}, auf den Cent gerundet.",
            ),
            inputs={"yearly_amount": yearly},
            result=monthly,
        ),
    ]
    if days != days_in_month:
        pp = texts.money(for_period)
        steps.append(
            _step(
                "partial_month",
                # No legal text found for the pro rata by days: it is labelled as practice.
                rule(
                    "onvolledige maand: maandbedrag × dagen met recht / dagen van de maand",
                    "practice",
                    article_fr="mois incomplet : montant mensuel × jours couverts / jours du mois",
                    article_de="unvollständiger Monat: Monatsbetrag × Tage mit Recht / Tage des "
                    "Monats",
                ),
                _t(
                    f"Onvolledige maand: {m['nl']} × {days}/{days_in_month} dagen = {pp['nl']}. "
                    "Deze verdeling per dag is de praktijk van de OCMW's en de POD MI; er werd "
                    "geen wettekst voor gevonden.",
                    f"Mois incomplet : {m['fr']} × {days}/{days_in_month} jours = {pp['fr']}. "
                    "Ce prorata par jour est la pratique des CPAS et du SPP IS ; aucun texte légal "
                    "n'a été trouvé.",
                    f"Unvollständiger Monat: {m['de']} × {days}/{days_in_month} Tage = "
                    f"{pp['de']}. Diese Aufteilung pro Tag ist die Praxis der ÖSHZ und des ÖPD "
                    "SE; es wurde kein Gesetzestext dafür gefunden.",
                ),
                inputs={
                    "right_period": situation.get("right_period"),
                    "days_with_right": days,
                    "days_in_month": days_in_month,
                },
                result=for_period,
            )
        )
    return steps
