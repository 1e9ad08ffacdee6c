"""Pages of proactive rights: runs (and the team lead's button), worklists per right and per
worker, an entry with its outreach, campaigns, and the aggregates for the federal inspector.
Thin: check the actor, validate a form, call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openocmw.accounts.disclosure import marker
from openocmw.accounts.tenancy import actor_of
from openocmw.accounts.tenancy import require as _require
from openocmw.web.helpers import apply_errors

from . import services
from .forms import ApplyForm, AssignForm, CampaignForm, ContactForm, OutcomeForm, ScreeningForm
from .labels import SUGGESTED_ACTIONS, right_choices, right_name
from .models import EntryKind, WorklistEntry
from .services.worklists import OCMW_GRANTS

PAGE = 50
COMPARED_RUNS = 6


def _run(request, run_id):
    try:
        return services.get_run(actor_of(request), run_id)
    except (ObjectDoesNotExist, ValueError):
        raise Http404(_("No such screening in your OCMW.")) from None


def _entry(request, entry_id):
    try:
        return services.get_entry(actor_of(request), entry_id)
    except WorklistEntry.DoesNotExist:
        raise Http404(_("No such entry in your OCMW.")) from None


def _rate(counts: dict | None) -> str:
    if not counts or counts.get("non_take_up") is None:
        return "—"
    return f"{100 * counts['non_take_up']:.1f} %"


@login_required
def runs(request):
    """The OCMW's runs, the non-take-up per right run against run, the button to screen."""
    actor = actor_of(request)
    all_runs = list(services.runs(actor).select_related("started_by")[:50])
    done = [r for r in all_runs if r.state == "done"][:COMPARED_RUNS]
    codes = []
    for run in done:
        codes += [c for c in run.rights if c not in codes]
    comparison = [
        {
            "code": code,
            "name": right_name(code, ocmw=actor.ocmw),
            "rates": [_rate(r.counts.get(code)) for r in done],
            "by_run": [(r, _rate(r.counts.get(code))) for r in done],
        }
        for code in codes
    ]
    form = None
    if actor.can("case.review"):
        form = ScreeningForm(
            initial={"on": timezone.localdate(), "purpose": _("Campaign against non-take-up")},
            rights=right_choices(actor.ocmw),
        )
    return render(request, "rights/runs.html", {
        "runs": all_runs, "compared": done, "comparison": comparison, "form": form,
    })  # fmt: skip


