"""The only place that changes GPMIs. Every change is validated, versioned and audited.

Errors are Django ValidationErrors keyed by field name, with translated messages, raised
before anything is written; every function that writes runs in one transaction.

The rules, with their sources (docs/gpmi.md has the full list):

- who needs a GPMI and by when: :func:`gpmi_requirement` (law of 26 May 2002, art. 11, as
  amended by the law of 21 July 2016, in force 1 November 2016);
- evaluations: :data:`EVALUATION_INTERVAL_MONTHS` and :func:`evaluation_warnings`;
- validation: :func:`validate_contract` (both parties sign: law art. 11 and 13 §2);
- sanction: :func:`propose_sanction` (law art. 30 §2, after a hearing, art. 20).
"""

# The package is split by concept; every public name is re-exported here, so that callers keep
# writing ``from openocmw.gpmi import services`` and ``services.NAME(...)``:
#
# - common: legal constants, dates, field errors, the clock (``common._today``, the one seam
#   tests move), reading and locking helpers;
# - requirement: who needs a GPMI and by when, worklist, leefloon starts, exemptions;
# - contracts: draft, revise, validate, close;
# - evaluations, balance (social balance), consent (and the electronic social report),
#   sanctions (breach, hearing, proposal), staff_time.

from __future__ import annotations

from ..dates import add_months
from .balance import (
    balance_comparison,
    latest_balances,
    record_social_balance,
)
from .common import (
    ALL_FACT_FIELDS,
    CONCLUDE_WITHIN_MONTHS,
    EVALUATION_INTERVAL_MONTHS,
    EVALUATIONS_PER_YEAR,
    IN_PERSON_PER_YEAR,
    NEW_BENEFICIARY_GAP_MONTHS,
    REFORM_DATE,
    REPEAT_WITHIN_DAYS,
    REQUIREMENT_REASONS,
    SANCTION_MAX_MONTHS,
    SANCTION_MAX_MONTHS_REPEAT,
    YOUNG_AGE_LIMIT,
    Errors,
    get_gpmi,
    gpmis_for,
    latest_version,
    open_evaluations,
    pending_version,
    person_in_ocmw,
    validated_version,
    versions_of,
)
from .consent import (
    current_consent,
    record_consent,
    social_report_part,
)
from .contracts import (
    ACADEMIC_YEAR,
    close_gpmi,
    draft_gpmi,
    revise_contract,
    validate_contract,
)
from .evaluations import (
    plan_evaluation,
    record_evaluation,
)
from .requirement import (
    Requirement,
    WorklistRow,
    cancel_exemption,
    current_leefloon_start,
    evaluation_warnings,
    gpmi_requirement,
    overdue_evaluations,
    record_exemption,
    record_leefloon_start,
    requirement_for,
    worklist,
)
from .sanctions import (
    propose_sanction,
    record_breach,
    record_hearing,
)
from .staff_time import (
    StaffTimeRow,
    record_staff_time,
    staff_time_of,
    staff_time_report,
)

__all__ = [
    "ACADEMIC_YEAR",
    "ALL_FACT_FIELDS",
    "CONCLUDE_WITHIN_MONTHS",
    "EVALUATIONS_PER_YEAR",
    "EVALUATION_INTERVAL_MONTHS",
    "Errors",
    "IN_PERSON_PER_YEAR",
    "NEW_BENEFICIARY_GAP_MONTHS",
    "REFORM_DATE",
    "REPEAT_WITHIN_DAYS",
    "REQUIREMENT_REASONS",
    "Requirement",
    "SANCTION_MAX_MONTHS",
    "SANCTION_MAX_MONTHS_REPEAT",
    "StaffTimeRow",
    "WorklistRow",
    "YOUNG_AGE_LIMIT",
    "add_months",
    "balance_comparison",
    "cancel_exemption",
    "close_gpmi",
    "current_consent",
    "current_leefloon_start",
    "draft_gpmi",
    "evaluation_warnings",
    "get_gpmi",
    "gpmi_requirement",
    "gpmis_for",
    "latest_balances",
    "latest_version",
    "open_evaluations",
    "overdue_evaluations",
    "pending_version",
    "person_in_ocmw",
    "plan_evaluation",
    "propose_sanction",
    "record_breach",
    "record_consent",
    "record_evaluation",
    "record_exemption",
    "record_hearing",
    "record_leefloon_start",
    "record_social_balance",
    "record_staff_time",
    "requirement_for",
    "revise_contract",
    "social_report_part",
    "staff_time_of",
    "staff_time_report",
    "validate_contract",
    "validated_version",
    "versions_of",
    "worklist",
]
