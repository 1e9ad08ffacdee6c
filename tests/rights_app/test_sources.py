"""Data sources carry their authorisations: screening a right with a source not authorised
for it is refused, logged, names the field, and saves nothing (issue 11 §2, seed 003)."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from django.core.exceptions import ValidationError

from openocmw.accounts.models import AuditEntry
from openocmw.rights import services, sources
from openocmw.rights.models import ScreeningRun

ON = date(2025, 3, 1)


def _entries():
    return yaml.safe_load(sources.FILE.read_text(encoding="utf-8"))


def test_the_shipped_authorisations_cover_every_encoded_right():
    table = sources.authorisations()
    assert {"registry", "household", "status", "decisions", "income", "status_facts"} <= set(table)
    from openocmw.rules.rights.conditions import RIGHTS

    assert sources.refusals(list(RIGHTS), "rights screening") == []
    # A right reads the sources its conditions need: the leefloon its incomes, not status facts.
    codes = [s.code for s in sources.sources_of("leefloon")]
    assert "income" in codes and "status_facts" not in codes
    assert [s.code for s in sources.sources_of("urgent_medical_aid")] == [
        "registry", "status", "decisions",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda e: e[0].pop("legal_basis"), "sources[0].legal_basis"),
        (lambda e: e[0]["legal_basis"][0].pop("url"), "sources[0].legal_basis[0].url"),
        (lambda e: e[1].update(purposes=["marketing"]), "sources[1].purposes"),
        (lambda e: e[4].update(rights=["free_beer"]), "sources[4].rights"),
        (lambda e: e[2].update(colour="red"), "sources[2].colour"),
        (lambda e: e[3]["names"].pop("de"), "sources[3].names"),
        (lambda e: e[5].update(inputs=["age"]), "sources[5].inputs"),
    ],
)
def test_a_bad_authorisation_file_is_refused_naming_the_field(change, field):
    entries = _entries()
    change(entries)
    with pytest.raises(sources.SourceError) as error:
        sources.validate(entries)
    assert error.value.field == field


@pytest.fixture
def income_not_for_leefloon(monkeypatch):
    entries = _entries()
    income = next(e for e in entries if e["code"] == "income")
    income["rights"] = [r for r in income["rights"] if r != "leefloon"]
    table = sources.validate(entries)
    monkeypatch.setattr(sources, "authorisations", lambda: table)


def test_an_unauthorised_source_is_refused_logged_and_nothing_saved(
    lead_a, income_not_for_leefloon
):
    with pytest.raises(ValidationError) as error:
        services.run_screening(
            lead_a, ON, purpose="test", rights=["leefloon", "urgent_medical_aid"]
        )
    message = error.value.message_dict["right"][0]
    assert "leefloon" in message and "Geregistreerde inkomens" in message
    assert not ScreeningRun.objects.exists()
    denied = AuditEntry.objects.get(object_type="screening_run", action="denied")
    assert denied.purpose == "rights screening"
    assert denied.detail["refused"] == [{"right": "leefloon", "source": "income"}]
    # The other right alone is authorised.
    run = services.run_screening(lead_a, ON, purpose="test", rights=["urgent_medical_aid"])
    assert run.state == "done"


def test_the_job_is_refused_before_it_is_queued(lead_a, income_not_for_leefloon):
    from openocmw.jobs.models import Job

    with pytest.raises(ValidationError) as error:
        services.start_screening(lead_a, ON, purpose="test", rights=["leefloon"])
    assert "right" in error.value.message_dict
    assert not Job.objects.exists()


def test_the_refusal_is_in_french_for_a_french_speaking_user(lead_b, income_not_for_leefloon):
    from django.utils import translation

    with translation.override("fr"), pytest.raises(ValidationError) as error:
        services.run_screening(lead_b, ON, purpose="test", rights=["leefloon"])
    assert "Revenus enregistrés" in error.value.message_dict["right"][0]
