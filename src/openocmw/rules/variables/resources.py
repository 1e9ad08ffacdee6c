"""Means test: the resources counted, item by item (law art. 16; royal decree art. 22-35).

All amounts here are yearly (the law reasons in yearly amounts: art. 14 and art. 16), computed
for the month of the calculation from the monthly input amounts.
"""

import numpy as np
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from openocmw.rules.entities import Household, Person
from openocmw.rules.variables.common import KB, KB_URL, LAW, LAW_URL, Relation, round_cents

MONTH = DateUnit.MONTH

COUNTED_MONTHLY_KINDS = (
    "income_wages",
    "income_activation_employment",
    "income_self_employment",
    "income_vocational_training",
    "income_benefits",
    "income_maintenance",
    "income_maintenance_for_children",
    "income_family_allowance",
    "income_study_grant",
    "income_entry_traineeship",
    "income_artistic",
    "income_other",
)


def _yearly(person, period, name):
    return round_cents(person(name, period) * 12)


class income_yearly(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Alle netto-inkomsten op jaarbasis (vóór vrijstellingen)"
    reference = [f"{LAW}, art. 16, §1", LAW_URL]

    def formula(person, period):
        return sum(_yearly(person, period, name) for name in COUNTED_MONTHLY_KINDS)


class capital_income_yearly(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Fictieve opbrengst van roerende kapitalen per jaar"
    reference = [f"{KB}, art. 27", KB_URL]

    def formula(person, period, parameters):
        p = parameters(period.start).leefloon.resources.capital
        capital = person("movable_capital", period)
        lower = np.clip(capital - p.exempt_threshold, 0, p.upper_threshold - p.exempt_threshold)
        upper = np.maximum(capital - p.upper_threshold, 0)
        return round_cents(lower * p.lower_rate + upper * p.upper_rate)


class real_estate_income_yearly(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = "In aanmerking genomen bedrag voor onroerende goederen per jaar"
    reference = [f"{KB}, art. 24", KB_URL]

    def formula(person, period, parameters):
        p = parameters(period.start).leefloon.resources.real_estate
        children = person.household("nb_children_in_charge", period)
        exempt = p.exempt_cadastral_income + p.exempt_per_child * children
        base = np.maximum(person("cadastral_income", period) - exempt, 0) * p.multiplier
        deduction = np.minimum(
            person("mortgage_payments_yearly", period), base * p.mortgage_max_share
        )
        return round_cents(base - deduction + person("rent_received_yearly", period))


class own_resources_yearly(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Eigen bestaansmiddelen per jaar vóór vrijstellingen"
    reference = [f"{LAW}, art. 16; {KB}, art. 22-27", LAW_URL]

    def formula(person, period):
        return (
            person("income_yearly", period)
            + person("capital_income_yearly", period)
            + person("real_estate_income_yearly", period)
        )


class art22_exempt_yearly(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = (
        "Vrijgestelde bestaansmiddelen (gezinsbijslag en onderhoudsgeld voor de kinderen ten laste, "
        "studiebeurs, instapstage)"
    )
    reference = [f"{KB}, art. 22, §1", KB_URL]

    def formula(person, period):
        return (
            person("family_allowance_exempt_yearly", period)
            + person("maintenance_for_children_exempt_yearly", period)
            + person("study_grant_exempt_yearly", period)
            + person("entry_traineeship_exempt_yearly", period)
        )


class family_allowance_exempt_yearly(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Vrijgestelde gezinsbijslag voor de kinderen ten laste"
    reference = [f"{KB}, art. 22, §1, b)", KB_URL]

    def formula(person, period):
        has_children = person.household("nb_children_in_charge", period) > 0
        return _yearly(person, period, "income_family_allowance") * has_children


class maintenance_for_children_exempt_yearly(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Vrijgesteld onderhoudsgeld voor de kinderen ten laste"
    reference = [f"{KB}, art. 22, §1", KB_URL]

    def formula(person, period):
        has_children = person.household("nb_children_in_charge", period) > 0
        return _yearly(person, period, "income_maintenance_for_children") * has_children


class study_grant_exempt_yearly(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Vrijgestelde studiebeurs"
    reference = [f"{KB}, art. 22, §1", KB_URL]

    def formula(person, period):
        return _yearly(person, period, "income_study_grant")


class entry_traineeship_exempt_yearly(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Vrijgesteld deel van de vergoeding van een instapstage"
    reference = [f"{KB}, art. 22, §1", KB_URL]

    def formula(person, period, parameters):
        cap = parameters(period.start).leefloon.exemptions.entry_traineeship_monthly
        return round_cents(np.minimum(person("income_entry_traineeship", period), cap) * 12)


class cohabitant_resources_yearly(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Bestaansmiddelen van een huisgenoot per jaar (na de vrijstellingen van art. 22, §1)"
    reference = [f"{KB}, art. 34", KB_URL]

    def formula(person, period):
        return np.maximum(
            person("own_resources_yearly", period) - person("art22_exempt_yearly", period), 0
        )


class partner_excess_yearly(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Bestaansmiddelen van de samenwonende partner boven het bedrag van categorie 1"
    reference = [f"{KB}, art. 34, §1", KB_URL]

    def formula(person, period, parameters):
        cat1 = parameters(period.start).leefloon.amount.category_1
        is_partner = (person("relation", period) == Relation.partner) * person(
            "shares_household", period
        )
        # RD art. 34, §1 counts the resources of a partner "qui ne sollicite pas le bénéfice de la
        # loi" (who does not claim the leefloon himself; text as quoted on wordscope.be). A partner
        # who receives or claims it is not counted, except his earnings from an art. 60, §7
        # employment or another activation measure (secondary source: Brussels social-rights
        # guide, bdas-wwsb.brussels 2.2.4.8).
        counted = np.where(
            person("receives_leefloon", period),
            _yearly(person, period, "income_activation_employment"),
            person("cohabitant_resources_yearly", period),
        )
        excess = np.maximum(counted - cat1, 0)
        return round_cents(excess) * is_partner


class relative_excess_yearly(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = (
        "Bestaansmiddelen van een meerderjarige ouder of meerderjarig kind onder hetzelfde dak "
        "boven het bedrag van categorie 1"
    )
    reference = [f"{KB}, art. 34, §2", KB_URL]

    def formula(person, period, parameters):
        cat1 = parameters(period.start).leefloon.amount.category_1
        relation = person("relation", period)
        first_degree = (relation == Relation.parent) | (relation == Relation.child)
        adult = person("age", period) >= 18
        counted = first_degree * adult * person("shares_household", period)
        excess = np.maximum(person("cohabitant_resources_yearly", period) - cat1, 0)
        return round_cents(excess) * counted


class partners_excess_total_yearly(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Som van de bestaansmiddelen van de partners boven categorie 1"
    reference = [f"{KB}, art. 34, §1", KB_URL]

    def formula(household, period):
        return household.sum(household.members("partner_excess_yearly", period))


class relatives_excess_total_yearly(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Som van de bestaansmiddelen van meerderjarige ouders en kinderen boven categorie 1"
    reference = [f"{KB}, art. 34, §2", KB_URL]

    def formula(household, period):
        total = household.sum(household.members("relative_excess_yearly", period))
        share = np.clip(household("relatives_share_counted", period), 0, 1)
        return round_cents(total * share)


class partner_resources_counted_yearly(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = "In aanmerking genomen bestaansmiddelen van de partner"
    reference = [f"{KB}, art. 34, §1", KB_URL]

    def formula(person, period):
        total = person.household("partners_excess_total_yearly", period)
        return total * person("is_applicant", period)


class relatives_resources_counted_yearly(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = "In aanmerking genomen bestaansmiddelen van meerderjarige ouders en kinderen"
    reference = [f"{KB}, art. 34, §2", KB_URL]

    def formula(person, period):
        total = person.household("relatives_excess_total_yearly", period)
        return total * person("is_applicant", period)


class resources_before_general_exemption_yearly(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Bestaansmiddelen na de bijzondere vrijstellingen, vóór de algemene vrijstelling"

    def formula(person, period):
        own = np.maximum(
            person("own_resources_yearly", period)
            - person("art22_exempt_yearly", period)
            - person("art35_exemption_yearly", period),
            0,
        )
        return (
            own
            + person("partner_resources_counted_yearly", period)
            + person("relatives_resources_counted_yearly", period)
        )


class general_exemption_yearly(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Algemene vrijstelling per jaar"
    reference = [f"{KB}, art. 22, §2", KB_URL]

    def formula(person, period, parameters):
        p = parameters(period.start).leefloon.exemptions.general
        number = person("category_number", period)
        amount = np.select(
            [number == 1, number == 2, number == 3],
            [p.category_1, p.category_2, p.category_3],
            0.0,
        )
        resources = person("resources_before_general_exemption_yearly", period)
        allowed = np.ones_like(resources, dtype=bool)
        if not p.cumulative_with_art35:
            allowed &= person("art35_exemption_yearly", period) <= 0
        if p.requires_resources_below_category:
            allowed &= resources < person("category_amount_yearly", period)
        return np.minimum(amount, resources) * allowed


class countable_resources_yearly(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = "In aanmerking genomen bestaansmiddelen per jaar / ressources prises en compte par an"
    reference = [f"{LAW}, art. 16; {KB}, art. 22-35", LAW_URL]

    def formula(person, period):
        return round_cents(
            np.maximum(
                person("resources_before_general_exemption_yearly", period)
                - person("general_exemption_yearly", period),
                0,
            )
        )