@login_required
@require_POST
def screening_start(request):
    actor = actor_of(request)
    _require(actor, "case.review")
    form = ScreeningForm(request.POST, rights=right_choices(actor.ocmw))
    if form.is_valid():
        data = form.cleaned_data
        try:
            job = services.start_screening(
                actor, data["on"], purpose=data["purpose"], rights=data["rights"] or None
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("job_detail", job.pk)
    all_runs = list(services.runs(actor)[:50])
    return render(
        request, "rights/runs.html", {"runs": all_runs, "compared": [], "comparison": [],
                                      "form": form}, status=400,
    )  # fmt: skip


@login_required
def run_detail(request, run_id: int):
    actor = actor_of(request)
    run = _run(request, run_id)
    rows = [
        {"code": code, "name": right_name(code, ocmw=actor.ocmw), "counts": run.counts.get(code, {}),
         "rate": _rate(run.counts.get(code))}
        for code in run.rights
    ]  # fmt: skip
    campaign_form = None
    if actor.can("case.review") and run.state == "done":
        listed = [(r["code"], r["name"]) for r in rows if r["counts"].get("listed")]
        campaign_form = CampaignForm(rights=listed, initial={"control_share": "20"})
    return render(request, "rights/run_detail.html", {
        "run": run, "rows": rows, "campaign_form": campaign_form,
        "campaigns": services.campaigns(actor).filter(run=run),
    })  # fmt: skip


@login_required
def worklist(request, run_id: int, right: str):
    """The entries of one right: mine, all, or not yet assigned; those to review."""
    actor = actor_of(request)
    run = _run(request, run_id)
    if right not in run.rights:
        raise Http404(_("This right was not screened in that run."))
    kind = EntryKind.REVIEW if request.GET.get("kind") == "review" else EntryKind.MISSING
    who = request.GET.get("who") if request.GET.get("who") in ("mine", "unassigned") else "all"
    qs = services.entries(
        actor, run, right=right, kind=kind,
        worker=actor.user if who == "mine" else None, unassigned=who == "unassigned",
    )  # fmt: skip
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    items = list(page.object_list)
    services.shown(actor, items)
    for entry in items:
        entry.action = SUGGESTED_ACTIONS[services.suggested_action(entry)]
        entry.reason = entry.reason_in(request.LANGUAGE_CODE or "nl")
        entry.last_outcome = entry.outcomes.order_by("-on", "-pk").first()
    return render(request, "rights/worklist.html", {
        "run": run, "right": right, "right_name": right_name(right, ocmw=actor.ocmw), "page": page,
        "items": items, "kind": kind, "who": who, "counts": run.counts.get(right, {}),
    })  # fmt: skip


def _entry_page(request, entry, *, contact_form=None, outcome_form=None, apply_form=None,
                assign_form=None, status=200):  # fmt: skip
    actor = actor_of(request)
    today = timezone.localdate()
    language = (request.LANGUAGE_CODE or "nl")[:2]
    if actor.can("case.review") and assign_form is None:
        assign_form = AssignForm(
            prefix="assign",
            workers=services.workers(actor),
            initial={"worker": str(entry.assigned_to_id or "")},
        )
    return render(request, "rights/entry.html", {
        "entry": entry, "person": entry.person, "right_name": right_name(entry.right, ocmw=actor.ocmw),
        "reason": entry.reason_in(language),
        "action": SUGGESTED_ACTIONS[services.suggested_action(entry)],
        "contacts": entry.contacts.select_related("recorded_by").order_by("-on", "-pk"),
        "outcomes": entry.outcomes.select_related("recorded_by", "aid_request").order_by("-on", "-pk"),
        "notice": getattr(entry, "notice", None) if entry.kind == EntryKind.REVIEW else None,
        "can_act": actor.can("case.prepare"),
        "ocmw_grants": entry.right in OCMW_GRANTS and entry.kind == EntryKind.MISSING,
        "contact_form": contact_form or ContactForm(prefix="contact", initial={"on": today, "channel": "letter"}),
        "outcome_form": outcome_form or OutcomeForm(prefix="outcome", initial={"on": today}),
        "apply_form": apply_form or ApplyForm(prefix="apply", initial={"received_on": today}),
        "assign_form": assign_form,
    }, status=status)  # fmt: skip


@login_required
def entry_detail(request, entry_id: int):
    return _entry_page(request, _entry(request, entry_id))


@login_required
@require_POST
def entry_contact(request, entry_id: int):
    actor = actor_of(request)
    entry = _entry(request, entry_id)
    form = ContactForm(request.POST, prefix="contact")
    if form.is_valid():
        d = form.cleaned_data
        try:
            contact = services.record_contact(
                actor, entry, d["channel"], d["on"], partner=d["partner"], note=d["note"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The contact is recorded."))
            if contact.letter_pdf:
                messages.info(request, _("The letter is ready: open it from the list of contacts."))
            return redirect("rights_entry", entry.pk)
    return _entry_page(request, entry, contact_form=form, status=400)


@login_required
@require_POST
def entry_outcome(request, entry_id: int):
    actor = actor_of(request)
    entry = _entry(request, entry_id)
    form = OutcomeForm(request.POST, prefix="outcome")
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.record_outcome(actor, entry, d["outcome"], d["on"], d["note"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The outcome is recorded."))
            return redirect("rights_entry", entry.pk)
    return _entry_page(request, entry, outcome_form=form, status=400)


@login_required
@require_POST
def entry_apply(request, entry_id: int):
    actor = actor_of(request)
    entry = _entry(request, entry_id)
    form = ApplyForm(request.POST, prefix="apply")
    if form.is_valid():
        try:
            req = services.open_request(actor, entry, form.cleaned_data["received_on"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Aid request %(number)s is opened: the 30-day term runs.")
                % {"number": req.number},
            )  # fmt: skip
            return redirect("case_detail", req.pk)
    return _entry_page(request, entry, apply_form=form, status=400)


@login_required
@require_POST
def entry_assign(request, entry_id: int):
    actor = actor_of(request)
    _require(actor, "case.review")
    entry = _entry(request, entry_id)
    choices = services.workers(actor)
    form = AssignForm(request.POST, prefix="assign", workers=choices)
    if form.is_valid():
        pk = form.cleaned_data["worker"]
        worker = get_user_model().objects.filter(pk=int(pk)).first() if pk else None
        try:
            services.assign(actor, entry, worker)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The entry is assigned."))
            return redirect("rights_entry", entry.pk)
    return _entry_page(request, entry, assign_form=form, status=400)


@login_required
def contact_letter(request, contact_id: int):
    try:
        contact = services.contact_letter(actor_of(request), contact_id)
    except ObjectDoesNotExist:
        raise Http404(_("No such letter in your OCMW.")) from None
    if not contact.letter_pdf:
        raise Http404(_("No such letter in your OCMW."))
    response = HttpResponse(bytes(contact.letter_pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="letter-{contact.pk}.pdf"'
    return response


@login_required
@require_POST
def campaign_create(request, run_id: int):
    actor = actor_of(request)
    _require(actor, "case.review")
    run = _run(request, run_id)
    listed = [
        (c, right_name(c, ocmw=actor.ocmw))
        for c in run.rights
        if run.counts.get(c, {}).get("listed")
    ]
    form = CampaignForm(request.POST, rights=listed)
    if form.is_valid():
        d = form.cleaned_data
        try:
            campaign = services.create_campaign(
                actor, run, d["right"], name=d["name"], control_share=d["control_share"],
                seed=d["seed"], ends_on=d["ends_on"],
            )  # fmt: skip
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("rights_campaign", campaign.pk)
    rows = [{"code": c, "name": right_name(c, ocmw=actor.ocmw), "counts": run.counts.get(c, {}),
             "rate": _rate(run.counts.get(c))} for c in run.rights]  # fmt: skip
    return render(request, "rights/run_detail.html", {
        "run": run, "rows": rows, "campaign_form": form,
        "campaigns": services.campaigns(actor).filter(run=run),
    }, status=400)  # fmt: skip


def _pct(value) -> str:
    return "—" if value is None else f"{100 * value:.1f} %"


@login_required
def campaign_detail(request, campaign_id: int):
    actor = actor_of(request)
    try:
        campaign = services.get_campaign(actor, campaign_id)
    except (ObjectDoesNotExist, ValueError):
        raise Http404(_("No such campaign in your OCMW.")) from None
    f = services.figures(campaign)
    d = f.difference
    return render(request, "rights/campaign.html", {
        "campaign": campaign, "right_name": right_name(campaign.right, ocmw=actor.ocmw), "f": f,
        "contacted_rate": _pct(f.rate("contacted")), "control_rate": _pct(f.rate("control")),
        "verifiable": services.take_up_verifiable(campaign.right),
        "difference": None if d is None else {
            "value": _pct(d.value), "newcombe": (_pct(d.newcombe[0]), _pct(d.newcombe[1])),
            "wald": (_pct(d.wald[0]), _pct(d.wald[1])),
        },
    })  # fmt: skip


@login_required
def campaigns(request):
    actor = actor_of(request)
    items = list(services.campaigns(actor)[:100])
    for c in items:
        c.right_name = right_name(c.right, ocmw=actor.ocmw)
    return render(request, "rights/campaigns.html", {"campaigns": items})


@login_required
def statistics(request):
    """Non-take-up per OCMW and right, counts protected by small-cell suppression."""
    actor = actor_of(request)
    tables = services.aggregates(actor)
    hidden = marker()
    for table in tables:
        for row in table.rows:
            row["name"] = right_name(row["right"], ocmw=table.ocmw)
            for key in ("receiving", "not_receiving", "total"):
                row[key] = hidden if row[key] is None else row[key]
            row["rate"] = hidden if row["rate"] is None else _pct(row["rate"])
    return render(request, "rights/statistics.html", {"tables": tables})
