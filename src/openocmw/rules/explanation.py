"""The explanation: ordered steps, each with its rule, inputs, parameters and a nl/fr sentence."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from openocmw.rules import texts
from openocmw.rules.facade import RESOURCE_VARIABLES, Result, _rule, _yearly, cents
from openocmw.rules.params import parameter_value
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

    def amount(self, name: str) -> Decimal:
        return cents(self.param(name)["value"])


def _money(amount: Decimal) -> tuple[str, str]:
    return texts.money_nl(amount), texts.money_fr(amount)


def build_explanation(system, situation: dict, reference: date, v: dict, reform) -> Result:
    p = _Collector(system, reference)
    steps: list[dict] = []
    applicant = situation["applicant"]
    members = situation["household"]["members"]
    right = v["right"]
    reason = v["right_reason"]
    category = int(v["category_number"]) or None
    financial = right in ("leefloon", "equivalent_leefloon")

    # 1. The right that applies (law art. 3; organic law art. 57 and following).
    status = applicant["residence_status"]
    right_rule = {
        "no_legal_residence": _rule("art. 57, §2", "organic"),
        "asylum_seeker_reception": _rule("art. 57ter", "organic"),
        "foreigner_not_in_population_register": _rule("art. 1 en art. 57", "organic"),
        "eu_citizen_first_3_months": _rule("art. 3, 3°"),
        "under_18": _rule("art. 3, 2° en art. 7"),
        "no_actual_residence": _rule("art. 3, 1°"),
        "not_willing_to_work": _rule("art. 3, 5°"),
        "other_benefits_not_claimed": _rule("art. 3, 6°"),
        "resources_too_high": _rule("art. 3, 4° en art. 14, §2"),
    }.get(reason, _rule("art. 3"))
    right_params = []
    if status == "subsidiary_protection":
        right_params.append(p.param("leefloon.eligibility.subsidiary_protection_entitled"))
    if status == "eu_citizen":
        right_params.append(p.param("leefloon.eligibility.eu_minimum_residence_months"))
    right_params.append(p.param("leefloon.eligibility.minimum_age"))
    nl_right, fr_right = texts.RIGHTS[right]
    nl_reason, fr_reason = texts.REASONS[reason]
    steps.append(
        {
            "id": "right",
            "rule": right_rule,
            "inputs": {
                "residence_status": status,
                "age": v["age"],
                "conditions": applicant["conditions"],
            },
            "parameters": right_params,
            "result": right,
            "nl": f"Recht: {nl_right}. {nl_reason}",
            "fr": f"Droit : {fr_right}. {fr_reason}",
        }
    )

    # 2. The category (law art. 14, §1).
    cat_info = None
    category_amount = ZERO
    if category:
        nl_cat, fr_cat = texts.CATEGORIES[category]
        cat_info = p.param(f"leefloon.amount.category_{category}")
        category_amount = cents(cat_info["value"])
        children = sum(
            1 for m in members if m["relation"] in ("child", "grandchild") and m.get("in_charge")
        )
        cohabitants = sum(1 for m in members if m["shares_household"])
        a_nl, a_fr = _money(category_amount)
        steps.append(
            {
                "id": "category",
                "rule": _rule(f"art. 14, §1, {category}°"),
                "inputs": {
                    "members": len(members),
                    "members_sharing_household": cohabitants,
                    "children_in_charge": children,
                },
                "parameters": [cat_info],
                "result": {"category": category, "yearly_amount": category_amount},
                "nl": f"De aanvrager valt onder {nl_cat}; het jaarbedrag is {a_nl}.",
                "fr": f"Le demandeur relève de la {fr_cat} ; le montant annuel est de {a_fr}.",
            }
        )

    # 3. Resources, item by item.
    resources: list[dict] = []
    exemptions: list[dict] = []
    per_kind: dict[str, Decimal] = {}
    for item in applicant.get("resources") or []:
        per_kind[item["kind"]] = per_kind.get(item["kind"], ZERO) + _yearly(item)
    for kind, amount in per_kind.items():
        k_nl, k_fr = texts.KINDS[kind]
        m_nl, m_fr = _money(amount)
        resources.append(
            {
                "id": f"resource.{kind}",
                "kind": kind,
                "owner": "applicant",
                "yearly_amount": amount,
                "variable": RESOURCE_VARIABLES[kind],
                "rule": _rule("art. 16, §1"),
                "nl": f"{k_nl.capitalize()} van de aanvrager: {m_nl} per jaar.",
                "fr": f"{k_fr.capitalize()} du demandeur : {m_fr} par an.",
            }
        )
    capital = cents(v["capital_income_yearly"])
    if (applicant.get("capital") or {}).get("movable", 0) > 0:
        params = [
            p.param("leefloon.resources.capital.exempt_threshold"),
            p.param("leefloon.resources.capital.lower_rate"),
            p.param("leefloon.resources.capital.upper_threshold"),
            p.param("leefloon.resources.capital.upper_rate"),
        ]
        movable = cents(applicant["capital"]["movable"])
        c_nl, c_fr = _money(movable)
        r_nl, r_fr = _money(capital)
        t1, rate1, t2, rate2 = (x["value"] for x in params)
        resources.append(
            {
                "id": "resource.capital",
                "kind": "movable_capital",
                "owner": "applicant",
                "yearly_amount": capital,
                "inputs": {"movable_capital": movable},
                "parameters": params,
                "rule": _rule("art. 27", "kb"),
                "nl": (
                    f"Roerend kapitaal van {c_nl}: het deel tot {texts.money_nl(cents(t1))} telt "
                    f"niet, het deel tot {texts.money_nl(cents(t2))} brengt fictief "
                    f"{texts.percent(rate1)} op, het deel daarboven {texts.percent(rate2)}; in "
                    f"aanmerking genomen: {r_nl} per jaar."
                ),
                "fr": (
                    f"Capitaux mobiliers de {c_fr} : la tranche jusqu'à {texts.money_fr(cents(t1))} "
                    f"est immunisée, la tranche jusqu'à {texts.money_fr(cents(t2))} est censée "
                    f"rapporter {texts.percent(rate1)}, le surplus {texts.percent(rate2)} ; pris en "
                    f"compte : {r_fr} par an."
                ),
            }
        )
    estate = cents(v["real_estate_income_yearly"])
    if applicant.get("real_estate"):
        params = [
            p.param("leefloon.resources.real_estate.exempt_cadastral_income"),
            p.param("leefloon.resources.real_estate.exempt_per_child"),
            p.param("leefloon.resources.real_estate.multiplier"),
            p.param("leefloon.resources.real_estate.mortgage_max_share"),
        ]
        e_nl, e_fr = _money(estate)
        resources.append(
            {
                "id": "resource.real_estate",
                "kind": "real_estate",
                "owner": "applicant",
                "yearly_amount": estate,
                "inputs": {"properties": applicant["real_estate"]},
                "parameters": params,
                "rule": _rule("art. 24", "kb"),
                "nl": (
                    "Onroerende goederen: het globaal kadastraal inkomen boven "
                    f"{texts.money_nl(cents(params[0]['value']))} (verhoogd met "
                    f"{texts.money_nl(cents(params[1]['value']))} per kind ten "
                    f"laste) wordt vermenigvuldigd met {params[2]['value']:g}, verminderd met de "
                    "hypothecaire aflossingen voor de eigen woning (ten hoogste de helft), plus de "
                    f"ontvangen huur; in aanmerking genomen: {e_nl} per jaar."
                ),
                "fr": (
                    "Biens immobiliers : le revenu cadastral global qui dépasse "
                    f"{texts.money_fr(cents(params[0]['value']))} (majoré de "
                    f"{texts.money_fr(cents(params[1]['value']))} par enfant à "
                    f"charge) est multiplié par {params[2]['value']:g}, diminué des remboursements "
                    "hypothécaires pour l'habitation propre (au plus la moitié), plus les loyers "
                    f"perçus ; pris en compte : {e_fr} par an."
                ),
            }
        )
    partner = cents(v["partner_resources_counted_yearly"])
    if any(m["relation"] == "partner" and m["shares_household"] for m in members):
        cat1 = p.param("leefloon.amount.category_1")
        c_nl, c_fr = _money(cents(cat1["value"]))
        r_nl, r_fr = _money(partner)
        resources.append(
            {
                "id": "resource.partner",
                "kind": "partner_resources",
                "owner": "partner",
                "yearly_amount": partner,
                "parameters": [cat1],
                "rule": _rule("art. 34, §1", "kb"),
                "nl": (
                    "Bestaansmiddelen van de samenwonende partner boven het bedrag van "
                    f"categorie 1 ({c_nl}): {r_nl} per jaar."
                ),
                "fr": (
                    "Ressources du partenaire cohabitant au-delà du montant de la catégorie 1 "
                    f"({c_fr}) : {r_fr} par an."
                ),
            }
        )
    relatives = cents(v["relatives_resources_counted_yearly"])
    share = (situation.get("ocmw_choices") or {}).get("first_degree_relatives_share")
    if share is not None:
        cat1 = p.param("leefloon.amount.category_1")
        c_nl, c_fr = _money(cents(cat1["value"]))
        r_nl, r_fr = _money(relatives)
        pct = f"{Decimal(str(share)) * 100:.0f} %"
        resources.append(
            {
                "id": "resource.relatives",
                "kind": "first_degree_relatives_resources",
                "owner": "parents_or_children",
                "yearly_amount": relatives,
                "inputs": {"first_degree_relatives_share": share},
                "parameters": [cat1],
                "rule": _rule("art. 34, §2", "kb"),
                "nl": (
                    "Het OCMW neemt "
                    f"{pct} in aanmerking van de bestaansmiddelen van de meerderjarige ouders en "
                    f"kinderen onder hetzelfde dak boven het bedrag van categorie 1 ({c_nl}): "
                    f"{r_nl} per jaar."
                ),
                "fr": (
                    f"Le CPAS prend en compte {pct} des ressources des parents et enfants majeurs "
                    f"vivant sous le même toit au-delà du montant de la catégorie 1 ({c_fr}) : "
                    f"{r_fr} par an."
                ),
            }
        )

    # 4. Exemptions.
    def exemption(key, amount, rule, nl, fr, params=()):
        if amount > 0:
            a_nl, a_fr = _money(amount)
            exemptions.append(
                {
                    "id": f"exemption.{key}",
                    "yearly_amount": amount,
                    "rule": rule,
                    "parameters": list(params),
                    "nl": nl.format(amount=a_nl),
                    "fr": fr.format(amount=a_fr),
                }
            )

    exemption(
        "family_allowance",
        cents(v["family_allowance_exempt_yearly"]),
        _rule("art. 22, §1, b)", "kb"),
        "Gezinsbijslag voor de kinderen ten laste is vrijgesteld: {amount} per jaar.",
        "Les allocations familiales pour les enfants à charge sont immunisées : {amount} par an.",
    )
    exemption(
        "maintenance_for_children",
        cents(v["maintenance_for_children_exempt_yearly"]),
        _rule("art. 22, §1", "kb"),
        "Onderhoudsgeld voor de kinderen ten laste is vrijgesteld: {amount} per jaar.",
        "La pension alimentaire pour les enfants à charge est immunisée : {amount} par an.",
    )
    exemption(
        "study_grant",
        cents(v["study_grant_exempt_yearly"]),
        _rule("art. 22, §1", "kb"),
        "De studiebeurs is vrijgesteld: {amount} per jaar.",
        "La bourse d'études est immunisée : {amount} par an.",
    )
    if v["entry_traineeship_exempt_yearly"] > 0:
        exemption(
            "entry_traineeship",
            cents(v["entry_traineeship_exempt_yearly"]),
            _rule("art. 22, §1", "kb"),
            "Van de vergoeding van de instapstage is {amount} per jaar vrijgesteld.",
            "De l'allocation de stage de transition, {amount} par an sont immunisés.",
            [p.param("leefloon.exemptions.entry_traineeship_monthly")],
        )
    spi = applicant.get("spi")
    if spi is not None and applicant.get("student") is None:
        params = [
            p.param("leefloon.exemptions.spi.monthly_amount"),
            p.param("leefloon.exemptions.spi.duration_months"),
        ]
        if v["spi_within_time_limit"]:
            exemption(
                "spi",
                cents(v["spi_exemption_yearly"]),
                _rule("art. 35, §1", "kb"),
                "Socio-professionele vrijstelling van de inkomsten uit arbeid of opleiding "
                f"(eerste dag {spi['first_day']}, ten hoogste "
                f"{texts.money_nl(cents(params[0]['value']))} per maand): {{amount}} per jaar.",
                "Immunisation socio-professionnelle des revenus du travail ou de la formation "
                f"(premier jour {spi['first_day']}, au plus "
                f"{texts.money_fr(cents(params[0]['value']))} par mois) : {{amount}} par an.",
                params,
            )
        else:
            steps.append(
                {
                    "id": "exemption.spi_expired",
                    "rule": _rule("art. 35, §1", "kb"),
                    "inputs": {"spi_first_day": spi["first_day"]},
                    "parameters": params,
                    "result": False,
                    "nl": (
                        "De socio-professionele vrijstelling is niet meer van toepassing: de "
                        f"maximumduur van {params[1]['value']:g} maanden vanaf {spi['first_day']} "
                        "is verstreken."
                    ),
                    "fr": (
                        "L'immunisation socio-professionnelle ne s'applique plus : la durée "
                        f"maximale de {params[1]['value']:g} mois depuis le {spi['first_day']} est "
                        "écoulée."
                    ),
                }
            )
    student = applicant.get("student")
    if student is not None:
        name = (
            "leefloon.exemptions.spi.student_monthly_amount"
            if student["study_grant"]
            else "leefloon.exemptions.spi.monthly_amount"
        )
        info = p.param(name)
        exemption(
            "student",
            cents(v["student_exemption_yearly"]),
            _rule("art. 35", "kb"),
            "Vrijstelling van de inkomsten uit arbeid van een student "
            f"({'met' if student['study_grant'] else 'zonder'} studiebeurs, ten hoogste "
            f"{texts.money_nl(cents(info['value']))} per maand): {{amount}} per jaar.",
            "Immunisation des revenus du travail d'un étudiant "
            f"({'avec' if student['study_grant'] else 'sans'} bourse d'études, au plus "
            f"{texts.money_fr(cents(info['value']))} par mois) : {{amount}} par an.",
            [info],
        )
    if v["artist_exemption_yearly"] > 0:
        info = p.param("leefloon.exemptions.spi.artist_yearly_amount")
        exemption(
            "artist",
            cents(v["artist_exemption_yearly"]),
            _rule("art. 35, §2", "kb"),
            "Vrijstelling van inkomsten uit artistieke activiteiten (ten hoogste "
            f"{texts.money_nl(cents(info['value']))} per jaar): {{amount}} per jaar.",
            "Immunisation des revenus d'activités artistiques (au plus "
            f"{texts.money_fr(cents(info['value']))} par an) : {{amount}} par an.",
            [info],
        )
    if category:
        general_params = [
            p.param(f"leefloon.exemptions.general.category_{category}"),
            p.param("leefloon.exemptions.general.cumulative_with_art35"),
            p.param("leefloon.exemptions.general.requires_resources_below_category"),
        ]
        exemption(
            "general",
            cents(v["general_exemption_yearly"]),
            _rule("art. 22, §2", "kb"),
            "Algemene vrijstelling voor deze categorie: {amount} per jaar.",
            "Immunisation générale pour cette catégorie : {amount} par an.",
            general_params,
        )

    countable = cents(v["countable_resources_yearly"])
    total_nl, total_fr = _money(countable)
    steps.append(
        {
            "id": "resources",
            "rule": _rule("art. 16"),
            "inputs": {"items": [r["id"] for r in resources]},
            "parameters": [],
            "result": countable,
            "nl": f"In aanmerking genomen bestaansmiddelen na vrijstellingen: {total_nl} per jaar.",
            "fr": f"Ressources prises en compte après immunisations : {total_fr} par an.",
        }
    )
    for item in resources:
        steps.append(
            {
                "id": item["id"],
                "rule": item["rule"],
                "inputs": item.get("inputs", {}),
                "parameters": item.get("parameters", []),
                "result": item["yearly_amount"],
                "nl": item["nl"],
                "fr": item["fr"],
            }
        )
    for item in exemptions:
        steps.append(
            {
                "id": item["id"],
                "rule": item["rule"],
                "inputs": {},
                "parameters": item["parameters"],
                "result": item["yearly_amount"],
                "nl": item["nl"],
                "fr": item["fr"],
            }
        )

    yearly = cents(v["leefloon_yearly"])
    monthly = cents(v["leefloon_monthly"])
    for_period = cents(v["leefloon_for_period"])
    first, last = month_bounds(reference)
    days_in_month = (last - first).days + 1
    days = int(v["days_with_right"])
    if financial:
        y_nl, y_fr = _money(yearly)
        c_nl, c_fr = _money(category_amount)
        m_nl, m_fr = _money(monthly)
        steps.append(
            {
                "id": "yearly_amount",
                "rule": _rule("art. 14, §2"),
                "inputs": {"category_amount": category_amount, "countable_resources": countable},
                "parameters": [cat_info],
                "result": yearly,
                "nl": f"Jaarbedrag: {c_nl} min {total_nl} = {y_nl}.",
                "fr": f"Montant annuel : {c_fr} moins {total_fr} = {y_fr}.",
            }
        )
        steps.append(
            {
                "id": "monthly_amount",
                "rule": _rule(
                    "art. 14, §1 (jaarbedragen, maandelijks betaald)",
                    article_fr="art. 14, §1 (montants annuels, payés mensuellement)",
                ),
                "inputs": {"yearly_amount": yearly},
                "parameters": [],
                "result": monthly,
                "nl": f"Maandbedrag: {y_nl} gedeeld door 12 = {m_nl}, afgerond op de cent.",
                "fr": f"Montant mensuel : {y_fr} divisé par 12 = {m_fr}, arrondi au cent.",
            }
        )
        if days != days_in_month:
            p_nl, p_fr = _money(for_period)
            steps.append(
                {
                    "id": "partial_month",
                    "rule": _rule(
                        "art. 21 (het recht gaat in op de datum van de aanvraag)",
                        article_fr="art. 21 (le droit prend cours à la date de la demande)",
                    ),
                    "inputs": {
                        "right_period": situation.get("right_period"),
                        "days_with_right": days,
                        "days_in_month": days_in_month,
                    },
                    "parameters": [],
                    "result": for_period,
                    "nl": (f"Onvolledige maand: {m_nl} × {days}/{days_in_month} dagen = {p_nl}."),
                    "fr": f"Mois incomplet : {m_fr} × {days}/{days_in_month} jours = {p_fr}.",
                }
            )

    summary = _summary(
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
    )
    return Result(
        reference_date=reference,
        right=right,
        right_reason=reason,
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
        explanation={"rules_version": RULES_VERSION, "summary": summary, "steps": steps},
        parameters=list(p.used.values()),
        rules_version=RULES_VERSION,
        reform=reform,
        situation=situation,
        warnings=_warnings(reference),
    )


def _warnings(reference: date) -> list[dict]:
    """Warn when the amounts applied were not verified for the reference date."""
    from openocmw.rules.situation import VERIFIED_UNTIL

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
        }
    ]


def _summary(
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
    nl_right, fr_right = texts.RIGHTS[right]
    nl_reason, fr_reason = texts.REASONS[reason]
    if right in ("leefloon", "equivalent_leefloon"):
        nl_cat, fr_cat = texts.CATEGORIES[category]
        c_nl, c_fr = _money(category_amount)
        r_nl, r_fr = _money(countable)
        y_nl, y_fr = _money(yearly)
        m_nl, m_fr = _money(monthly)
        nl = (
            f"U hebt recht op het {nl_right}, {nl_cat}. Het jaarbedrag van deze categorie is "
            f"{c_nl}. Uw bestaansmiddelen worden, na de vrijstellingen, in aanmerking genomen voor "
            f"{r_nl} per jaar. Het bedrag is dus {y_nl} per jaar, of {m_nl} per maand."
        )
        fr = (
            f"Vous avez droit au {fr_right}, {fr_cat}. Le montant annuel de cette catégorie est "
            f"de {c_fr}. Vos ressources sont prises en compte, après immunisations, à concurrence "
            f"de {r_fr} par an. Le montant est donc de {y_fr} par an, soit {m_fr} par mois."
        )
        if days != days_in_month:
            p_nl, p_fr = _money(for_period)
            nl += f" Voor deze onvolledige maand ({days} van {days_in_month} dagen): {p_nl}."
            fr += f" Pour ce mois incomplet ({days} jours sur {days_in_month}) : {p_fr}."
        if right == "equivalent_leefloon":
            nl += " " + nl_reason
            fr += " " + fr_reason
        return {"nl": nl, "fr": fr}
    return {
        "nl": f"Beslissing: {nl_right}. {nl_reason}",
        "fr": f"Décision : {fr_right}. {fr_reason}",
    }
