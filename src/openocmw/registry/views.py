"""Registry pages: search, the person file, registering persons, statuses and households.

Thin: check the actor, validate a form, call a service, render.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openocmw.accounts import audit
from openocmw.accounts.models import AuditEntry
from openocmw.accounts.tenancy import actor_of as _actor
from openocmw.accounts.tenancy import require
from openocmw.guard import int_param
from openocmw.web.helpers import apply_errors

from . import search, selectors, services
from .countries import country_name
from .forms import (
    FoundHouseholdForm,
    HouseholdChangeForm,
    NewPersonForm,
    PersonForm,
    ResidenceStatusForm,
)
from .insz import compact, formatted
from .models import Household, Person


def load_person(request, person_id: int, purpose: str = "person file") -> Person:
    try:
        return services.get_person(_actor(request), person_id, purpose=purpose)
    except Person.DoesNotExist:
        raise Http404(_("No such person in your OCMW.")) from None


_load_person = load_person


@login_required
def person_search(request):
    actor = _actor(request)
    require(actor, "person.search")
    query = request.GET.get("q", "").strip()[:200]
    address = search.Address.from_query(request.GET)
    page = int_param(request.GET, "page", hi=100_000) or 1
    found = search.search(actor, query, address, page=page)
    partial = request.headers.get("HX-Request") and not request.headers.get(
        "HX-History-Restore-Request"
    )
    return render(
        request,
        "registry/_results.html" if partial else "web/home.html",
        {
            "query": query,
            "address": address,
            "found": found,
            "results": found.results if found else [],
            "searched": found is not None,
            "back": found.this_query if found else "",
        },
    )


def _back_to_search(request) -> str:
    """The search the user came from (its parameters only, never another address)."""
    params = {k: request.GET[k][:200] for k in ("q", *search.ADDRESS_FIELDS) if request.GET.get(k)}
    if not params:
        return ""
    page = request.GET.get("page", "")
    if page.isdigit():
        params["page"] = page
    return f"{reverse('person_search')}?{urlencode(params)}"


@login_required
def person_detail(request, person_id: int):
    actor = _actor(request)
    person = _load_person(request, person_id)
    today = date.today()
    statuses = selectors.residence_statuses(person)
    trail = (
        AuditEntry.objects.filter(ocmw_id=actor.ocmw_id, subject_person_id=person.pk)
        .only("at", "seq", "username", "action", "object_type", "purpose")
        .order_by("-at", "-seq")[:50]
    )
    lang = get_language() or "nl"
    return render(
        request,
        "registry/person_detail.html",
        {
            "person": person,
            "insz": formatted(person.insz),
            "nationality": country_name(person.nationality, lang),
            "age": person.age_on(today),
            "statuses": statuses,
            "current_status": selectors.status_on(statuses, today),
            "households": selectors.household_histories(person),
            "aid_requests": selectors.aid_requests(person),
            "decisions": selectors.decisions(person),
            "versions": selectors.versions(person),
            "trail": list(trail),
            "back_to_search": _back_to_search(request),
            "status_form": ResidenceStatusForm(),
            "found_form": FoundHouseholdForm(),
        },
    )


@login_required
def person_create(request):
    actor = _actor(request)
    require(actor, "person.create")
    lang = get_language() or "nl"
    household = None
    household_id = int_param(request.GET, "household") or int_param(request.POST, "household")
    if household_id is not None:
        household = _load_household(request, household_id)
    form = NewPersonForm(request.POST or None, language=lang)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        status = data.pop("status")
        status_from = data.pop("status_from")
        document = data.pop("status_document")
        try:
            duplicates = _likely_duplicates(actor, data)
            confirmed = bool(request.POST.get("different_person"))
            person = None
            if not duplicates or confirmed:
                person = services.create_person(
                    actor, data, status=status, status_from=status_from,
                    status_document=document, not_duplicate_of=[m.person.pk for m in duplicates],
                )  # fmt: skip
        except ValidationError as exc:
            apply_errors(form, exc)
            duplicates = []
        else:
            if person is None:  # shown the likely duplicates; nothing saved yet
                return render(
                    request,
                    "registry/person_form.html",
                    {"form": form, "household": household, "duplicates": duplicates},
                )
            messages.success(request, _("%(name)s is registered.") % {"name": person.full_name})
            if household is not None:
                # By id, not INSZ: a newborn or a person without INSZ is added as well.
                url = reverse("household_change", args=[household.pk])
                return HttpResponseRedirect(f"{url}?person={person.pk}")
            return redirect("person_detail", person_id=person.pk)
    return render(request, "registry/person_form.html", {"form": form, "household": household})


def _likely_duplicates(actor, data: dict) -> list:
    return services.likely_duplicates(actor, data)


@login_required
def person_edit(request, person_id: int):
    actor = _actor(request)
    require(actor, "person.update")
    person = _load_person(request, person_id, purpose="edit person")
    lang = get_language() or "nl"
    initial = {f: getattr(person, f) for f in services.IDENTITY_FIELDS}
    form = PersonForm(request.POST or None, initial=initial, language=lang)
    version = int_param(request.POST, "version") or person.version
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(actor, person, form.cleaned_data, expected_version=version)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("person_detail", person_id=person.pk)
    return render(
        request, "registry/person_edit.html", {"form": form, "person": person, "version": version}
    )


@login_required
@require_POST
def status_add(request, person_id: int):
    actor = _actor(request)
    person = _load_person(request, person_id, purpose="record residence status")
    form = ResidenceStatusForm(request.POST)
    if form.is_valid():
        try:
            services.add_residence_status(
                actor,
                person,
                form.cleaned_data["status"],
                form.cleaned_data["valid_from"],
                valid_until=form.cleaned_data["valid_until"],
                document=form.cleaned_data["document"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The residence status is recorded."))
            return redirect("person_detail", person_id=person.pk)
    return render(request, "registry/status_form.html", {"form": form, "person": person})


@login_required
@require_POST
def household_found(request, person_id: int):
    actor = _actor(request)
    person = _load_person(request, person_id, purpose="found household")
    form = FoundHouseholdForm(request.POST)
    if form.is_valid():
        try:
            hh = services.found_household(actor, person, form.cleaned_data["valid_from"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The household is registered."))
            return redirect("household_change", household_id=hh.pk)
    return render(request, "registry/found_form.html", {"form": form, "person": person})


def _load_household(request, household_id) -> Household:
    actor = _actor(request)
    require(actor, "person.view")
    try:
        return audit.fetch(
            actor, Household.objects.select_related("reference_person"), household_id,
            object_type="household", subject=lambda h: h.reference_person_id,
        )  # fmt: skip
    except Household.DoesNotExist:
        raise Http404(_("No such household in your OCMW.")) from None


@login_required
def household_change(request, household_id: int):
    actor = _actor(request)
    require(actor, "household.change")
    household = _load_household(request, household_id)
    today = date.today()
    members = services.composition_on(household, today)
    initial = {"date": today}
    joining = None
    if request.GET.get("insz"):
        initial["person_insz"] = request.GET["insz"][:20]
    joining_id = int_param(request.GET, "person") or int_param(request.POST, "person_id")
    if joining_id is not None:
        # Just registered for this household: the form comes set to "moves in" today.
        joining = load_person(request, joining_id, purpose="household change")
        initial.update(person_id=joining.pk, reason="moved_in", person_insz=joining.insz)
    form = HouseholdChangeForm(request.POST or None, members=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["reason"] in ("moved_in", "birth") and data.get("person_id"):
                person = services.persons_for(actor).filter(pk=data["person_id"]).first()
                if person is None:
                    raise ValidationError({"person_insz": _("No such person in your OCMW.")})
            elif data["person_insz"] and data["reason"] in ("moved_in", "birth"):
                person = (
                    services.persons_for(actor).filter(insz=compact(data["person_insz"])).first()
                )
                if person is None:
                    raise ValidationError(
                        {
                            "person_insz": _(
                                "No person with this national number in your OCMW. "
                                "Register the person first."
                            )
                        }
                    )
            else:
                person = services.persons_for(actor).get(pk=int(data["member"]))
            services.record_household_change(
                actor,
                household,
                person=person,
                reason=data["reason"],
                on=data["date"],
                relation=data.get("relation") or None,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The household change is recorded."))
            return redirect("household_change", household_id=household.pk)
    return render(
        request,
        "registry/household.html",
        {
            "household": household,
            "segments": list(reversed(services.timeline(household))),
            "members": members,
            "joining": joining,
            "form": form,
        },
    )
