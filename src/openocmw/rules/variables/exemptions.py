"""Exemptions of earned income (royal decree of 11 July 2002, art. 35): the socio-professional
exemption with its time limit and its bottleneck-profession amount, the students' exemption and
the artists' exemption. All amounts yearly, as in `resources`.
"""

import numpy as np
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from openocmw.rules.entities import Person
from openocmw.rules.variables.common import KB, KB_URL, round_cents

MONTH = DateUnit.MONTH


def _months_since(day, period):
    """Whole calendar months from the month of `day` to the month calculated, and `day`'s day."""
    months = day.astype("datetime64[M]")
    start = period.start
    elapsed = (start.year - 1970) * 12 + start.month - 1 - months.astype(int)
    day_of_month = (day - months).astype(int) + 1
    return elapsed, day_of_month


def _inside(elapsed, day_of_month, duration):
    """The month calculated is inside a window of `duration` months from a day: it starts before
    that day + `duration` months (a window ending inside a month keeps that month)."""
    return (elapsed >= 0) & ((elapsed < duration) | ((elapsed == duration) & (day_of_month > 1)))


class spi_within_time_limit(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Binnen de maximumduur van de socio-professionele vrijstelling"
    reference = [f"{KB}, art. 35, §1", KB_URL]

    def formula(person, period, parameters):
        p = parameters(period.start).leefloon.exemptions.spi
        elapsed, day_of_month = _months_since(person("spi_first_day", period), period)
        # Before the reform: 36 months from the first day, interruptions included.
        from_first_day = _inside(elapsed, day_of_month, p.duration_months)
        # After it: at most `max_days_of_use` days of actual use within `window_months` from the
        # first day; periods without use (interruptions) do not count.
        within_window = _inside(elapsed, day_of_month, p.window_months)
        days_left = person("spi_days_used_before_month", period) < p.max_days_of_use
        inside = np.where(p.days_of_use_rule, within_window & days_left, from_first_day)
        return person("spi_entitled", period) * inside


class spi_bottleneck_applies(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Verhoogde socio-professionele vrijstelling voor een knelpuntberoep van toepassing"
    reference = [f"{KB}, art. 35", KB_URL]

    def formula(person, period, parameters):
        p = parameters(period.start).leefloon.exemptions.spi
        start = person("spi_bottleneck_start", period)
        elapsed, day_of_month = _months_since(start, period)
        has_one = start > np.datetime64("1970-01-01")
        inside = _inside(elapsed, day_of_month, p.bottleneck_duration_months)
        return (
            has_one
            * inside
            * person("spi_bottleneck_conditions_met", period)
            * person("spi_within_time_limit", period)
            * (p.bottleneck_monthly_amount > 0)
        )


class earned_income_monthly(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Inkomsten uit arbeid en beroepsopleiding per maand"

    def formula(person, period):
        return (
            person("income_wages", period)
            + person("income_activation_employment", period)
            + person("income_self_employment", period)
            + person("income_vocational_training", period)
        )


class student_exemption_applies(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Voorwaarden van de studentenvrijstelling vervuld (voltijds, GPMI, leeftijd)"
    reference = [f"{KB}, art. 35", KB_URL]

    def formula(person, period, parameters):
        maximum_age = parameters(period.start).leefloon.exemptions.spi.student_maximum_age
        return (
            person("is_student", period)
            * person("student_full_time", period)
            * person("student_gpmi", period)
            * (person("student_age_at_gpmi_start", period) < maximum_age)
        )


class spi_exemption_yearly(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Socio-professionele vrijstelling per jaar"
    reference = [f"{KB}, art. 35, §1", KB_URL]

    def formula(person, period, parameters):
        p = parameters(period.start).leefloon.exemptions.spi
        applies = person("spi_within_time_limit", period) * np.logical_not(
            person("student_exemption_applies", period)
        )
        cap = np.where(
            person("spi_bottleneck_applies", period), p.bottleneck_monthly_amount, p.monthly_amount
        )
        monthly = np.minimum(person("earned_income_monthly", period), cap)
        return round_cents(monthly * 12) * applies


class student_exemption_yearly(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Vrijstelling van inkomsten uit arbeid van studenten per jaar"
    reference = [f"{KB}, art. 35", KB_URL]

    def formula(person, period, parameters):
        p = parameters(period.start).leefloon.exemptions.spi
        cap = np.where(
            person("has_study_grant", period), p.student_monthly_amount, p.monthly_amount
        )
        monthly = np.minimum(person("earned_income_monthly", period), cap)
        return round_cents(monthly * 12) * person("student_exemption_applies", period)


class artist_exemption_yearly(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Vrijstelling van inkomsten uit artistieke activiteiten per jaar"
    reference = [f"{KB}, art. 35, §2", KB_URL]

    def formula(person, period, parameters):
        cap = parameters(period.start).leefloon.exemptions.spi.artist_yearly_amount
        return np.minimum(round_cents(person("income_artistic", period) * 12), cap)


class art35_exemption_yearly(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Vrijstellingen van art. 35 (socio-professioneel, studenten, artiesten) per jaar"
    reference = [f"{KB}, art. 35", KB_URL]

    def formula(person, period):
        return (
            person("spi_exemption_yearly", period)
            + person("student_exemption_yearly", period)
            + person("artist_exemption_yearly", period)
        )
