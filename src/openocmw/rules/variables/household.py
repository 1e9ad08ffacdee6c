"""Household facts derived from the members: age, children in charge, cohabitation, category."""

import numpy as np
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from openocmw.rules.entities import Household, Person
from openocmw.rules.variables.common import LAW, LAW_URL, Category, Relation

MONTH = DateUnit.MONTH


class age(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "Leeftijd op de eerste dag van de maand / âge au premier jour du mois"

    def formula(person, period):
        birth = person("birth_date", period)
        birth_year = birth.astype("datetime64[Y]").astype(int) + 1970
        birth_month = birth.astype("datetime64[M]").astype(int) % 12 + 1
        birth_day = (birth - birth.astype("datetime64[M]")).astype(int) + 1
        start = period.start
        not_yet = (birth_month > start.month) | (
            (birth_month == start.month) & (birth_day > start.day)
        )
        return start.year - birth_year - not_yet.astype(int)


class is_applicant(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Is de aanvrager / est le demandeur"

    def formula(person, period):
        return person.has_role(Household.APPLICANT)


class is_child_in_charge(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Kind of kleinkind ten laste van de aanvrager"
    reference = [f"{LAW}, art. 14, §1, 3°", LAW_URL]

    def formula(person, period):
        relation = person("relation", period)
        is_child = (relation == Relation.child) | (relation == Relation.grandchild)
        return is_child * person("in_charge", period)


class is_minor_unmarried_child_in_charge(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Minderjarig ongehuwd kind ten laste"
    reference = [f"{LAW}, art. 14, §1, 3°", LAW_URL]

    def formula(person, period):
        return (
            person("is_child_in_charge", period)
            * (person("age", period) < 18)
            * np.logical_not(person("married", period))
        )


class cohabits_with_applicant(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Samenwonende in de zin van de wet (zelfde dak, huishouden hoofdzakelijk samen)"
    reference = [f"{LAW}, art. 14, §1, 1°, tweede lid", LAW_URL]

    def formula(person, period):
        return (
            np.logical_not(person("is_applicant", period))
            * np.logical_not(person("is_minor_unmarried_child_in_charge", period))
            * person("shares_household", period)
        )


class nb_minor_children_in_charge(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "Aantal minderjarige ongehuwde kinderen ten laste"

    def formula(household, period):
        return household.sum(household.members("is_minor_unmarried_child_in_charge", period))


class nb_children_in_charge(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "Aantal kinderen ten laste"

    def formula(household, period):
        return household.sum(household.members("is_child_in_charge", period))


class nb_cohabitants(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "Aantal samenwonenden (zonder de minderjarige kinderen ten laste)"

    def formula(household, period):
        return household.sum(household.members("cohabits_with_applicant", period))


class category(Variable):
    value_type = Enum
    possible_values = Category
    default_value = Category.none
    entity = Person
    definition_period = MONTH
    label = "Categorie van het leefloon / catégorie du revenu d'intégration"
    reference = [f"{LAW}, art. 14, §1", LAW_URL]

    def formula(person, period):
        children = person.household("nb_minor_children_in_charge", period)
        cohabitants = person.household("nb_cohabitants", period)
        applicant = person("is_applicant", period)
        return np.select(
            [~applicant, children > 0, cohabitants > 0],
            [Category.none, Category.family_in_charge, Category.cohabitant],
            Category.single,
        )


class category_number(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "Nummer van de categorie (1, 2 of 3; 0 = geen)"

    def formula(person, period):
        cat = person("category", period)
        return np.select(
            [
                cat == Category.cohabitant,
                cat == Category.single,
                cat == Category.family_in_charge,
            ],
            [1, 2, 3],
            0,
        )


class category_amount_yearly(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Jaarbedrag van de categorie / montant annuel de la catégorie"
    reference = [f"{LAW}, art. 14, §1", LAW_URL]

    def formula(person, period, parameters):
        amounts = parameters(period.start).leefloon.amount
        number = person("category_number", period)
        return np.select(
            [number == 1, number == 2, number == 3],
            [amounts.category_1, amounts.category_2, amounts.category_3],
            0.0,
        )
