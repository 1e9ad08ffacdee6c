"""The rules of the flow: the investigation checklist per kind of aid, and the state machines.

Minimum content of the social investigation:
- leefloon: royal decree of 1 December 2013 on the minimum conditions of the social
  investigation under art. 19 §1 of the law of 26 May 2002 (Belgian Official Journal
  14 March 2014): identity, actual residence with a home visit, household composition,
  resources, rights to other benefits, willingness to work, needs;
- equivalent leefloon and other social aid: the same points as far as they apply, under the
  organic law of 8 July 1976, art. 60 §1 (the investigation precedes every decision);
- urgent medical aid: royal decree of 12 December 1996 (a doctor's certificate of urgent
  medical aid, and no legal residence).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import AidKind, ProposalState, RequestState

ITEMS: dict[str, dict] = {
    "identity": {
        "label": gettext_lazy("Identity and residence status"),
        "help": gettext_lazy("Identity document, national number, residence status and its documents."),
    },
    "actual_residence": {
        "label": gettext_lazy("Actual residence (home visit)"),
        "help": gettext_lazy("A home visit establishes where the person really lives."),
        "needs_home_visit": True,
    },
    "household": {
        "label": gettext_lazy("Household composition"),
        "help": gettext_lazy("Who lives under the same roof, and in which relation."),
    },
    "resources": {
        "label": gettext_lazy("Resources"),
        "help": gettext_lazy("Income, benefits, maintenance, capital and property of the applicant and of the household members who count."),
    },
    "other_benefits": {
        "label": gettext_lazy("Rights to other benefits"),
        "help": gettext_lazy("Unemployment, sickness, family allowances, maintenance: claimed first?"),
    },
    "willingness_to_work": {
        "label": gettext_lazy("Willingness to work"),
        "help": gettext_lazy("Willingness to work, or the reasons of health or equity that prevent it."),
    },
    "needs": {
        "label": gettext_lazy("Needs and aid asked"),
        "help": gettext_lazy("What the person needs and what they ask."),
    },
    "medical_certificate": {
        "label": gettext_lazy("Doctor's certificate of urgent medical aid"),
        "help": gettext_lazy("Royal decree of 12 December 1996."),
    },
    "hearing": {
        "label": gettext_lazy("Hearing of the person"),
        "help": gettext_lazy("The person was heard before a sanction (law of 26 May 2002, art. 20 and 30 §2)."),
    },
    "health_insurance": {
        "label": gettext_lazy("Health insurance"),
        "help": gettext_lazy("Affiliation with a health insurance fund, or why there is none."),
    },
}  # fmt: skip

CHECKLIST: dict[str, list[str]] = {
    AidKind.LEEFLOON: ["identity", "actual_residence", "household", "resources",
                       "other_benefits", "willingness_to_work", "needs"],
    AidKind.EQUIVALENT: ["identity", "actual_residence", "household", "resources",
                         "other_benefits", "willingness_to_work", "needs"],
    AidKind.URGENT_MEDICAL: ["identity", "actual_residence", "resources", "health_insurance",
                             "medical_certificate", "needs"],
    AidKind.OTHER: ["identity", "household", "resources", "needs"],
    # A sanction for a breach of the GPMI reviews a leefloon decision: the hearing is the
    # investigation (see gpmi.integration).
    "sanction": ["hearing"],
}  # fmt: skip


# State machine of a request: (state, event) -> new state.
REQUEST_TRANSITIONS: dict[tuple[str, str], str] = {
    (RequestState.REGISTERED, "investigate"): RequestState.INVESTIGATING,
    (RequestState.REGISTERED, "propose"): RequestState.PROPOSED,
    (RequestState.INVESTIGATING, "propose"): RequestState.PROPOSED,
    (RequestState.PROPOSED, "propose"): RequestState.PROPOSED,
    (RequestState.PROPOSED, "reopen"): RequestState.INVESTIGATING,
    (RequestState.PROPOSED, "decide"): RequestState.DECIDED,
    (RequestState.DECIDED, "notify"): RequestState.NOTIFIED,
    (RequestState.REGISTERED, "withdraw"): RequestState.WITHDRAWN,
    (RequestState.INVESTIGATING, "withdraw"): RequestState.WITHDRAWN,
}

PROPOSAL_TRANSITIONS: dict[tuple[str, str], str] = {
    (ProposalState.DRAFT, "edit"): ProposalState.DRAFT,
    (ProposalState.DRAFT, "submit"): ProposalState.SUBMITTED,
    (ProposalState.SUBMITTED, "review"): ProposalState.REVIEWED,
    (ProposalState.SUBMITTED, "send_back"): ProposalState.DRAFT,
    (ProposalState.REVIEWED, "send_back"): ProposalState.DRAFT,
    (ProposalState.REVIEWED, "schedule"): ProposalState.SCHEDULED,
    (ProposalState.SCHEDULED, "unschedule"): ProposalState.REVIEWED,
    (ProposalState.SCHEDULED, "approve"): ProposalState.APPROVED,
    (ProposalState.SCHEDULED, "reject"): ProposalState.REJECTED,
    (ProposalState.SCHEDULED, "amend"): ProposalState.SUPERSEDED,
}

EVENT_LABELS = {
    "investigate": gettext_lazy("start the investigation"),
    "propose": gettext_lazy("submit a proposal"),
    "reopen": gettext_lazy("reopen the investigation"),
    "decide": gettext_lazy("decide"),
    "notify": gettext_lazy("notify"),
    "withdraw": gettext_lazy("withdraw"),
    "edit": gettext_lazy("edit"),
    "submit": gettext_lazy("submit for review"),
    "review": gettext_lazy("approve for the council"),
    "send_back": gettext_lazy("send back to the social worker"),
    "schedule": gettext_lazy("put on the agenda"),
    "unschedule": gettext_lazy("take off the agenda"),
    "approve": gettext_lazy("approve"),
    "reject": gettext_lazy("reject"),
    "amend": gettext_lazy("amend"),
}


def next_state(table: dict, state: str, event: str, label_of_state) -> str:
    """The state after ``event``, or a ValidationError that names what is not allowed."""
    try:
        return table[(state, event)]
    except KeyError:
        raise ValidationError(
            _("You cannot %(event)s: the file is %(state)s.")
            % {"event": EVENT_LABELS.get(event, event), "state": label_of_state(state)},
            code="illegal_transition",
        ) from None


def request_next(request, event: str) -> str:
    return next_state(
        REQUEST_TRANSITIONS, request.state, event,
        lambda s: RequestState(s).label,
    )  # fmt: skip


def proposal_next(proposal, event: str) -> str:
    return next_state(
        PROPOSAL_TRANSITIONS, proposal.state, event,
        lambda s: ProposalState(s).label,
    )  # fmt: skip
