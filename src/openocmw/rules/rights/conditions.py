"""The conditions of the rights whose catalogue entry says `conditions: encoded` (no Django).

A condition is evaluated on columns (NumPy arrays) for the right's candidates only, in
three-valued logic: a `Tri` holds two boolean arrays, `t` (the condition certainly holds) and `f`
(it certainly does not); where neither is set a fact is missing. Every condition has a code, a
Dutch and French label, the input columns it reads and the parameters it uses, so a match is
explained like the leefloon: which conditions hold, from which inputs and parameter values.

The population's shared variables (household size, income, category, benefits received in the
household) are computed once by `screening.shared_variables` and passed in as `ctx.shared`.

What a right needs that data cannot tell (willingness to work, medical need, heating fuel, ...)
is in the catalogue's `not_checkable`, and is listed with every match as "to check".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from openocmw.rules.rights import params

# Residence status codes: the order of `openocmw.rules.variables.common.ResidenceStatus`.
STATUS_CODES = (
    "unknown",
    "belgian",
    "eu_citizen",
    "recognised_refugee",
    "subsidiary_protection",
    "stateless",
    "population_register",
    "foreigners_register",
    "asylum_seeker",
    "no_legal_residence",
)
S = {name: code for code, name in enumerate(STATUS_CODES)}
# Law of 26 May 2002, art. 3, 3° (as `rules.variables.amounts.entitled_by_residence_status`).
LEEFLOON_STATUSES = (
    "belgian",
    "eu_citizen",
    "recognised_refugee",
    "stateless",
    "population_register",
    "subsidiary_protection",
)
# Roles in the household (the reference person is the leefloon's applicant).
HEAD, PARTNER, CHILD, OTHER = 0, 1, 2, 3


@dataclass
class Tri:
    """Three-valued truth over an array: t = certainly true, f = certainly false."""

    t: np.ndarray
    f: np.ndarray

    @staticmethod
    def of(holds: np.ndarray, known: np.ndarray | None = None) -> Tri:
        if known is None:
            return Tri(holds.copy(), ~holds)
        return Tri(holds & known, ~holds & known)

    def __and__(self, other: Tri) -> Tri:
        return Tri(self.t & other.t, self.f | other.f)

    def __or__(self, other: Tri) -> Tri:
        return Tri(self.t | other.t, self.f & other.f)

    @property
    def unknown(self) -> np.ndarray:
        return ~(self.t | self.f)


@dataclass(frozen=True)
class Condition:
    code: str
    nl: str
    fr: str
    inputs: tuple[str, ...] = ()
    parameters: tuple[str, ...] = ()
    de: str = ""  # German (the national conditions have it; empty: Dutch is shown)

    def label(self, language: str) -> str:
        """The condition in words in `language` (nl, fr, de; Dutch when German is missing)."""
        if language == "fr":
            return self.fr
        if language == "de" and self.de:
            return self.de
        return self.nl


@dataclass
class Context:
    """What a right's evaluation reads: columns at the candidates, shared variables, the date."""

    on: date
    columns: dict
    shared: dict
    idx: np.ndarray  # candidate person indices
    hh: np.ndarray  # their household indices
    cache: dict = field(default_factory=dict)
    everyone: bool = False  # the candidates are the whole population, in order

    def col(self, name: str) -> np.ndarray:
        if self.everyone:
            return self.columns[name]
        key = ("col", name)
        if key not in self.cache:
            self.cache[key] = self.columns[name][self.idx]
        return self.cache[key]

    def house(self, name: str) -> np.ndarray:
        key = ("house", name)
        if key not in self.cache:
            self.cache[key] = self.shared[name][self.hh]
        return self.cache[key]

    def household(self, key: str, compute) -> Tri:
        """A condition on household facts: computed once per run for all households (shared by
        every right that uses it), then taken at the candidates' households."""
        computed = self.shared.setdefault("_household_conditions", {})
        if key not in computed:
            computed[key] = compute(self.shared, self.on)
        local = ("household", key)
        if local not in self.cache:
            tri = computed[key]
            self.cache[local] = Tri(tri.t[self.hh], tri.f[self.hh])
        return self.cache[local]

    def receives(self, code: str) -> np.ndarray:
        values = self.columns["receives"][code]
        return values if self.everyone else values[self.idx]


