"""Input variables: the facts of the situation, as the facade feeds them in.

Income variables hold the net amount per month of each kind of resource, as assessed for the
month of the calculation (the facade converts yearly amounts to monthly ones). Defaults only
exist because OpenFisca needs them; the facade never relies on them (it rejects situations that
leave out a fact the law needs).
"""

from datetime import date

from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from openocmw.rules.entities import Household, Person
from openocmw.rules.variables.common import (
    KB,
    KB_URL,
    LAW,
    LAW_URL,
    Relation,
    ResidenceStatus,
)

MONTH = DateUnit.MONTH
ETERNITY = DateUnit.ETERNITY


class birth_date(Variable):
    value_type = date
    entity = Person
    definition_period = ETERNITY
    default_value = date(1970, 1, 1)
    label = "Geboortedatum / date de naissance"


class relation(Variable):
    value_type = Enum
    possible_values = Relation
    default_value = Relation.other
    entity = Person
    definition_period = MONTH
    label = "Band met de aanvrager / lien avec le demandeur"


class residence_status(Variable):
    value_type = Enum
    possible_values = ResidenceStatus
    default_value = ResidenceStatus.unknown
    entity = Person
    definition_period = MONTH
    label = "Verblijfsstatus / statut de séjour"
    reference = [f"{LAW}, art. 3, 3°", LAW_URL]


