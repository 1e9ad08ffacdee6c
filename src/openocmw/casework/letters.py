"""Letters and minutes as PDF (WeasyPrint), in the person's language (Dutch, French or German)."""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string
from django.utils import translation

from openocmw.i18n import interface_language
from openocmw.rules.result import rule_title

from .models import APPEAL_MONTHS, AidRequest, Decision, Meeting


def _pdf(template: str, context: dict, language: str) -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(template, context | {"language": language})
    return HTML(string=html).write_pdf()


def letter_language(person) -> str:
    """The person's language: Dutch, French or German (the ÖSHZ of the German-speaking
    Community write to their residents in German); Dutch when the file knows none."""
    return interface_language(person.language)


def acknowledgement(req: AidRequest) -> bytes:
    """Acknowledgement of receipt of an aid request (law of 26 May 2002, art. 18 §1)."""
    language = letter_language(req.person)
    return _pdf(
        "casework/letters/acknowledgement.html",
        {"req": req, "person": req.person, "ocmw": req.ocmw},
        language,
    )


def decision_letter(decision: Decision, sent_on: date) -> tuple[bytes, str]:
    language = letter_language(decision.person)
    proposal = decision.proposal
    calc = proposal.calculation or {}
    explanation = calc.get("explanation") or {}
    steps = [
        {"text": step.get(language, ""), "rule": rule_title(step.get("rule", {}), language)}
        for step in explanation.get("steps", [])
    ]
    context = {
        "decision": decision,
        "person": decision.person,
        "ocmw": decision.ocmw,
        "req": decision.request,
        "proposal": proposal,
        "summary": (explanation.get("summary") or {}).get(language, ""),
        "steps": steps,
        "sent_on": sent_on,
        "appeal_months": APPEAL_MONTHS,
        "replaces": decision.replaces,
    }
    return _pdf("casework/letters/decision.html", context, language), language


def minutes(meeting: Meeting, language: str = "nl") -> bytes:
    items = meeting.items.select_related("proposal__request__person", "decided_by").order_by(
        "position"
    )
    return _pdf(
        "casework/letters/minutes.html", {"meeting": meeting, "items": items, "ocmw": meeting.ocmw},
        language,
    )  # fmt: skip