def _flag(values: np.ndarray) -> Tri:
    """An int8 fact column: 1 yes, 0 no, -1 unknown."""
    return Tri(values == 1, values == 0)


def _status_in(ctx: Context, names) -> Tri:
    status = ctx.col("status")
    holds = np.isin(status, [S[n] for n in names])
    return Tri.of(holds, status != S["unknown"])


def _resources_below(income: np.ndarray, limit: np.ndarray) -> Tri:
    known = ~np.isnan(income)
    return Tri(known & (income < limit), known & (income >= limit))


def _at_most(income: np.ndarray, limit) -> Tri:
    known = ~np.isnan(income)
    return Tri(known & (income <= limit), known & (income > limit))


@dataclass
class RightRule:
    """The encoded conditions of one right."""

    code: str
    unit: str  # "person" or "household" (evaluated on the household's reference person)
    conditions: tuple[Condition, ...]
    candidates: object  # (columns, shared) -> bool mask of persons worth evaluating
    evaluate: object  # (ctx) -> (eligible Tri, {condition code: Tri})
    used_parameters: tuple[str, ...] = field(default=())

    def bit(self, code: str) -> int:
        return 1 << [c.code for c in self.conditions].index(code)


# --- leefloon and equivalent leefloon -----------------------------------------------------

_AGE = Condition(
    "adult_or_child_in_charge",
    "18 jaar of ouder, of minderjarig met een kind ten laste (wet 26 mei 2002, art. 3, 2° en art. 7)",
    "18 ans ou plus, ou mineur avec un enfant à charge (loi du 26 mai 2002, art. 3, 2° et art. 7)",
    ("age", "household"),
    de="18 Jahre oder älter, oder minderjährig mit einem Kind zu Lasten (Gesetz vom 26. Mai 2002, Art. 3, 2° und Art. 7)",
)
_RESOURCES = Condition(
    "resources_below_leefloon",
    "Netto-inkomen van de aanvrager, met dat van de partner boven categorie 1, onder het bedrag van de categorie (wet art. 14 en 16; KB art. 34)",
    "Revenus nets du demandeur, plus ceux du partenaire au-delà de la catégorie 1, sous le montant de la catégorie (loi art. 14 et 16 ; AR art. 34)",
    ("income_net_monthly", "role", "household"),
    ("leefloon.amount.category_1", "leefloon.amount.category_2", "leefloon.amount.category_3"),
    de="Nettoeinkommen des Antragstellers, zuzüglich dessen des Partners über Kategorie 1, unter dem Betrag der Kategorie (Gesetz Art. 14 und 16; KE Art. 34)",
)


def _is_head(columns, shared):
    return columns["role"] == HEAD


def _h_leefloon_resources(shared: dict, on: date) -> Tri:
    """The reference person's resources plus the partner's above the category 1 amount (KB 11
    July 2002, art. 34, §1), below the household's category amount (law, art. 14 and 16). The
    general exemption (KB art. 22, §2) only applies below the amount, so it does not change
    whether the right exists. Relatives' resources (art. 34, §2, the OCMW's choice) are left out.
    """
    monthly = [params.leefloon_amount_yearly(c, on) / 12 for c in (1, 2, 3)]
    amounts = np.array([0.0, *monthly])
    excess = np.maximum(shared["partner_net_monthly"] - monthly[0], 0.0)
    resources = shared["head_net_monthly"] + excess
    return _resources_below(resources, amounts[shared["category"]])


def _leefloon_common(ctx: Context):
    age = ctx.col("age")
    minimum = params_leefloon_minimum_age(ctx.on)
    adult = Tri.of((age >= minimum) | (ctx.house("minors") > 0))
    resources = ctx.household("leefloon_resources", _h_leefloon_resources)
    return adult, resources


