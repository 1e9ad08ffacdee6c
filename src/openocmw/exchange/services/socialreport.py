"""The electronic social report between OCMWs (issue 13 §5).

OCMW B (where the person now lives) requests the report from OCMW A (the former one). A's
system answers within the job cycle (``exchange.cycle``), nobody at A acting, with its
motivated decisions; the GPMI part (kind, period, consent, the last validated contract as
PDF) only if the person's last recorded consent is "given" (seed 004, §2). Without a request
nothing leaves A. Both sides log every message (:class:`ExchangeLog`) and audit it.

Transport: one signed XML message per HTTP POST to ``<peer>/api/v1/exchange/messages``, the
Ed25519 signature over the exact bytes in ``X-Exchange-Signature`` and the sender's NIS code
in ``X-Exchange-Sender``. The receiver checks, in this order: the size, the sender's key, the
signature, the schema, the addressee, the timestamp (within ``CLOCK_SKEW_SECONDS``) and that
the message id was never seen (a replay is refused). Anything refused is logged with the
reason and changes nothing. Between two OCMWs of one installation the same signed message is
handed over in process (:func:`receive`), with the installation's own key.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.models import Ocmw
from openocmw.accounts.tenancy import Actor, require, scope
from openocmw.casework.models import Decision
from openocmw.registry.models import Person

from .. import messages, signing
from ..conf import options
from ..models import (
    InboundReportRequest,
    InboundStatus,
    Peer,
    ReportStatus,
    SeenMessage,
    SocialReportRequest,
)
from .consult import has_open_file, log, open_requests

PATH = "/api/v1/exchange/messages"


class Refused(Exception):
    """A message refused on receipt; ``status`` is the HTTP status to answer."""

    def __init__(self, reason: str, status: int = 400):
        super().__init__(reason)
        self.reason, self.status = reason, status


# --- B: the request ----------------------------------------------------------------------


def is_known_ocmw(nis: str) -> bool:
    return Ocmw.objects.filter(nis_code=nis).exists() or Peer.objects.filter(nis_code=nis).exists()


@transaction.atomic
def request_report(actor: Actor, person: Person, *, to_nis: str) -> SocialReportRequest:
    """B asks A for the social report of ``person``; sent by the next job cycle."""
    require(actor, "exchange.report")
    person = scope(Person.objects.all(), actor).get(pk=person.pk)
    to_nis = (to_nis or "").strip()
    if not (len(to_nis) == 5 and to_nis.isdigit()):
        raise ValidationError({"to_nis": _("Give the five-digit NIS code of the former OCMW.")})
    if to_nis == actor.ocmw.nis_code:
        raise ValidationError({"to_nis": _("This is your own OCMW.")})
    if not is_known_ocmw(to_nis):
        raise ValidationError({"to_nis": _("No OCMW with this NIS code is known to the exchange.")})
    if not person.insz:
        raise ValidationError({"to_nis": _("This person has no national number.")})
    if not has_open_file(actor, person):
        log(actor.ocmw_id, "social_report", "refused", "no open file", direction="out", peer=to_nis)
        raise ValidationError(
            _("A social report can only be requested for a person with an open file or "
              "request in your OCMW.")
        )  # fmt: skip
    req = SocialReportRequest.objects.create(
        ocmw_id=actor.ocmw_id, person=person, to_nis=to_nis, message_id=messages.new_id("SR"),
        request=open_requests(actor, person).order_by("-received_on").first(),
        requested_by=actor.user,
    )  # fmt: skip
    audit.record(
        actor, "create", object_type="social_report", object_id=req.pk,
        subject_person_id=person.pk, purpose="social report", detail={"to": to_nis},
    )  # fmt: skip
    log(actor.ocmw_id, "social_report", "accepted", "requested", req.message_id, direction="out",
        peer=to_nis)  # fmt: skip
    from openocmw.jobs.services import enqueue

    transaction.on_commit(lambda: enqueue("exchange.cycle", key="exchange.cycle"), robust=True)
    return req


def _envelope(root_name: str, *, message_id: str, sender: str, to: str, ssin: str):
    root = messages.element(root_name)
    messages.element("MessageId", root, message_id)
    messages.element("Timestamp", root, datetime.now(UTC).replace(microsecond=0).isoformat())
    messages.element("From", root, sender)
    messages.element("To", root, to)
    messages.element("Ssin", root, ssin)
    return root


def request_bytes(req: SocialReportRequest) -> bytes:
    root = _envelope("SocialReportRequest", message_id=req.message_id,
                     sender=req.ocmw.nis_code, to=req.to_nis, ssin=req.person.insz)  # fmt: skip
    messages.element("LegalBasis", root, "law of 26 May 2002, art. 19 §1; RD 1 Dec 2013")
    data = messages.to_bytes(root)
    messages.validate(data, "SocialReportRequest")
    return data


# --- A: the answer -----------------------------------------------------------------------


def _gpmi_part(root, ocmw_id: int, person: Person) -> bool:
    """The GPMI part, with the GPMI app's own rule (``social_report_part``): the last
    validated contract travels only while the person's current consent is "given"."""
    from openocmw.gpmi.models import ConsentStatus, Gpmi
    from openocmw.gpmi.services.common import validated_version
    from openocmw.gpmi.services.consent import current_consent

    consent = current_consent(person)
    if consent is None or consent.status != ConsentStatus.GIVEN:
        return False
    for gpmi in Gpmi.objects.filter(ocmw_id=ocmw_id, person=person).order_by("-start", "-pk"):
        version = validated_version(gpmi)
        if version is None:
            continue
        g = messages.element("Gpmi", root)
        messages.element("Kind", g, gpmi.kind)
        messages.element("From", g, gpmi.start)
        messages.element("Until", g, gpmi.effective_end)
        messages.element("ConsentOn", g, consent.on)
        if version.pdf:
            messages.element("ContractPdf", g, base64.b64encode(bytes(version.pdf)).decode())
        return True
    return False


