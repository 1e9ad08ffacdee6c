"""The security adviser's audit log page (issue 10 §6): labels in the reader's language,
filters by INSZ and by every type, CSV (with BOM) and Excel exports, the chain check as a job."""

from __future__ import annotations

import ast
import io
import re
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from django.urls import reverse

from openocmw.accounts import audit
from openocmw.accounts.models import AUDIT_OBJECT_TYPES, AUDIT_PURPOSES, AuditEntry, Role
from openocmw.casework import services as casework
from openocmw.jobs.models import Job

SRC = Path(__file__).resolve().parents[2] / "src" / "openocmw"


@pytest.fixture
def inline_jobs(settings):
    settings.OPENOCMW_JOBS = {**settings.OPENOCMW_JOBS, "INLINE": True}


@pytest.fixture
def lead_a(users):
    from tests.conftest import actor_of

    return actor_of(users[("a", Role.TEAM_LEAD)])


@pytest.fixture
def aid_request(actor_a, jan):
    return casework.register_request(
        actor_a, jan, received_on=date(2024, 10, 1), kind="leefloon", channel="counter"
    )


def _literal_codes(keyword: str) -> set[str]:
    """Every string literal passed as ``keyword=`` (or defaulted) anywhere in the source."""
    codes: set[str] = set()
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.keyword)
                and node.arg == keyword
                and isinstance(node.value, ast.Constant)
            ):
                codes.add(node.value.value)
            if isinstance(node, ast.arguments):
                names = node.args[-len(node.defaults) :] if node.defaults else []
                for arg, default in zip(names, node.defaults, strict=False):
                    if arg.arg == keyword and isinstance(default, ast.Constant):
                        codes.add(default.value)
                for arg, default in zip(node.kwonlyargs, node.kw_defaults, strict=False):
                    if arg.arg == keyword and isinstance(default, ast.Constant):
                        codes.add(default.value)
    return {c for c in codes if isinstance(c, str) and c}


def test_every_object_type_and_purpose_written_in_the_source_has_a_label():
    missing_types = _literal_codes("object_type") - set(AUDIT_OBJECT_TYPES)
    missing_purposes = _literal_codes("purpose") - set(AUDIT_PURPOSES)
    assert not missing_types, f"object types without a label: {sorted(missing_types)}"
    assert not missing_purposes, f"purposes without a label: {sorted(missing_purposes)}"


def test_every_casework_model_that_is_audited_by_its_name_has_a_label():
    from django.apps import apps

    for model in apps.get_app_config("casework").get_models():
        if model._meta.model_name in ("aidrequest", "proposal", "decision", "evidence"):
            assert model._meta.model_name in AUDIT_OBJECT_TYPES


def test_casework_entries_are_labelled_in_french(client_for, aid_request):
    c = client_for("a", Role.SECURITY_ADVISER, language="fr")
    html = unescape(c.get(reverse("audit_log"), {"object_type": "aidrequest"}).content.decode())
    assert f"demande d'aide {aid_request.pk}" in html
    assert f"aidrequest {aid_request.pk}" not in html


def test_casework_purposes_are_labelled_in_dutch(client_for, actor_a):
    audit.record(actor_a, "view", object_type="meeting", object_id=7, purpose="council agenda")
    c = client_for("a", Role.SECURITY_ADVISER)
    html = unescape(c.get(reverse("audit_log")).content.decode())
    assert "zitting van het BCSD 7" in html and "agenda van de raad" in html
    assert ">council agenda<" not in html and "council agenda</td>" not in html