def params_leefloon_minimum_age(on: date) -> int:
    from openocmw.rules.params import parameter_value
    from openocmw.rules.system import get_system

    return int(parameter_value(get_system(), "leefloon.eligibility.minimum_age", on)["value"])


def _eval_leefloon(ctx: Context):
    status = _status_in(ctx, LEEFLOON_STATUSES)
    adult, resources = _leefloon_common(ctx)
    parts = {"status_entitled": status, _AGE.code: adult, _RESOURCES.code: resources}
    return status & adult & resources, parts


def _eval_equivalent(ctx: Context):
    status = _status_in(ctx, ("foreigners_register",))
    adult, resources = _leefloon_common(ctx)
    parts = {"status_foreigners_register": status, _AGE.code: adult, _RESOURCES.code: resources}
    return status & adult & resources, parts


# --- urgent medical aid, material aid ---------------------------------------------------------


def _status_only(name: str):
    def evaluate(ctx: Context):
        status = _status_in(ctx, (name,))
        return status, {f"status_{name}": status}

    return evaluate


def _status_mask(name: str):
    def candidates(columns, shared):
        return columns["status"] == S[name]

    return candidates


# --- GPMI obligation ---------------------------------------------------------------------------


def _eval_gpmi(ctx: Context):
    leefloon = ctx.receives("leefloon")
    applies = bool(params.value("gpmi.obligation_for_all_new_beneficiaries", ctx.on))
    tri = Tri.of(leefloon & applies)
    return tri, {"receives_leefloon": tri}


# --- increased reimbursement (verhoogde tegemoetkoming) ---------------------------------------


def _h_automatic_benefit(shared: dict, on: date) -> Tri:
    """Someone in the household receives leefloon, its equivalent, IGO or a disability allowance."""
    benefit = shared["any_leefloon_or_equivalent"] | shared["any_igo"]
    disability = shared["any_disability"]
    return Tri.of(benefit) | Tri(disability == 1, disability == 0)


def _h_bim_income(shared: dict, on: date) -> Tri:
    base = params.value("bim.income_ceiling", on)
    step = params.value("bim.income_ceiling_per_member", on)
    return _at_most(shared["gross_yearly"], base + step * (shared["size"] - 1))


def _h_bim_extension(shared: dict, on: date) -> Tri:
    extension = bool(params.value("energy_tariff.bim_included", on))
    return Tri.of(shared["any_bim"] & extension)


def _h_bim(shared: dict, on: date) -> Tri:
    return Tri.of(shared["any_bim"])


def _h_svf_income(shared: dict, on: date) -> Tri:
    base = params.value("svf.income_ceiling", on)
    step = params.value("svf.income_ceiling_per_dependant", on)
    return _at_most(shared["gross_yearly"], base + step * shared["minors"])


def _h_debt(shared: dict, on: date) -> Tri:
    return _flag(shared["any_debt_mediation"])


def _h_uitpas_linked(shared: dict, on: date) -> Tri:
    linked = shared["any_bim"] | shared["any_leefloon_or_equivalent"] | shared["any_igo"]
    return Tri.of(linked) | _flag(shared["any_debt_mediation"])


def _h_uitpas_income(shared: dict, on: date) -> Tri:
    base = params.value("uitpas_oostende.income_ceiling", on)
    step = params.value("uitpas_oostende.income_ceiling_per_dependant", on)
    return _at_most(shared["gross_yearly"], base + step * shared["minors"])


def _eval_bim(ctx: Context):
    automatic = ctx.household("automatic_benefit", _h_automatic_benefit)
    income = ctx.household("bim_income", _h_bim_income)
    parts = {"automatic_benefit": automatic, "household_income_below_ceiling": income}
    return automatic | income, parts


# --- social energy tariff ------------------------------------------------------------------------


def _eval_energy(ctx: Context):
    automatic = ctx.household("automatic_benefit", _h_automatic_benefit)
    bim = ctx.household("bim_extension", _h_bim_extension)
    parts = {"automatic_benefit": automatic, "increased_reimbursement_extension": bim}
    return automatic | bim, parts