def build_answer(inbound: InboundReportRequest) -> bytes:
    """A's answer: the person, the motivated decisions, the GPMI part with consent only."""
    ocmw = inbound.ocmw
    person = Person.objects.filter(ocmw=ocmw, insz=inbound.insz).first()
    root = _envelope("SocialReportResponse", message_id=messages.new_id("SA"),
                     sender=ocmw.nis_code, to=inbound.from_nis, ssin=inbound.insz)  # fmt: skip
    messages.element("InReplyTo", root, inbound.message_id)
    messages.element("Status", root, "found" if person else "unknown")
    inbound.person, inbound.decisions, inbound.with_gpmi = person, 0, False
    if person is not None:
        p = messages.element("Person", root)
        messages.element("LastName", p, person.last_name)
        messages.element("FirstName", p, person.first_name)
        messages.element("BirthDate", p, person.birth_date)
        decisions = (
            Decision.objects.filter(ocmw=ocmw, person=person).select_related("proposal")
            .order_by("decided_on", "pk")
        )  # fmt: skip
        for d in decisions:
            el = messages.element("Decision", root)
            messages.element("DecidedOn", el, d.decided_on)
            messages.element("AidKind", el, d.aid_kind)
            messages.element("Kind", el, d.kind)
            messages.element("From", el, d.effective_from)
            if d.effective_until:
                messages.element("Until", el, d.effective_until)
            if d.monthly_amount is not None:
                messages.element("MonthlyAmount", el, messages.amount(d.monthly_amount))
            messages.element("Motivation", el, (d.proposal.motivation or "")[:4000])
            inbound.decisions += 1
        inbound.with_gpmi = _gpmi_part(root, ocmw.pk, person)
    data = messages.to_bytes(root)
    messages.validate(data, "SocialReportResponse")
    return data


def answer_pending(limit: int = 500) -> int:
    """Answer every received request (the job cycle): nobody at A acts."""
    done = 0
    for pk in InboundReportRequest.objects.filter(
        status=InboundStatus.RECEIVED
    ).values_list("pk", flat=True)[:limit]:  # fmt: skip
        with transaction.atomic():
            inbound = (
                InboundReportRequest.objects.select_for_update().select_related("ocmw").get(pk=pk)
            )
            if inbound.status != InboundStatus.RECEIVED:
                continue
            data = build_answer(inbound)
            root = messages.validate(data, "SocialReportResponse")
            inbound.response_id = messages.text(root, "MessageId")
            inbound.response, inbound.signature = data, signing.sign(data)
            inbound.status = InboundStatus.ANSWERED if inbound.person else InboundStatus.UNKNOWN
            inbound.answered_at = timezone.now()
            inbound.save()
            audit.record(
                None, "export", ocmw_id=inbound.ocmw_id, object_type="social_report",
                object_id=inbound.pk, subject_person_id=inbound.person_id,
                purpose="social report",
                detail={"to": inbound.from_nis, "decisions": inbound.decisions,
                        "gpmi": inbound.with_gpmi, "message": inbound.response_id},
            )  # fmt: skip
            log(inbound.ocmw_id, "social_report", "accepted",
                "answered" if inbound.person else "unknown person", inbound.response_id,
                direction="out", peer=inbound.from_nis)  # fmt: skip
        done += 1
    return done


