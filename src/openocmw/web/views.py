"""The home page; shared view helpers live in ``openocmw.web.helpers``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from openocmw.accounts.tenancy import actor_of

# Names other apps' views imported from here before the registry views moved to the registry.
from openocmw.registry.views import load_person as _load_person  # noqa: F401

from .helpers import actor_of as _actor  # noqa: F401
from .helpers import apply_errors  # noqa: F401


@login_required
def home(request):
    actor = actor_of(request)
    if actor.can("person.search"):
        return render(request, "web/home.html", {"query": ""})
    if actor.can("audit.view"):
        return redirect("audit_log")
    return render(request, "web/home_other.html")