# --- heating allowance (Sociaal Verwarmingsfonds) ------------------------------------------------


def _eval_svf(ctx: Context):
    bim = ctx.household("bim", _h_bim)
    income = ctx.household("svf_income", _h_svf_income)
    debt = ctx.household("debt", _h_debt)
    parts = {
        "category_1_bim": bim,
        "category_2_low_income": income,
        "category_3_debt_mediation": debt,
    }
    return bim | income | debt, parts


# --- income guarantee for the elderly (IGO) ------------------------------------------------------

IGO_STATUSES = ("belgian", "eu_citizen", "recognised_refugee", "stateless")


def _eval_igo(ctx: Context):
    minimum = params.value("igo.minimum_age", ctx.on)
    age = Tri.of(ctx.col("age") >= minimum)
    status = ctx.col("status")
    listed = np.isin(status, [S[n] for n in IGO_STATUSES])
    # Other nationals may qualify through a Belgian pension or a treaty: unknown, not false.
    nationality = Tri(listed, status == S["no_legal_residence"])
    single = ctx.house("adults") <= 1
    amount = np.where(
        single,
        params.value("igo.amount_single", ctx.on),
        params.value("igo.amount_cohabitant", ctx.on),
    )
    # The partners' resources are shared: each partner's share is compared with the amount (an
    # approximation for screening; the Pensions Service computes the exact resources).
    share = ctx.house("couple_net_monthly") / np.maximum(ctx.house("couple_size"), 1)
    income = np.where(ctx.col("role") <= PARTNER, share, ctx.col("income_net_monthly"))
    resources = _resources_below(income, amount)
    parts = {
        "age_pension_age": age,
        "nationality_or_status": nationality,
        "resources_below_igo": resources,
    }
    return age & nationality & resources, parts


# --- UiTPAS with opportunity rate (local example: Oostende) --------------------------------------


def _eval_uitpas(ctx: Context):
    linked = ctx.household("uitpas_linked", _h_uitpas_linked)
    income = ctx.household("uitpas_income", _h_uitpas_income)
    return linked | income, {"linked_right": linked, "taxable_income_below_ceiling": income}


def _all(columns, shared):
    return np.ones(len(columns["age"]), dtype=bool)


def _heads(columns, shared):
    return columns["role"] == HEAD


def _elderly(columns, shared):
    return columns["age"] >= 60


def _receives_leefloon(columns, shared):
    return columns["receives"]["leefloon"]