# --- sending and receiving ---------------------------------------------------------------


def send(data: bytes, signature: str, sender: str, to: str) -> tuple[bool, str]:
    """Deliver a signed message; (delivered, reason). A local OCMW gets it in process."""
    if Ocmw.objects.filter(nis_code=to).exists():
        try:
            receive(data, signature, sender)
        except Refused as exc:
            return exc.status == 409, exc.reason
        return True, "delivered"
    peer = Peer.objects.filter(nis_code=to).first()
    if peer is None:
        return False, "unknown addressee"
    import requests

    try:
        response = requests.post(
            peer.url.rstrip("/") + PATH, data=data, timeout=float(options()["SEND_TIMEOUT"]),
            headers={"Content-Type": "application/xml", "X-Exchange-Sender": sender,
                     "X-Exchange-Signature": signature},
        )  # fmt: skip
    except requests.RequestException as exc:
        return False, f"not reachable: {type(exc).__name__}"
    # 409: the message was already received (a retry after a lost answer): delivered.
    return response.status_code in (202, 409), f"HTTP {response.status_code}"


def deliver_pending() -> dict:
    """Send the requests not sent yet (B) and the answers not delivered yet (A)."""
    sent = delivered = failed = 0
    for req in (
        SocialReportRequest.objects.filter(status=ReportStatus.PENDING)
        .select_related("ocmw", "person")
        .order_by("pk")
    ):
        data = request_bytes(req)
        ok, reason = send(data, signing.sign(data), req.ocmw.nis_code, req.to_nis)
        log(req.ocmw_id, "social_report", "accepted" if ok else "refused", reason,
            req.message_id, direction="out", peer=req.to_nis)  # fmt: skip
        if ok:
            SocialReportRequest.objects.filter(pk=req.pk, status=ReportStatus.PENDING).update(
                status=ReportStatus.SENT, sent_at=timezone.now()
            )
            sent += 1
        else:
            failed += 1
    for inbound in (
        InboundReportRequest.objects.filter(
            status__in=[InboundStatus.ANSWERED, InboundStatus.UNKNOWN], delivered_at__isnull=True
        )
        .select_related("ocmw")
        .order_by("pk")
    ):
        ok, reason = send(bytes(inbound.response), inbound.signature, inbound.ocmw.nis_code,
                          inbound.from_nis)  # fmt: skip
        log(inbound.ocmw_id, "social_report", "accepted" if ok else "refused", reason,
            inbound.response_id, direction="out", peer=inbound.from_nis)  # fmt: skip
        if ok:
            InboundReportRequest.objects.filter(pk=inbound.pk).update(delivered_at=timezone.now())
            delivered += 1
        else:
            failed += 1
    return {"sent": sent, "delivered": delivered, "failed": failed}


def public_key_of(sender: str) -> str | None:
    if Ocmw.objects.filter(nis_code=sender).exists():
        return signing.public_key_b64()
    peer = Peer.objects.filter(nis_code=sender).first()
    return peer.public_key if peer else None


def receive(data: bytes, signature: str, sender: str) -> str:
    """Check and take in one signed message; its kind. Refused: logged, nothing applied."""
    sender = (sender or "").strip()[:5]
    try:
        with transaction.atomic():
            return _receive(data, signature, sender)
    except Refused as exc:
        log(None, "social_report_in", "refused", exc.reason, peer=sender)
        audit.record(
            None, "denied", object_type="exchange_message", purpose="social report",
            detail={"sender": sender, "reason": exc.reason[:300]},
        )  # fmt: skip
        raise


