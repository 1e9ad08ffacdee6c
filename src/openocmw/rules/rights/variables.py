"""The conditions of the rights as OpenFisca variables (no Django).

Every clause of every encoded right (`conditions.RULES`) is an OpenFisca variable of the rights
system, `<right>__<condition>` (for example `income_guarantee_elderly__resources_below_igo`),
on the leefloon's entities (a person in a household), defined per day, with the condition's
label, the legal reference of the right (act and article, with the URL where it was read), and a
formula dated by the commencement of the provision (`formula_2001_06_01` for the IGO of the law
of 22 March 2001). Its value is three-valued like the screening's: 1 the condition holds, 0 it
fails, -1 a fact it needs is unknown. `<right>__eligible` combines them and `<right>__candidate`
says whether the right is evaluated for that person (a household right for its reference person).

The formulas do not re-implement the law: they call the same vectorised kernels as the
population screening (`conditions.RightRule.evaluate`, on a `Context` over the simulation's
persons), so one implementation serves the screening of 11.8 million persons and the
calculation and explanation of one household (`explain_household`). The tests check that both
give identical results on generated populations.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import numpy as np
from openfisca_core.periods import DAY, ETERNITY
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

from openocmw.rules import entities
from openocmw.rules.entities import Person
from openocmw.rules.rights.catalogue import load_catalogue
from openocmw.rules.rights.conditions import HEAD, RIGHTS, RightRule, Tri
from openocmw.rules.rights.screening import (
    PERSON_COLUMNS,
    RECEIVABLE,
    Population,
    _Columns,
    shared_variables,
)

# The commencement of the provision each right's conditions encode: (date, what says so).
COMMENCEMENT = {
    "leefloon": (
        date(2002, 10, 1),
        "Wet van 26 mei 2002, in werking op 1 oktober 2002",
    ),
    "equivalent_leefloon": (
        date(2002, 10, 1),
        "Organieke wet 8 juli 1976, art. 57 en 60, §3, zoals toegepast sinds de wet van 26 mei "
        "2002 (1 oktober 2002)",
    ),
    "urgent_medical_aid": (
        date(1997, 1, 10),
        "KB van 12 december 1996 betreffende de dringende medische hulp (BS 31 december 1996), "
        "in werking op 10 januari 1997, de tiende dag na de bekendmaking (Justel, ELI "
        "http://www.ejustice.just.fgov.be/eli/besluit/1996/12/12/1996022721/justel)",
    ),
    "material_aid_reception": (
        date(2007, 6, 1),
        "Opvangwet van 12 januari 2007 (art. 57ter organieke wet), in werking 1 juni 2007",
    ),
    "gpmi_obligation": (
        date(2016, 11, 1),
        "Wet van 21 juli 2016 tot wijziging van de wet van 26 mei 2002, in werking 1 november 2016",
    ),
    "increased_reimbursement": (
        date(2014, 1, 1),
        "KB van 15 januari 2014 betreffende de verhoogde verzekeringstegemoetkoming, van "
        "toepassing vanaf 1 januari 2014",
    ),
    "social_energy_tariff": (
        date(2009, 7, 1),
        "Programmawet van 27 april 2007 (automatische toepassing van de sociale maximumprijzen), "
        "toegepast door het KB van 28 juni 2009 (BS 1 juli 2009), in werking op 1 juli 2009 "
        "(Justel, ELI http://www.ejustice.just.fgov.be/eli/besluit/2009/06/28/2009011287/justel)."
        " De sociale maximumprijzen op aanvraag bestonden eerder (wet van 29 april 1999, art. 20 "
        "§2) en zijn niet gecodeerd",
    ),
    "heating_allowance": (
        date(2009, 1, 1),
        "Programmawet van 22 december 2008, art. 249-264, van toepassing vanaf 1 januari 2009",
    ),
    "income_guarantee_elderly": (
        date(2001, 6, 1),
        "Wet van 22 maart 2001 tot instelling van een inkomensgarantie voor ouderen, in werking "
        "1 juni 2001",
    ),
    "uitpas_opportunity_rate": (
        date(2023, 1, 1),
        "Lokaal reglement (voorbeeld Oostende), tabel 2023",
    ),
}

# --- input variables (the screening's columns) --------------------------------------------------


def _input(name: str, value_type, default, label: str, entity=Person) -> type[Variable]:
    return type(
        name,
        (Variable,),
        {
            "value_type": value_type,
            "entity": entity,
            "definition_period": ETERNITY,
            "default_value": default,
            "label": label,
            "__module__": __name__,
        },
    )


INPUTS = {
    "age": _input("age", int, 0, "Leeftijd op de datum van de toestand / âge"),
    "role": _input(
        "role", int, HEAD, "Rol in het gezin: 0 referentiepersoon, 1 partner, 2 kind, 3 andere"
    ),
    "status": _input("status", int, 0, "Verblijfsstatus (code van conditions.STATUS_CODES)"),
    "income_net_monthly": _input(
        "income_net_monthly", float, float("nan"), "Netto-inkomen per maand (NaN: onbekend)"
    ),
    "income_gross_yearly": _input(
        "income_gross_yearly", float, float("nan"), "Bruto belastbaar inkomen per jaar"
    ),
    "disability_allowance": _input(
        "disability_allowance", int, -1, "Tegemoetkoming handicap: 1 ja, 0 nee, -1 onbekend"
    ),
    "debt_mediation": _input(
        "debt_mediation", int, -1, "Schuldbemiddeling: 1 ja, 0 nee, -1 onbekend"
    ),
}
for _code in RECEIVABLE:
    INPUTS[f"receives_{_code}"] = _input(
        f"receives_{_code}", bool, False, f"Ontvangt vandaag het recht {_code}"
    )


# --- the shared evaluation (one per simulation, period and right) --------------------------------


def _population(simulation, period) -> Population:
    persons = simulation.persons
    household = simulation.populations["household"]
    columns = {name: persons(name, period) for name in PERSON_COLUMNS if name != "household"}
    columns["household"] = household.members_entity_id
    receives = {code: persons(f"receives_{code}", period) for code in RECEIVABLE}
    return Population.from_columns(columns, receives)


def _evaluation(simulation, period, code: str) -> dict:
    """The right's kernels over all persons of the simulation, computed once (cached on it)."""
    cache = simulation.__dict__.setdefault("_rights_cache", {})
    key = str(period)
    if key not in cache:
        pop = _population(simulation, period)
        cache[key] = {"pop": pop, "shared": shared_variables(pop), "rights": {}}
    entry = cache[key]
    if code not in entry["rights"]:
        entry["rights"][code] = evaluate_everyone(
            RIGHTS[code], entry["pop"], entry["shared"], period.start.date
        )
    return entry["rights"][code]