RULES = (
    RightRule(
        "leefloon",
        "household",
        (
            Condition(
                "status_entitled",
                "Belg, EU-burger, erkend vluchteling, staatloze, subsidiair beschermde of in het bevolkingsregister (art. 3, 3°)",
                "Belge, citoyen UE, réfugié reconnu, apatride, protection subsidiaire ou inscrit au registre de la population (art. 3, 3°)",
                ("status",),
                de="Belgier, EU-Bürger, anerkannter Flüchtling, Staatenloser, subsidiär Schutzberechtigter oder im Bevölkerungsregister eingetragen (Art. 3, 3°)",
            ),
            _AGE,
            _RESOURCES,
        ),
        _is_head,
        _eval_leefloon,
    ),
    RightRule(
        "equivalent_leefloon",
        "household",
        (
            Condition(
                "status_foreigners_register",
                "Vreemdeling ingeschreven in het vreemdelingenregister (organieke wet, art. 57; seed 002)",
                "Étranger inscrit au registre des étrangers (loi organique, art. 57 ; seed 002)",
                ("status",),
                de="Ausländer, im Fremdenregister eingetragen (Grundlagengesetz, Art. 57; seed 002)",
            ),
            _AGE,
            _RESOURCES,
        ),
        _is_head,
        _eval_equivalent,
    ),
    RightRule(
        "urgent_medical_aid",
        "person",
        (
            Condition(
                "status_no_legal_residence",
                "Verblijft zonder wettig verblijf in het land (organieke wet, art. 57, §2)",
                "Séjourne sans titre de séjour légal (loi organique, art. 57, §2)",
                ("status",),
                de="Hält sich ohne legalen Aufenthalt im Land auf (Grundlagengesetz, Art. 57, §2)",
            ),
        ),
        _status_mask("no_legal_residence"),
        _status_only("no_legal_residence"),
    ),
    RightRule(
        "material_aid_reception",
        "person",
        (
            Condition(
                "status_asylum_seeker",
                "Verzoeker om internationale bescherming (organieke wet, art. 57ter)",
                "Demandeur de protection internationale (loi organique, art. 57ter)",
                ("status",),
                de="Antragsteller auf internationalen Schutz (Grundlagengesetz, Art. 57ter)",
            ),
        ),
        _status_mask("asylum_seeker"),
        _status_only("asylum_seeker"),
    ),
    RightRule(
        "gpmi_obligation",
        "person",
        (
            Condition(
                "receives_leefloon",
                "Ontvangt een leefloon sinds de wet van 21 juli 2016 (GPMI verplicht, art. 11)",
                "Reçoit un revenu d'intégration depuis la loi du 21 juillet 2016 (PIIS obligatoire, art. 11)",
                ("receives.leefloon",),
                ("gpmi.obligation_for_all_new_beneficiaries",),
                de="Bezieht seit dem Gesetz vom 21. Juli 2016 ein Eingliederungseinkommen (PIIS verpflichtend, Art. 11)",
            ),
        ),
        _receives_leefloon,
        _eval_gpmi,
    ),
    RightRule(
        "increased_reimbursement",
        "person",
        (
            Condition(
                "automatic_benefit",
                "Iemand in het gezin ontvangt leefloon, equivalent, IGO of een tegemoetkoming voor personen met een handicap",
                "Un membre du ménage reçoit le revenu d'intégration, l'équivalent, la GRAPA ou une allocation aux personnes handicapées",
                (
                    "receives.leefloon",
                    "receives.equivalent_leefloon",
                    "receives.income_guarantee_elderly",
                    "disability_allowance",
                ),
                de="Ein Haushaltsmitglied bezieht das Eingliederungseinkommen, die gleichwertige Hilfe, die Einkommensgarantie für Betagte oder eine Beihilfe für Personen mit Behinderung",
            ),
            Condition(
                "household_income_below_ceiling",
                "Bruto belastbaar gezinsinkomen onder de grens, verhoogd per bijkomend gezinslid",
                "Revenus imposables bruts du ménage sous le plafond, majoré par membre supplémentaire",
                ("income_gross_yearly", "household"),
                ("bim.income_ceiling", "bim.income_ceiling_per_member"),
                de="Steuerpflichtiges Bruttohaushaltseinkommen unter der Grenze, erhöht pro zusätzlichem Haushaltsmitglied",
            ),
        ),
        _all,
        _eval_bim,
    ),
    RightRule(
        "social_energy_tariff",
        "household",
        (
            Condition(
                "automatic_benefit",
                "Iemand op het adres ontvangt leefloon, equivalent, IGO of een tegemoetkoming voor personen met een handicap",
                "Une personne à l'adresse reçoit le revenu d'intégration, l'équivalent, la GRAPA ou une allocation aux personnes handicapées",
                (
                    "receives.leefloon",
                    "receives.equivalent_leefloon",
                    "receives.income_guarantee_elderly",
                    "disability_allowance",
                ),
                de="Eine Person an der Adresse bezieht das Eingliederungseinkommen, die gleichwertige Hilfe, die Einkommensgarantie für Betagte oder eine Beihilfe für Personen mit Behinderung",
            ),
            Condition(
                "increased_reimbursement_extension",
                "Verhoogde tegemoetkoming in het gezin, tijdens de uitbreiding (1 februari 2021 - 31 maart 2023)",
                "Intervention majorée dans le ménage, pendant l'extension (1er février 2021 - 31 mars 2023)",
                ("receives.increased_reimbursement",),
                ("energy_tariff.bim_included",),
                de="Erhöhte Kostenbeteiligung im Haushalt, während der Ausweitung (1. Februar 2021 - 31. März 2023)",
            ),
        ),
        _heads,
        _eval_energy,
    ),
    RightRule(
        "heating_allowance",
        "household",
        (
            Condition(
                "category_1_bim",
                "Categorie 1: iemand in het huishouden heeft de verhoogde tegemoetkoming",
                "Catégorie 1 : un membre du ménage a l'intervention majorée",
                ("receives.increased_reimbursement",),
                de="Kategorie 1: ein Haushaltsmitglied hat die erhöhte Kostenbeteiligung",
            ),
            Condition(
                "category_2_low_income",
                "Categorie 2: bruto belastbaar inkomen van het huishouden onder de grens, verhoogd per persoon ten laste",
                "Catégorie 2 : revenus imposables bruts du ménage sous le plafond, majoré par personne à charge",
                ("income_gross_yearly", "household"),
                ("svf.income_ceiling", "svf.income_ceiling_per_dependant"),
                de="Kategorie 2: steuerpflichtiges Bruttoeinkommen des Haushalts unter der Grenze, erhöht pro Person zu Lasten",
            ),
            Condition(
                "category_3_debt_mediation",
                "Categorie 3: schuldbemiddeling of collectieve schuldenregeling",
                "Catégorie 3 : médiation de dettes ou règlement collectif de dettes",
                ("debt_mediation",),
                de="Kategorie 3: Schuldenvermittlung oder kollektive Schuldenregelung",
            ),
        ),
        _heads,
        _eval_svf,
    ),
    RightRule(
        "income_guarantee_elderly",
        "person",
        (
            Condition(
                "age_pension_age",
                "Heeft de wettelijke pensioenleeftijd bereikt",
                "A atteint l'âge légal de la pension",
                ("age",),
                ("igo.minimum_age",),
                de="Hat das gesetzliche Pensionsalter erreicht",
            ),
            Condition(
                "nationality_or_status",
                "Belg, EU-burger, erkend vluchteling of staatloze",
                "Belge, citoyen UE, réfugié reconnu ou apatride",
                ("status",),
                de="Belgier, EU-Bürger, anerkannter Flüchtling oder Staatenloser",
            ),
            Condition(
                "resources_below_igo",
                "Netto-inkomen (met de partner) onder het IGO-bedrag (alleenstaand of samenwonend)",
                "Revenus nets (avec le partenaire) sous le montant de la GRAPA (isolé ou cohabitant)",
                ("income_net_monthly", "role", "household"),
                ("igo.amount_single", "igo.amount_cohabitant"),
                de="Nettoeinkommen (mit dem Partner) unter dem Betrag der Einkommensgarantie für Betagte (alleinstehend oder zusammenwohnend)",
            ),
        ),
        _elderly,
        _eval_igo,
    ),
    RightRule(
        "uitpas_opportunity_rate",
        "person",
        (
            Condition(
                "linked_right",
                "Het gezin heeft de verhoogde tegemoetkoming, leefloon, equivalent, IGO of schuldbemiddeling",
                "Le ménage a l'intervention majorée, le revenu d'intégration, l'équivalent, la GRAPA ou une médiation de dettes",
                ("receives.increased_reimbursement", "receives.leefloon", "debt_mediation"),
                de="Der Haushalt hat die erhöhte Kostenbeteiligung, das Eingliederungseinkommen, die gleichwertige Hilfe, die Einkommensgarantie für Betagte oder eine Schuldenvermittlung",
            ),
            Condition(
                "taxable_income_below_ceiling",
                "Belastbaar inkomen onder de lokale grens, verhoogd per persoon ten laste",
                "Revenu imposable sous le plafond local, majoré par personne à charge",
                ("income_gross_yearly", "household"),
                ("uitpas_oostende.income_ceiling", "uitpas_oostende.income_ceiling_per_dependant"),
                de="Steuerpflichtiges Einkommen unter der lokalen Grenze, erhöht pro Person zu Lasten",
            ),
        ),
        _all,
        _eval_uitpas,
    ),
)

RIGHTS: dict[str, RightRule] = {rule.code: rule for rule in RULES}