def _receive(data: bytes, signature: str, sender: str) -> str:
    if len(data) > messages.MAX_BYTES:
        raise Refused("message too large", 413)
    key = public_key_of(sender)
    if key is None:
        raise Refused("unknown sender", 403)
    if not signing.verify(key, data, signature):
        raise Refused("bad signature", 403)
    try:
        root = messages.validate(data, ("SocialReportRequest", "SocialReportResponse"))
    except messages.MessageError as exc:
        raise Refused(str(exc)) from None
    if messages.text(root, "From") != sender:
        raise Refused("the sender differs from the message's From")
    to = Ocmw.objects.filter(nis_code=messages.text(root, "To")).first()
    if to is None:
        raise Refused("addressee not in this installation")
    stamp = datetime.fromisoformat(messages.text(root, "Timestamp").replace("Z", "+00:00"))
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    skew = timedelta(seconds=int(options()["CLOCK_SKEW_SECONDS"]))
    if abs(datetime.now(UTC) - stamp) > skew:
        raise Refused("timestamp outside the accepted window")
    message_id = messages.text(root, "MessageId")
    try:
        with transaction.atomic():
            SeenMessage.objects.create(sender=sender, message_id=message_id)
    except IntegrityError:
        raise Refused("replayed message (already received)", 409) from None
    name = messages.local(root.tag)
    if name == "SocialReportRequest":
        InboundReportRequest.objects.create(
            ocmw=to, from_nis=sender, insz=messages.text(root, "Ssin"), message_id=message_id
        )
        from openocmw.jobs.services import enqueue

        transaction.on_commit(lambda: enqueue("exchange.cycle", key="exchange.cycle"), robust=True)
    else:
        _take_answer(root, data, to, sender)
    log(to.pk, "social_report_in", "accepted", name, message_id, peer=sender)
    return name


def _take_answer(root, data: bytes, to: Ocmw, sender: str) -> None:
    in_reply_to = messages.text(root, "InReplyTo")
    req = (
        SocialReportRequest.objects.select_for_update()
        .filter(ocmw=to, message_id=in_reply_to, to_nis=sender)
        .first()
    )
    if req is None:
        raise Refused("an answer to no request of ours")
    if req.status == ReportStatus.ANSWERED:
        raise Refused("this request was already answered", 409)
    if messages.text(root, "Ssin") != req.person.insz:
        raise Refused("the answer is about another person")
    found = messages.text(root, "Status") == "found"
    report = {"status": "found" if found else "unknown", "decisions": [], "gpmi": None}
    person = root.find(messages.q("Person"))
    if person is not None:
        report["person"] = {
            k: messages.text(person, k) for k in ("LastName", "FirstName", "BirthDate")
        }
    for d in root.iter(messages.q("Decision")):
        report["decisions"].append({
            k: messages.text(d, k)
            for k in ("DecidedOn", "AidKind", "Kind", "From", "Until", "MonthlyAmount", "Motivation")
        })  # fmt: skip
    pdf = None
    g = root.find(messages.q("Gpmi"))
    if g is not None:
        report["gpmi"] = {k: messages.text(g, k) for k in ("Kind", "From", "Until", "ConsentOn")}
        raw = messages.text(g, "ContractPdf")
        pdf = base64.b64decode(raw) if raw else None
        report["gpmi"]["has_pdf"] = pdf is not None
    req.status, req.report, req.gpmi_pdf = ReportStatus.ANSWERED, report, pdf
    req.answered_at = timezone.now()
    req.save(update_fields=["status", "report", "gpmi_pdf", "answered_at"])
    audit.record(
        None, "create", ocmw_id=to.pk, object_type="social_report", object_id=req.pk,
        subject_person_id=req.person_id, purpose="social report",
        detail={"from": sender, "decisions": len(report["decisions"]),
                "gpmi": report["gpmi"] is not None},
    )  # fmt: skip


def reports_for(actor: Actor):
    require(actor, "exchange.report")
    return scope(SocialReportRequest.objects.all(), actor).select_related("person")


def cycle() -> dict:
    """One job cycle: answer what was received, then deliver what waits."""
    out = {"answered": 0, "sent": 0, "delivered": 0, "failed": 0}
    for _round in range(3):  # between OCMWs of this installation, a request and its answer
        step = {"answered": answer_pending(), **deliver_pending()}
        for k, value in step.items():
            out[k] += value
        if not (step["answered"] or step["sent"] or step["delivered"]):
            break
    return out