def evaluate_everyone(rule: RightRule, pop: Population, shared: dict, on: date) -> dict:
    """A right's conditions at every person (the kernels of the screening, unchanged)."""
    from openocmw.rules.rights.conditions import Context

    hh = pop.columns["household"]
    columns = _Columns(pop.columns, pop.receives)
    ctx = Context(
        on=on, columns=columns, shared=shared, idx=np.arange(len(hh)), hh=hh, everyone=True
    )
    eligible, parts = rule.evaluate(ctx)
    candidate = np.asarray(rule.candidates(columns, shared), bool)
    if rule.unit == "person":
        candidate = candidate | pop.receives[rule.code]
    return {"eligible": eligible, "parts": parts, "candidate": candidate}


def _tri(tri: Tri) -> np.ndarray:
    return np.where(tri.t, 1, np.where(tri.f, 0, -1)).astype(np.int64)


def _formula_name(on: date) -> str:
    return f"formula_{on.year:04d}_{on.month:02d}_{on.day:02d}"


def _condition_variable(rule: RightRule, index: int) -> type[Variable]:
    condition = rule.conditions[index]
    since, commencement = COMMENCEMENT[rule.code]
    basis = load_catalogue()[rule.code].legal_basis[0]

    def formula(person, period, parameters):
        return _tri(_evaluation(person.simulation, period, rule.code)["parts"][condition.code])

    return type(
        f"{rule.code}__{condition.code}",
        (Variable,),
        {
            "value_type": int,
            "entity": Person,
            "definition_period": DAY,
            "default_value": -1,
            "label": condition.nl,
            "reference": [basis["reference"], basis["url"], commencement],
            "documentation": condition.fr,
            _formula_name(since): formula,
            "__module__": __name__,
        },
    )


