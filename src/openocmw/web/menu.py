"""The main menu of every page: one table of links and the roles that see each.

The menu depends only on the role of the membership in use, the language and the site's
URL prefix, so it is built once per combination and kept (a few kilobytes for the seven
roles in three languages); every later page takes it from the table in a dictionary look-up.
Built in the template, it cost every page about twenty role conditions and twenty URL
reversals (issue 9, the load benchmark; docs/benchmarks.md).
"""

from __future__ import annotations

from typing import NamedTuple

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from openocmw.accounts.models import Role

SW, TL, CM = Role.SOCIAL_WORKER, Role.TEAM_LEAD, Role.COUNCIL_MEMBER
ADMIN, FED, SEC = Role.OCMW_ADMIN, Role.FEDERAL_INSPECTOR, Role.SECURITY_ADVISER


class Link(NamedTuple):
    url_name: str
    label: Promise
    roles: frozenset[str]


def _link(url_name: str, label: Promise, *roles: str) -> Link:
    return Link(url_name, label, frozenset(roles))


# In the order shown. A role sees the links whose roles include it.
MENU: tuple[Link, ...] = (
    _link("person_search", _("Persons"), SW, TL, CM),
    _link("person_create", _("New person"), SW, TL),
    _link("my_tasks", _("My tasks"), SW, TL),
    _link("case_dashboard", _("What is due"), SW, TL),
    _link("meetings", _("Council"), SW, TL, CM),
    _link("calculator", _("Calculator"), SW, TL, CM),
    _link("register", pgettext_lazy("list of requests and decisions", "Register"), TL, ADMIN, CM),
    _link("gpmi_home", _("GPMI"), SW, TL),
    _link("gpmi_statistics", _("GPMI statistics"), ADMIN, CM, FED),
    _link("circle_home", _("Rights circle"), TL, ADMIN),
    _link("rights_runs", _("Missed rights"), SW, TL),
    _link("rights_statistics", _("Non-take-up of rights"), FED, ADMIN, CM),
    _link("exchange_ebox", _("E-box"), SW, TL),
    _link("exchange_mutations", _("Reported changes"), SW, TL),
    _link("exchange_inspection", _("Inspection register"), TL, ADMIN, CM, FED),
    _link("finance_home", _("Payments"), SW, TL),
    _link("finance_refunds", _("State refund"), TL, ADMIN),
    _link("finance_invoice_line", _("Invoice line for medical aid"), Role.CARE_PROVIDER),
    _link("stats_observatory", _("Observatory"), TL, ADMIN, CM, FED),
    _link("audit_log", _("Audit log"), SEC),
    _link("users", _("Users"), ADMIN),
    _link("ocmw_letterhead", _("Administration"), ADMIN),
)

_built: dict[tuple, SafeString] = {}


def links_for(role: str) -> list[Link]:
    return [link for link in MENU if role in link.roles]


def menu_html(role: str) -> SafeString:
    """The menu's links for ``role`` in the active language, as HTML (built once, then kept)."""
    key = (role, get_language(), get_script_prefix(), get_urlconf())
    html = _built.get(key)
    if html is None:
        # The labels are the project's own translations, not escaped (as {% translate %}
        # leaves them: "Registre d'inspection"); the URLs are escaped.
        html = format_html_join(
            "\n",
            '<a href="{}">{}</a>',
            ((reverse(x.url_name), mark_safe(str(x.label))) for x in links_for(role)),  # noqa: S308
        )
        _built[key] = html
    return html
