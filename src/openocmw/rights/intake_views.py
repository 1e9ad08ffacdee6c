"""The intake panel as its own request (issue 11 §5).

The person page and the request page include a placeholder (`{% rights_panel person %}`) that
the browser fills from this view right after the page has loaded (HTMX, `hx-trigger="load"`).
The file opens at once and never waits for the screening of its household; the panel itself
is measured in bench/bench_intake.py. Without JavaScript the placeholder is a link to this
view, which then answers a whole page.
"""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from openocmw.accounts.tenancy import actor_of, require
from openocmw.registry.models import Person

from .intake import missing_rights

log = logging.getLogger("openocmw.rights")


@login_required
def intake_panel(request, person_id: int):
    actor = actor_of(request)
    require(actor, "person.view")
    person = Person.objects.filter(pk=person_id, ocmw_id=actor.ocmw_id).first()
    if person is None:
        raise Http404
    rows = None
    try:
        rows = missing_rights(actor, person)
    except Person.DoesNotExist as exc:
        raise Http404 from exc
    except Exception:  # noqa: BLE001 - the panel says it failed; the file itself is unaffected
        log.exception("rights panel of person %s", person.pk)
    context = {"rows": rows, "person": person, "failed": rows is None}
    if request.headers.get("HX-Request") == "true":
        return render(request, "rights/_panel.html", context)
    return render(request, "rights/intake_page.html", context)
