"""Which right applies, and the yearly, monthly and partial-month amounts."""

import numpy as np
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from openocmw.rules.entities import Person
from openocmw.rules.variables.common import (
    LAW,
    LAW_URL,
    ORGANIC_LAW_URL,
    ResidenceStatus,
    Right,
    RightReason,
    round_cents,
)

MONTH = DateUnit.MONTH


class entitled_by_residence_status(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Valt door zijn verblijfsstatus onder de wet van 26 mei 2002"
    reference = [f"{LAW}, art. 3, 3°", LAW_URL]

    def formula(person, period, parameters):
        status = person("residence_status", period)
        subsidiary = parameters(period.start).leefloon.eligibility.subsidiary_protection_entitled
        return (
            (status == ResidenceStatus.belgian)
            + (status == ResidenceStatus.recognised_refugee)
            + (status == ResidenceStatus.stateless)
            + (status == ResidenceStatus.population_register)
            + (status == ResidenceStatus.eu_citizen)
            + (status == ResidenceStatus.subsidiary_protection) * bool(subsidiary)
        ) > 0


class meets_age_condition(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Meerderjarig, of minderjarig maar ontvoogd door huwelijk, zwanger of met een kind ten laste"
    reference = [f"{LAW}, art. 3, 2° en art. 7", LAW_URL]

    def formula(person, period, parameters):
        minimum = parameters(period.start).leefloon.eligibility.minimum_age
        has_child = person.household("nb_children_in_charge", period) > 0
        return (
            (person("age", period) >= minimum)
            + person("married", period)
            + person("pregnant", period)
            + has_child
        ) > 0


class right(Variable):
    value_type = Enum
    possible_values = Right
    default_value = Right.none
    entity = Person
    definition_period = MONTH
    label = "Recht dat van toepassing is / droit applicable"
    reference = [
        f"{LAW}, art. 3",
        LAW_URL,
        "Organieke wet van 8 juli 1976 betreffende de OCMW's, art. 57, 57ter en 57quinquies",
        ORGANIC_LAW_URL,
    ]

    def formula(person, period):
        reason = person("right_reason", period)
        financial = reason == RightReason.eligible
        equivalent = reason == RightReason.foreigner_not_in_population_register
        return np.select(
            [
                reason == RightReason.no_legal_residence,
                reason == RightReason.asylum_seeker_reception,
                financial,
                equivalent,
            ],
            [
                Right.urgent_medical_aid,
                Right.material_aid,
                Right.leefloon,
                Right.equivalent_leefloon,
            ],
            Right.none,
        )


class right_reason(Variable):
    value_type = Enum
    possible_values = RightReason
    default_value = RightReason.eligible
    entity = Person
    definition_period = MONTH
    label = "Reden van de beslissing over het recht / motif de la décision"
    reference = [f"{LAW}, art. 3", LAW_URL]

    def formula(person, period):
        status = person("residence_status", period)
        by_status = person("entitled_by_residence_status", period)
        eu = status == ResidenceStatus.eu_citizen
        eu_ok = person("eu_right_of_residence_over_3_months", period)
        foreigner = (status == ResidenceStatus.foreigners_register) + (
            (status == ResidenceStatus.subsidiary_protection) * np.logical_not(by_status)
        )
        resources = person("countable_resources_yearly", period)
        amount = person("category_amount_yearly", period)
        return np.select(
            [
                np.logical_not(person("is_applicant", period)),
                status == ResidenceStatus.unknown,
                status == ResidenceStatus.no_legal_residence,
                status == ResidenceStatus.asylum_seeker,
                eu * np.logical_not(eu_ok),
                np.logical_not(person("meets_age_condition", period)),
                np.logical_not(person("actual_residence_in_belgium", period)),
                np.logical_not(person("willing_to_work", period)),
                np.logical_not(person("other_benefits_claimed", period)),
                resources >= amount,
                foreigner > 0,
            ],
            [
                RightReason.not_applicant,
                RightReason.status_unknown,
                RightReason.no_legal_residence,
                RightReason.asylum_seeker_reception,
                RightReason.eu_citizen_first_3_months,
                RightReason.under_18,
                RightReason.no_actual_residence,
                RightReason.not_willing_to_work,
                RightReason.other_benefits_not_claimed,
                RightReason.resources_too_high,
                RightReason.foreigner_not_in_population_register,
            ],
            RightReason.eligible,
        )


class financial_right(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Recht op leefloon of equivalent leefloon"

    def formula(person, period):
        reason = person("right_reason", period)
        return (reason == RightReason.eligible) + (
            reason == RightReason.foreigner_not_in_population_register
        ) > 0


class leefloon_yearly(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Leefloon op jaarbasis / revenu d'intégration annuel"
    reference = [f"{LAW}, art. 14, §2", LAW_URL]

    def formula(person, period):
        amount = person("category_amount_yearly", period) - person(
            "countable_resources_yearly", period
        )
        return round_cents(np.maximum(amount, 0)) * person("financial_right", period)


class leefloon_monthly(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Leefloon per maand (jaarbedrag gedeeld door 12) / revenu d'intégration mensuel"
    reference = [f"{LAW}, art. 14, §1 en art. 21, §4", LAW_URL]

    def formula(person, period):
        return round_cents(person("leefloon_yearly", period) / 12)


class leefloon_for_period(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = (
        "Leefloon voor de (eventueel onvolledige) maand / pour le mois (éventuellement incomplet)"
    )
    reference = [f"{LAW}, art. 21", LAW_URL]

    def formula(person, period):
        days = np.clip(person("days_with_right", period), 0, period.days)
        return round_cents(person("leefloon_monthly", period) * days / period.days)
