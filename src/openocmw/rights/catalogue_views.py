"""Pages of the rights catalogue: the OCMW's catalogue, its exports, the administrator's editor
of local rights, and the worker's list of hinge moments. Thin: check the actor, validate a
form, call a service, render."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from openocmw.accounts.tenancy import actor_of, require
from openocmw.guard import bad_request
from openocmw.rules.rights.local import describe

from . import catalogue_services, hinges, notices, selectors
from .catalogue_forms import VALUE_HELP, LocalRightForm


def _language() -> str:
    return (get_language() or "nl")[:2]


def _on(request):
    text = request.GET.get("on", "").strip()
    if not text:
        return timezone.localdate(), None
    try:
        return date.fromisoformat(text), None
    except ValueError:
        return None, bad_request(request, "on", _("Enter a valid date (YYYY-MM-DD)."))


def _actor_with_ocmw(request):
    actor = actor_of(request)
    if actor.ocmw_id is None:
        raise PermissionDenied("no OCMW")
    return actor


@login_required
def catalogue(request):
    actor = _actor_with_ocmw(request)
    on, refused = _on(request)
    if refused:
        return refused
    language = _language()
    rows = []
    for right in selectors.catalogue_for(actor.ocmw, on).values():
        conditions = ""
        if right.local_conditions:
            conditions = "; ".join(describe(c, language) for c in right.local_conditions["all"])
        rows.append({"right": right, "name": right.name(language), "conditions": conditions})
    return render(
        request,
        "rights/catalogue.html",
        {"rows": rows, "on": on, "can_manage": actor.can("ocmw.manage")},
    )


@login_required
def export(request, fmt: str):
    actor = _actor_with_ocmw(request)
    on, refused = _on(request)
    if refused:
        return refused
    name = f"rights-{actor.ocmw.nis_code}-{on.isoformat()}"
    if fmt == "csv":
        response = HttpResponse(
            selectors.export_csv(actor.ocmw, on), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            selectors.export_json(actor.ocmw, on), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def local_right(request, code: str | None = None):
    actor = actor_of(request)
    require(actor, "ocmw.manage")
    versions = list(selectors.local_versions(actor.ocmw, code)) if code else []
    if code and not versions:
        raise Http404(_("No such local right in your OCMW."))
    if request.method == "POST":
        form = LocalRightForm(request.POST)
        if form.is_valid():
            entry, rows = form.entry()
            if code:
                entry["code"] = code
            try:
                catalogue_services.save_local_right(actor, entry, form.cleaned_data["valid_from"])
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    target = form.form_field(field, rows)
                    if target in form.fields:
                        # The message names the entry's field; on the form, its label.
                        label = str(form.fields[target].label).split(":")[0]
                        errors = [e.replace(field, label) for e in errors]
                        form.add_error(target, errors)
                    else:
                        form.add_error(None, errors)
            else:
                messages.success(
                    request,
                    _("The local right %(code)s is saved; it applies from %(date)s.")
                    % {
                        "code": entry["code"],
                        "date": form.cleaned_data["valid_from"].strftime("%d/%m/%Y"),
                    },
                )
                return redirect("rights_catalogue")
    elif versions:
        form = LocalRightForm(initial=LocalRightForm.initial_of(versions[0].data))
    else:
        form = LocalRightForm(initial={"unit": "person", "last_review": timezone.localdate()})
    if code:
        form.fields["code"].disabled = True
        form.fields["code"].initial = code
    return render(
        request,
        "rights/local_right.html",
        {"form": form, "code": code, "versions": versions, "value_help": VALUE_HELP},
    )


@login_required
def hinge_list(request):
    actor = actor_of(request)
    require(actor, "person.view")
    everyone = request.GET.get("all") == "1" and actor.can("case.review")
    return render(
        request,
        "rights/hinges.html",
        {"moments": hinges.worker_list(actor, everyone=everyone), "everyone": everyone,
         "notices": notices.notices_for(actor, everyone=everyone),
         "language": _language(), "can_see_all": actor.can("case.review")},
    )  # fmt: skip