def test_filter_by_insz_finds_the_entries_about_that_person_only(client_for, actor_a, jan):
    from openocmw.registry import services as registry
    from tests.conftest import person_data

    other = registry.create_person(
        actor_a, person_data(birth_date=date(1990, 2, 3), first_name="Els"),
        status="belgian", status_from=date(1990, 2, 3),
    )  # fmt: skip
    audit.record(actor_a, "view", object_type="person", object_id=jan.pk, subject_person_id=jan.pk)
    audit.record(
        actor_a, "view", object_type="person", object_id=other.pk, subject_person_id=other.pk
    )
    c = client_for("a", Role.SECURITY_ADVISER)
    formatted = f"{jan.insz[:2]}.{jan.insz[2:4]}.{jan.insz[4:6]}-{jan.insz[6:9]}.{jan.insz[9:]}"
    response = c.get(reverse("audit_log"), {"insz": formatted})
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert f"persoon {jan.pk}" in html and f"persoon {other.pk}" not in html
    # The INSZ itself is not copied into the adviser's own audit entry.
    last = AuditEntry.objects.filter(purpose="audit review").order_by("-seq").first()
    assert jan.insz not in str(last.detail) and last.detail.get("insz_given") is True


def test_a_malformed_insz_is_named_and_shows_nothing(client_for, actor_a, jan):
    audit.record(actor_a, "view", object_type="person", object_id=jan.pk, subject_person_id=jan.pk)
    c = client_for("a", Role.SECURITY_ADVISER)
    response = c.get(reverse("audit_log"), {"insz": "12345"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="audit-errors"' in html and "INSZ" in html
    assert f"persoon {jan.pk}" not in html


def test_filters_by_role_purpose_and_record_number(client_for, actor_a, lead_a, aid_request):
    audit.record(lead_a, "view", object_type="meeting", object_id=41, purpose="council agenda")
    c = client_for("a", Role.SECURITY_ADVISER)
    html = unescape(c.get(reverse("audit_log"), {"role": "team_lead"}).content.decode())
    assert "zitting van het BCSD 41" in html and f"hulpaanvraag {aid_request.pk}" not in html
    html = unescape(c.get(reverse("audit_log"), {"purpose": "council agenda"}).content.decode())
    assert "zitting van het BCSD 41" in html and f"hulpaanvraag {aid_request.pk}" not in html
    html = unescape(c.get(reverse("audit_log"), {"object_id": str(aid_request.pk),
                                                   "object_type": "aidrequest"}).content.decode())  # fmt: skip
    assert f"hulpaanvraag {aid_request.pk}" in html and "zitting van het BCSD 41" not in html


def _export(client, fmt: str, **filters):
    """Ask for an export (a job, run inline here) and download the file from the job's page."""
    response = client.post(reverse("audit_export"), {**filters, "format": fmt})
    job = Job.objects.filter(kind="audit.export").order_by("-pk").first()
    assert response.status_code == 302
    assert response["Location"] == reverse("audit_export_job", args=[job.pk])
    page = unescape(client.get(response["Location"]).content.decode())
    download = reverse("audit_export_download", args=[job.pk])
    assert f'href="{download}"' in page
    return job, client.get(download)


def test_export_as_csv_with_a_byte_order_mark_and_labels(
    client_for, actor_a, aid_request, inline_jobs
):
    c = client_for("a", Role.SECURITY_ADVISER, language="fr")
    job, response = _export(c, "csv", object_type="aidrequest")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment")
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("numéro d'ordre;quand;qui;rôle;")
    assert any("demande d'aide" in line and str(aid_request.pk) in line for line in lines[1:])
    assert all("demande d'aide" in line for line in lines[1:])  # the filter applies
    assert job.total == job.done == job.result["entries"] == len(lines) - 1
    exports = AuditEntry.objects.filter(action="export", object_type="audit_log")
    assert exports.count() == 2  # asked, and downloaded
    assert exports.first().detail["download"] is True


def test_export_as_excel_with_the_sheet_named_in_the_language(
    client_for, actor_a, aid_request, inline_jobs
):
    from openpyxl import load_workbook

    c = client_for("a", Role.SECURITY_ADVISER, language="fr")
    _job, response = _export(c, "xlsx")
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert wb.sheetnames == ["Journal d'audit"]
    values = [str(c.value) for row in wb.active.iter_rows() for c in row if c.value]
    assert "demande d'aide" in values


def test_an_export_waits_for_a_worker_and_shows_its_progress(client_for, actor_a):
    c = client_for("a", Role.SECURITY_ADVISER)
    response = c.post(reverse("audit_export"), {"format": "csv"}, follow=True)
    job = Job.objects.get(kind="audit.export")
    html = response.content.decode()
    assert job.status == "queued" and "insz" not in job.arguments["filters"]
    assert f'hx-get="{reverse("audit_export_progress", args=[job.pk])}"' in html
    assert c.get(reverse("audit_export_download", args=[job.pk])).status_code == 404


def test_a_bad_export_filter_is_named_and_starts_no_job(client_for, actor_a):
    c = client_for("a", Role.SECURITY_ADVISER)
    response = c.post(reverse("audit_export"), {"format": "csv", "insz": "12345"}, follow=True)
    assert "INSZ" in unescape(response.content.decode())
    assert not Job.objects.filter(kind="audit.export").exists()


def test_another_ocmw_cannot_download_the_export(client_for, actor_a, inline_jobs):
    job, _response = _export(client_for("a", Role.SECURITY_ADVISER), "csv")
    other = client_for("b", Role.SECURITY_ADVISER)
    assert other.get(reverse("audit_export_download", args=[job.pk])).status_code == 404
    worker = client_for("a", Role.SOCIAL_WORKER)
    assert worker.get(reverse("audit_export_download", args=[job.pk])).status_code == 403


def test_the_chain_check_is_a_job_with_progress(client_for, actor_a, ocmw_a, inline_jobs):
    for i in range(12):
        audit.record(actor_a, "view", object_type="person", object_id=i)
    c = client_for("a", Role.SECURITY_ADVISER)
    response = c.post(reverse("audit_verify"))
    job = Job.objects.get(kind="audit.verify_ocmw")
    assert response.status_code == 302
    assert response["Location"] == reverse("audit_verify_job", args=[job.pk])
    assert job.ocmw_id == ocmw_a.pk and job.status == "succeeded"
    assert job.total == job.done == job.result["entries"] >= 12
    html = unescape(c.get(response["Location"]).content.decode())
    assert "Het auditlogboek van dit OCMW is intact" in html


def test_the_check_page_refreshes_while_the_job_waits(client_for, actor_a):
    c = client_for("a", Role.SECURITY_ADVISER)
    response = c.post(reverse("audit_verify"), follow=True)  # no worker: it stays queued
    html = response.content.decode()
    job = Job.objects.get(kind="audit.verify_ocmw")
    assert job.status == "queued"
    assert f'hx-get="{reverse("audit_verify_progress", args=[job.pk])}"' in html
    # Asked again while it waits: the same job, not a second one.
    c.post(reverse("audit_verify"))
    assert Job.objects.filter(kind="audit.verify_ocmw").count() == 1
    assert c.get(reverse("audit_verify_progress", args=[job.pk])).status_code == 200


def test_another_ocmw_cannot_see_the_check(client_for, actor_a, inline_jobs):
    client_for("a", Role.SECURITY_ADVISER).post(reverse("audit_verify"))
    job = Job.objects.get(kind="audit.verify_ocmw")
    other = client_for("b", Role.SECURITY_ADVISER)
    assert other.get(reverse("audit_verify_job", args=[job.pk])).status_code == 404
    social_worker = client_for("a", Role.SOCIAL_WORKER)
    assert social_worker.get(reverse("audit_verify_job", args=[job.pk])).status_code == 403
    assert social_worker.get(reverse("job_detail", args=[job.pk])).status_code in (403, 404)


def test_the_progress_is_reported_while_checking(db, actor_a, ocmw_a):
    from openocmw.accounts.chain import VerifyReport, chain_key, verify_chains

    for i in range(7):
        audit.record(actor_a, "view", object_type="person", object_id=i)
    seen = []
    verify_chains(
        VerifyReport(), [chain_key(ocmw_a.pk)], batch_size=3,
        progress=lambda done, total: seen.append((done, total)),
    )  # fmt: skip
    assert seen and all(total >= 7 for _, total in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert re.match(r"\d", str(seen[0][0]))
