"""The OCMW administrator's settings page: the letterhead and opening hours."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import audit
from .letterhead import LetterheadForm, update_letterhead
from .models import Ocmw
from .tenancy import actor_of, require


@login_required
def letterhead_page(request):
    actor = actor_of(request)
    require(actor, "ocmw.manage")
    ocmw = Ocmw.objects.get(pk=actor.ocmw_id)
    form = LetterheadForm(request.POST or None, instance=Ocmw.objects.get(pk=ocmw.pk))
    if request.method == "POST" and form.is_valid():
        changed = update_letterhead(actor, form)
        messages.success(request, _("Saved.") if changed else _("Nothing changed."))
        return redirect("ocmw_letterhead")
    if request.method != "POST":
        audit.record(actor, "view", object_type="ocmw", object_id=ocmw.pk, purpose="letterhead")
    return render(request, "accounts/letterhead.html", {"form": form, "ocmw": ocmw})
