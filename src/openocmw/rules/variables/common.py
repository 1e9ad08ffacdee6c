"""Shared helpers and enumerations for the leefloon variables."""

from __future__ import annotations

import numpy as np
from openfisca_core.indexed_enums import Enum

LAW = "Wet van 26 mei 2002 betreffende het recht op maatschappelijke integratie"
KB = (
    "Koninklijk besluit van 11 juli 2002 houdende het algemeen reglement betreffende het recht "
    "op maatschappelijke integratie"
)
LAW_URL = "https://www.ejustice.just.fgov.be/cgi_loi/change_lg.pl?language=nl&la=N&cn=2002052647&table_name=wet"
KB_URL = "https://www.ejustice.just.fgov.be/cgi_loi/change_lg.pl?language=nl&la=N&cn=2002071138&table_name=wet"
ORGANIC_LAW_URL = "https://www.ejustice.just.fgov.be/cgi_loi/change_lg.pl?language=nl&la=N&cn=1976070834&table_name=wet"


def round_cents(values):
    """Round to the cent, half away from zero (amounts are never negative here)."""
    values = np.asarray(values, dtype=np.float64)
    return np.sign(values) * np.floor(np.abs(values) * 100.0 + 0.5 + 1e-7) / 100.0


class Relation(Enum):
    applicant = "Aanvrager / demandeur"
    partner = "Partner / partenaire"
    child = "Kind / enfant"
    parent = "Ouder / parent"
    sibling = "Broer of zus / frère ou soeur"
    grandparent = "Grootouder / grand-parent"
    grandchild = "Kleinkind / petit-enfant"
    other_relative = "Ander familielid / autre parent"
    other = "Andere / autre"


class ResidenceStatus(Enum):
    unknown = "Onbekend / inconnu"
    belgian = "Belg / Belge"
    eu_citizen = "Burger van de Unie / citoyen de l'Union"
    recognised_refugee = "Erkend vluchteling / réfugié reconnu"
    subsidiary_protection = "Subsidiaire bescherming / protection subsidiaire"
    stateless = "Staatloze / apatride"
    population_register = (
        "Vreemdeling in het bevolkingsregister / étranger inscrit au registre de la population"
    )
    foreigners_register = (
        "Vreemdeling in het vreemdelingenregister / étranger inscrit au registre des étrangers"
    )
    asylum_seeker = (
        "Verzoeker om internationale bescherming / demandeur de protection internationale"
    )
    no_legal_residence = "Zonder wettig verblijf / sans séjour légal"


class Category(Enum):
    none = "Geen / aucune"
    cohabitant = "Categorie 1: samenwonende / catégorie 1 : cohabitant"
    single = "Categorie 2: alleenstaande / catégorie 2 : isolé"
    family_in_charge = "Categorie 3: gezin ten laste / catégorie 3 : famille à charge"


class Right(Enum):
    none = "Geen recht / aucun droit"
    leefloon = "Leefloon / revenu d'intégration"
    equivalent_leefloon = "Equivalent leefloon / équivalent du revenu d'intégration"
    urgent_medical_aid = "Dringende medische hulp / aide médicale urgente"
    material_aid = "Materiële hulp (opvangnetwerk) / aide matérielle (réseau d'accueil)"


class RightReason(Enum):
    eligible = "Voorwaarden vervuld / conditions remplies"
    foreigner_not_in_population_register = "Vreemdelingenregister / registre des étrangers"
    no_legal_residence = "Geen wettig verblijf / pas de séjour légal"
    asylum_seeker_reception = "Verzoeker om internationale bescherming / demandeur d'asile"
    eu_citizen_first_3_months = "EU-burger, eerste drie maanden / citoyen UE, trois premiers mois"
    under_18 = "Jonger dan 18 / moins de 18 ans"
    no_actual_residence = "Geen werkelijke verblijfplaats / pas de résidence effective"
    not_willing_to_work = "Niet werkbereid / pas disposé à travailler"
    other_benefits_not_claimed = "Andere rechten niet uitgeput / autres droits non épuisés"
    resources_too_high = "Bestaansmiddelen te hoog / ressources trop élevées"
    status_unknown = "Verblijfsstatus onbekend / statut inconnu"
    not_applicant = "Geen aanvrager / pas demandeur"
