"""The register's list of individual requests and decisions, and its exports (issue 10 §7)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from openocmw import exports
from openocmw.accounts.tenancy import actor_of as _actor
from openocmw.accounts.tenancy import require

from . import register_list
from .models import AidKind, RequestState

PAGE_SIZE = 50


@login_required
def register_list_page(request):
    actor = _actor(request)
    require(actor, "case.register")
    require(actor, "case.view")
    start, end, errors = register_list.parse_period(request.GET, timezone.localdate())
    f = register_list.parse_filters(actor, request.GET, start, end, errors)
    qs = register_list.requests(actor, f)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx") and not f.errors:
        rows = register_list.rows(qs)
        register_list.record(actor, f, len(rows), fmt)
        name = f"register-{start}-{end}"
        if fmt == "csv":
            return exports.csv_response([register_list.header(), *rows], name)
        title = _("Requests and decisions")
        data = exports.workbook_bytes([(title, register_list.header(), rows)])
        return exports.xlsx_response(data, name)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    register_list.record(actor, f, page.paginator.count, None)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(
        request,
        "casework/register_list.html",
        {
            "f": f, "page": page, "rows": register_list.rows(page.object_list),
            "header": register_list.header(), "kinds": AidKind.choices,
            "states": RequestState.choices, "workers": register_list.workers(actor),
            "query": query.urlencode(), "errors": f.errors,
            "waiting": register_list.waiting_online(actor), "today": timezone.localdate(),
        },
        status=400 if f.errors else 200,
    )  # fmt: skip
