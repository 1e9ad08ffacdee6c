"""Letters and minutes as PDF (WeasyPrint), in the person's language (Dutch, French, German).

Every letter carries the OCMW's letterhead (address, phone, e-mail, opening hours: the OCMW's
settings page), the contact worker (the worker assigned to the request), and a signature
block of the general director (secretary) and the chair of the council committee. A grant
states when and to which account the aid is paid, and every decision recalls the duty to
report changes (law of 26 May 2002, art. 22 §1, second paragraph: the person declares at once
every new fact that may change the amount or the right; §2: the revision takes effect from
the day its reason arose; organic law of 8 July 1976, art. 60 §1 for social aid). File names are in the person's language.
"""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string
from django.utils import translation

from openocmw.i18n import interface_language
from openocmw.rules.result import rule_title

from .models import APPEAL_MONTHS, AidRequest, Decision, Letter, Meeting

LETTER_LANGUAGES = ("nl", "fr", "de")

# Words of the file names, per language (ASCII: a file name travels through mail and disks).
FILE_WORDS = {
    "acknowledgement": {"nl": "ontvangstbewijs", "fr": "accuse-de-reception", "de": "Empfangsbestaetigung"},
    "decision": {"nl": "beslissing", "fr": "decision", "de": "Beschluss"},
    "minutes": {"nl": "notulen", "fr": "proces-verbal", "de": "Protokoll"},
    "documents": {"nl": "vraag-documenten", "fr": "demande-documents", "de": "Anforderung-Unterlagen"},
    "reminder": {"nl": "herinnering", "fr": "rappel", "de": "Erinnerung"},
    "hearing": {"nl": "uitnodiging-verhoor", "fr": "invitation-audition", "de": "Einladung-Anhoerung"},
}  # fmt: skip


def file_name(kind: str, language: str, reference: str, suffix: str = "") -> str:
    """``beslissing-2024-000001-v1.pdf`` / ``decision-2024-000001-v1.pdf`` / ..."""
    word = FILE_WORDS[kind].get(language) or FILE_WORDS[kind]["nl"]
    ref = reference.replace("/", "-")
    return f"{word}-{ref}{suffix}.pdf"


def letterhead(ocmw, language: str) -> dict:
    return {
        "name": ocmw.name(language),
        "address": ocmw.address,
        "postal": f"{ocmw.postal_code} {ocmw.municipality(language)}".strip(),
        "phone": ocmw.phone,
        "email": ocmw.email,
        "opening_hours": ocmw.opening_hours,
        "secretary": ocmw.secretary_name,
        "chair": ocmw.chair_name,
        "iban": ocmw.iban,
        "payment_day": ocmw.payment_day,
    }


def _contact(req: AidRequest) -> str:
    user = req.assigned_to
    return (user.get_full_name() or user.username) if user else ""


def _pdf(template: str, context: dict, language: str) -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(template, context | {"language": language})
    return HTML(string=html).write_pdf()


def letter_language(person) -> str:
    """The person's language: Dutch, French or German (the ÖSHZ of the German-speaking
    Community write to their residents in German); Dutch when the file knows none."""
    return interface_language(person.language)


def _context(req: AidRequest, language: str) -> dict:
    return {
        "req": req, "person": req.person, "ocmw": req.ocmw,
        "head": letterhead(req.ocmw, language), "contact": _contact(req),
    }  # fmt: skip


def acknowledgement(req: AidRequest) -> tuple[bytes, str]:
    """Acknowledgement of receipt of an aid request (law of 26 May 2002, art. 18 §1)."""
    language = letter_language(req.person)
    pdf = _pdf("casework/letters/acknowledgement.html", _context(req, language), language)
    return pdf, language


def decision_letter(decision: Decision, sent_on: date) -> tuple[bytes, str]:
    language = letter_language(decision.person)
    proposal = decision.proposal
    calc = proposal.calculation or {}
    explanation = calc.get("explanation") or {}
    steps = [
        {"text": step.get(language, ""), "rule": rule_title(step.get("rule", {}), language)}
        for step in explanation.get("steps", [])
    ]
    context = _context(decision.request, language) | {
        "decision": decision,
        "proposal": proposal,
        "summary": (explanation.get("summary") or {}).get(language, ""),
        "steps": steps,
        "sent_on": sent_on,
        "appeal_months": APPEAL_MONTHS,
        "replaces": decision.replaces,
        "grant": decision.kind in ("grant", "modify") and decision.monthly_amount is not None,
    }
    return _pdf("casework/letters/decision.html", context, language), language


def investigation_letter(letter: Letter, sent_on: date) -> bytes:
    """A request for documents, a reminder or an invitation to a hearing (law of 26 May 2002,
    art. 19 §2: the person gives every useful information; art. 20: the right to be heard)."""
    context = _context(letter.request, letter.language) | {"letter": letter, "sent_on": sent_on}
    return _pdf(f"casework/letters/{letter.kind}.html", context, letter.language)


def minutes(meeting: Meeting, language: str = "nl") -> bytes:
    from .council import quorum_of

    items = meeting.items.select_related("proposal__request__person", "decided_by").order_by(
        "position"
    )
    return _pdf(
        "casework/letters/minutes.html", {
            "meeting": meeting, "items": items, "ocmw": meeting.ocmw,
            "head": letterhead(meeting.ocmw, language), "attendees": list(meeting.attendees.all()),
            "quorum": quorum_of(meeting),
        }, language,
    )  # fmt: skip