class eu_right_of_residence_over_3_months(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "EU-burger met een verblijfsrecht van meer dan drie maanden"
    reference = [f"{LAW}, art. 3, 3°", LAW_URL]


class married(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Gehuwd (ontvoogd door het huwelijk) / marié (émancipé par le mariage)"


class pregnant(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Zwanger / enceinte"
    reference = [f"{LAW}, art. 7", LAW_URL]


class in_charge(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Ten laste van de aanvrager / à charge du demandeur"
    reference = [f"{LAW}, art. 14, §1, 3°", LAW_URL]


class shares_household(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = (
        "Regelt de huishoudelijke aangelegenheden hoofdzakelijk gemeenschappelijk met de aanvrager"
    )
    reference = [f"{LAW}, art. 14, §1, 1°, tweede lid", LAW_URL]


class actual_residence_in_belgium(Variable):
    value_type = bool
    default_value = True
    entity = Person
    definition_period = MONTH
    label = "Werkelijke verblijfplaats in België / résidence effective en Belgique"
    reference = [f"{LAW}, art. 3, 1°", LAW_URL]


class willing_to_work(Variable):
    value_type = bool
    default_value = True
    entity = Person
    definition_period = MONTH
    label = "Werkbereid of vrijgesteld om gezondheids- of billijkheidsredenen"
    reference = [f"{LAW}, art. 3, 5°", LAW_URL]


class other_benefits_claimed(Variable):
    value_type = bool
    default_value = True
    entity = Person
    definition_period = MONTH
    label = "Heeft de rechten op andere uitkeringen laten gelden"
    reference = [f"{LAW}, art. 3, 6°", LAW_URL]


class is_student(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Student met voltijds leerplan / étudiant de plein exercice"
    reference = [f"{KB}, art. 35", KB_URL]


class has_study_grant(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Ontvangt een studiebeurs / reçoit une bourse d'études"


class spi_entitled(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Geniet de socio-professionele vrijstelling / bénéficie de l'immunisation socio-professionnelle"
    reference = [f"{KB}, art. 35, §1", KB_URL]


class spi_first_day(Variable):
    value_type = date
    entity = Person
    definition_period = ETERNITY
    default_value = date(1970, 1, 1)
    label = "Eerste dag van de socio-professionele vrijstelling"
    reference = [f"{KB}, art. 35, §1", KB_URL]


class student_full_time(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Voltijdse studies in een erkende instelling / études de plein exercice"
    reference = [f"{KB}, art. 35", KB_URL]


class student_gpmi(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "GPMI voor de studies ondertekend / PIIS études signé"
    reference = [f"{LAW}, art. 11, §2", LAW_URL]


class student_age_at_gpmi_start(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "Leeftijd bij het begin van het GPMI voor de studies"
    reference = [f"{KB}, art. 35", KB_URL]


class spi_days_used_before_month(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "Dagen van gebruik van de socio-professionele vrijstelling vóór de berekende maand"
    reference = [f"{KB}, art. 35, §1", KB_URL]


class spi_bottleneck_start(Variable):
    value_type = date
    entity = Person
    definition_period = ETERNITY
    default_value = date(1970, 1, 1)
    label = "Begin van het werk in een knelpuntberoep (verhoogde vrijstelling)"
    reference = [f"{KB}, art. 35", KB_URL]


class spi_bottleneck_conditions_met(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Arbeidsovereenkomst van ten minste 3 maanden en attest van de gewestelijke dienst"
    reference = [f"{KB}, art. 35", KB_URL]


class receives_leefloon(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "De partner geniet zelf het leefloon / le partenaire bénéficie lui-même du RI"
    reference = [f"{KB}, art. 34, §1", KB_URL]


def _income(name, label, reference=None):
    attrs = {
        "value_type": float,
        "entity": Person,
        "definition_period": MONTH,
        "label": label,
        "unit": "currency-EUR",
        "__module__": __name__,
    }
    if reference:
        attrs["reference"] = reference
    return type(name, (Variable,), attrs)


income_wages = _income("income_wages", "Nettoloon per maand / salaire net par mois")
income_activation_employment = _income(
    "income_activation_employment",
    "Nettoloon uit een tewerkstelling art. 60, §7 of een andere activeringsmaatregel per maand",
    ["Organieke wet van 8 juli 1976, art. 60, §7"],
)
income_self_employment = _income(
    "income_self_employment", "Netto-inkomen uit zelfstandige arbeid per maand"
)
income_vocational_training = _income(
    "income_vocational_training", "Vergoeding beroepsopleiding per maand / indemnité de formation"
)
income_benefits = _income(
    "income_benefits",
    "Sociale uitkeringen (werkloosheid, ziekte, pensioen, ...) per maand",
    [f"{LAW}, art. 16, §1", LAW_URL],
)
income_maintenance = _income(
    "income_maintenance", "Onderhoudsgeld voor zichzelf per maand / pension alimentaire"
)
income_maintenance_for_children = _income(
    "income_maintenance_for_children",
    "Onderhoudsgeld voor de kinderen ten laste per maand",
    [f"{KB}, art. 22, §1", KB_URL],
)
income_family_allowance = _income(
    "income_family_allowance",
    "Gezinsbijslag voor de kinderen ten laste per maand / allocations familiales",
    [f"{KB}, art. 22, §1", KB_URL],
)
income_study_grant = _income(
    "income_study_grant", "Studiebeurs per maand / bourse d'études", [f"{KB}, art. 22, §1", KB_URL]
)
income_entry_traineeship = _income(
    "income_entry_traineeship",
    "Vergoeding instapstage per maand / allocation de stage de transition",
    [f"{KB}, art. 22, §1", KB_URL],
)
income_artistic = _income(
    "income_artistic", "Inkomsten uit artistieke activiteiten per maand", [f"{KB}, art. 35", KB_URL]
)
income_other = _income("income_other", "Andere bestaansmiddelen per maand / autres ressources")


class movable_capital(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Roerend kapitaal (spaargeld, beleggingen) / capitaux mobiliers"
    reference = [f"{KB}, art. 27", KB_URL]


class cadastral_income(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = (
        "Globaal kadastraal inkomen van niet-verhuurde onroerende goederen (naar eigendomsaandeel)"
    )
    reference = [f"{KB}, art. 24, §1", KB_URL]


class rent_received_yearly(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Ontvangen huur per jaar van verhuurde onroerende goederen"
    reference = [f"{KB}, art. 24", KB_URL]


class mortgage_payments_yearly(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    unit = "currency-EUR"
    label = "Hypothecaire aflossingen per jaar voor de eigen woning"
    reference = [f"{KB}, art. 24, §1", KB_URL]


class relatives_share_counted(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    label = (
        "Keuze van het OCMW: aandeel (0 tot 1) van de bestaansmiddelen van meerderjarige ouders "
        "en kinderen onder hetzelfde dak dat in aanmerking wordt genomen"
    )
    reference = [f"{KB}, art. 34, §2", KB_URL]


class days_with_right(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "Aantal dagen van de maand waarop het recht loopt / jours du mois couverts par le droit"

    def formula(person, period):
        return person.filled_array(period.days)


class days_worked(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "Aantal gewerkte dagen in de maand (enkel voor de hervorming per gewerkte dag)"