def _eligible_variable(rule: RightRule) -> type[Variable]:
    since, commencement = COMMENCEMENT[rule.code]
    basis = load_catalogue()[rule.code].legal_basis[0]

    def formula(person, period, parameters):
        evaluation = _evaluation(person.simulation, period, rule.code)
        return np.where(evaluation["candidate"], _tri(evaluation["eligible"]), 0)

    return type(
        f"{rule.code}__eligible",
        (Variable,),
        {
            "value_type": int,
            "entity": Person,
            "definition_period": DAY,
            "default_value": 0,
            "label": f"Voldoet aan de voorwaarden van {rule.code} (1 ja, 0 nee, -1 onbekend)",
            "reference": [basis["reference"], basis["url"], commencement],
            _formula_name(since): formula,
            "__module__": __name__,
        },
    )


def _candidate_variable(rule: RightRule) -> type[Variable]:
    since, _ = COMMENCEMENT[rule.code]

    def formula(person, period, parameters):
        return _evaluation(person.simulation, period, rule.code)["candidate"]

    return type(
        f"{rule.code}__candidate",
        (Variable,),
        {
            "value_type": bool,
            "entity": Person,
            "definition_period": DAY,
            "label": "Het recht wordt bij deze persoon nagegaan"
            + (" (referentiepersoon van het gezin)" if rule.unit == "household" else ""),
            _formula_name(since): formula,
            "__module__": __name__,
        },
    )


def condition_variables() -> list[type[Variable]]:
    out = []
    for rule in RIGHTS.values():
        out += [_condition_variable(rule, i) for i in range(len(rule.conditions))]
        out += [_eligible_variable(rule), _candidate_variable(rule)]
    return out


class RightsSystem(TaxBenefitSystem):
    """The rights' conditions on the leefloon's entities (inputs: the screening's columns)."""

    def __init__(self) -> None:
        super().__init__(entities.entities)
        for variable in INPUTS.values():
            self.add_variable(variable)
        for variable in condition_variables():
            self.add_variable(variable)


@lru_cache(maxsize=1)
def rights_system() -> RightsSystem:
    return RightsSystem()


def simulation_of(pop: Population):
    """An OpenFisca simulation of the rights system holding a population's columns."""
    system = rights_system()
    builder = SimulationBuilder()
    builder.create_entities(system)
    n = len(pop)
    hh = pop.columns["household"]
    builder.declare_person_entity("person", np.arange(n))
    group = builder.declare_entity("household", np.arange(pop.households))
    builder.join_with_persons(group, hh, np.where(pop.columns["role"] == HEAD, 0, 1))
    simulation = builder.build(system)
    for name in PERSON_COLUMNS:
        if name != "household":
            simulation.set_input(name, "ETERNITY", pop.columns[name])
    for code in RECEIVABLE:
        simulation.set_input(f"receives_{code}", "ETERNITY", pop.receives[code])
    return simulation


def calculate(pop: Population, on: date, variable: str) -> np.ndarray:
    return simulation_of(pop).calculate(variable, on.isoformat())


WORDS = {
    "holds": ("voldaan", "rempli", "erfüllt"),
    "fails": ("niet voldaan", "non rempli", "nicht erfüllt"),
    "unknown": ("onbekend: gegeven ontbreekt", "inconnu : donnée manquante", "unbekannt"),
}


def explain_household(pop: Population, on: date, *, language: str = "nl") -> list[dict]:
    """Per right and per person it is evaluated for: each condition as a step with its label,
    legal reference, formula date and result, computed by OpenFisca (like the leefloon's
    explanation)."""
    simulation = simulation_of(pop)
    system = rights_system()
    period = on.isoformat()
    i = {"nl": 0, "fr": 1, "de": 2}.get(language, 0)
    words = {1: WORDS["holds"][i], 0: WORDS["fails"][i], -1: WORDS["unknown"][i]}
    out = []
    for rule in RIGHTS.values():
        candidate = simulation.calculate(f"{rule.code}__candidate", period)
        eligible = simulation.calculate(f"{rule.code}__eligible", period)
        for position in np.flatnonzero(candidate).tolist():
            steps = []
            for condition in rule.conditions:
                name = f"{rule.code}__{condition.code}"
                variable = system.variables[name]
                value = int(simulation.calculate(name, period)[position])
                steps.append(
                    {
                        "variable": name,
                        "label": condition.label(language),
                        "reference": list(variable.reference),
                        "applies_from": COMMENCEMENT[rule.code][0].isoformat(),
                        "value": value,
                        "result": words[value],
                    }
                )
            out.append(
                {
                    "right": rule.code,
                    "person": int(pop.person_id[position]),
                    "eligible": int(eligible[position]),
                    "steps": steps,
                }
            )
    return out
