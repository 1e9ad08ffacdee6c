"""The main menu: each role sees its own links, in its language (web/menu.py)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from openocmw.accounts.models import Role

# The links of each role, in the order shown (as the menu template had them).
EXPECTED = {
    Role.SOCIAL_WORKER: [
        "person_search", "person_create", "my_tasks", "case_dashboard", "meetings", "calculator",
        "gpmi_home", "rights_runs", "exchange_ebox", "exchange_mutations", "finance_home",
    ],
    Role.TEAM_LEAD: [
        "person_search", "person_create", "my_tasks", "case_dashboard", "meetings", "calculator",
        "register", "gpmi_home", "circle_home", "rights_runs", "exchange_ebox",
        "exchange_mutations", "exchange_inspection", "finance_home", "finance_refunds",
        "stats_observatory",
    ],
    Role.COUNCIL_MEMBER: [
        "person_search", "meetings", "calculator", "register", "gpmi_statistics",
        "rights_statistics", "exchange_inspection", "stats_observatory",
    ],
    Role.OCMW_ADMIN: [
        "register", "gpmi_statistics", "circle_home", "rights_statistics", "exchange_inspection",
        "finance_refunds", "stats_observatory", "users", "ocmw_letterhead",
    ],
    Role.FEDERAL_INSPECTOR: [
        "gpmi_statistics", "rights_statistics", "exchange_inspection", "stats_observatory",
    ],
    Role.SECURITY_ADVISER: ["audit_log"],
    Role.CARE_PROVIDER: ["finance_invoice_line"],  # the one page the hospital uses
}  # fmt: skip


def _menu_links(html: str) -> list[str]:
    nav = re.search(r'<nav aria-label="[^"]+">(.*?)</nav>', html, re.S).group(1)
    return re.findall(r'<a href="([^"]+)">', nav)


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_sees_its_own_links(client_for, role):
    html = client_for("a", role).get(reverse("home"), follow=True).content.decode()
    assert _menu_links(html) == [reverse(name) for name in EXPECTED[role]]


def test_the_menu_follows_the_language_and_the_role_switch(client_for, users):
    nl = client_for("a", Role.TEAM_LEAD).get(reverse("home"), follow=True).content.decode()
    fr = client_for("b", Role.TEAM_LEAD).get(reverse("home"), follow=True).content.decode()
    assert ">Personen</a>" in nl and ">Registre</a>" not in nl
    assert ">Personnes</a>" in fr and ">Registre</a>" in fr
    assert ">Registre d'inspection</a>" in fr  # as {% translate %} wrote it, not escaped
    # The same language for another role: the menu is that role's (built apart, kept apart).
    adviser = client_for("a", Role.SECURITY_ADVISER).get(reverse("home"), follow=True)
    assert _menu_links(adviser.content.decode()) == [reverse("audit_log")]


def test_no_menu_without_login(client):
    html = client.get(reverse("login")).content.decode()
    assert 'aria-label="Hoofdmenu"' not in html and reverse("person_search") not in html
