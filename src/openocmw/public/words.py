"""Plain words for the catalogue's codes on the citizen's pages: who a right is for (target
groups) and the documents to bring. The rights themselves (names, how to apply, legal basis,
conditions) come from the catalogue and the rules; only these codes needed words."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

TARGET_GROUPS = {
    "adults_without_sufficient_resources": _("adults without enough income"),
    "young_adults": _("young adults (18 to 25)"),
    "students": _("students"),
    "foreigners_register": _("foreigners in the foreigners register"),
    "subsidiary_protection": _("people with subsidiary protection"),
    "no_legal_residence": _("people without legal residence"),
    "asylum_seekers": _("applicants for international protection"),
    "leefloon_beneficiaries": _("people who receive a leefloon"),
    "increased_reimbursement": _("people with increased reimbursement of health care"),
    "low_income_households": _("households with a low income"),
    "households_with_insufficient_means": _("households that cannot make ends meet"),
    "debt_mediation": _("people in debt mediation"),
    "disability_allowance": _("people with a disability allowance"),
    "elderly": _("people of pension age"),
    "igo_beneficiaries": _("people who receive the income guarantee for the elderly"),
    "children_in_flemish_education": _("children in Flemish schools"),
    "pupils_in_french_community_secondary": _(
        "pupils in secondary schools of the French Community"
    ),
    "pupils_in_german_community_secondary": _(
        "pupils in secondary schools of the German-speaking Community"
    ),
    "social_housing_candidates": _("people on the waiting list for social housing"),
}

DOCUMENTS = {
    "identity_card": _("your identity card"),
    "residence_permit": _("your residence permit"),
    "annex_26_or_registration_proof": _("your annex 26 or proof of registration"),
    "proof_of_income": _("proof of your income (pay slips, benefit statements)"),
    "sworn_statement_income": _("a sworn statement of your income"),
    "tax_assessment": _("your latest tax assessment"),
    "bank_account": _("your bank account number"),
    "lease_or_housing_costs": _("your lease or proof of your housing costs"),
    "lease_contract": _("your lease"),
    "proof_of_address": _("proof of your address"),
    "household_composition": _("a certificate of your household's composition"),
    "proof_of_expenses": _("proof of your expenses"),
    "fuel_invoice": _("the invoice of your heating fuel"),
    "medical_certificate_urgent_care": _("a doctor's certificate of urgent medical aid"),
    "enrolment_certificate": _("a certificate of enrolment at the school"),
    "certificate_increased_reimbursement_or_ocmw": _(
        "a certificate of increased reimbursement or of the OCMW"
    ),
    "ocmw_certificate": _("a certificate of the OCMW"),
    "social_balance": _("the social balance made with your social worker"),
}

# "Granted automatically": the catalogue's automation statuses in which nobody has to apply.
AUTOMATIC = ("automatic", "linked_to_granted_right")


def words_for(code: str, table: dict) -> str:
    """The words for a code; a code the table does not know (a local right's own target
    group) is shown as written, with spaces."""
    return str(table[code]) if code in table else code.replace("_", " ")
