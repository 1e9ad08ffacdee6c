"""The home page; shared view helpers live in ``openocmw.web.helpers``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from openocmw.accounts.tenancy import actor_of


@login_required
def home(request):
    actor = actor_of(request)
    if actor.can("person.search"):
        return render(request, "web/home.html", {"query": ""})
    if actor.can("audit.view"):
        return redirect("audit_log")
    return render(
        request,
        "web/home_other.html",
        {"can_register": actor.can("case.register"), "can_gpmi_stats": actor.can("gpmi.stats")},
    )
