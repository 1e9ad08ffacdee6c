"""The public pages' frame (issue 12): no login, the OCMW and language from the URL, no
cookie, nothing about the visitor written anywhere."""

from __future__ import annotations

import pytest
from django.test import Client

from openocmw.accounts.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client()


def test_directory_lists_each_ocmw_in_its_languages(client, ocmw_a, ocmw_b):
    response = client.get("/public/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/public/24062/nl/"' in html
    assert 'href="/public/92094/fr/"' in html
    assert not response.cookies


def test_short_link_goes_to_the_first_language(client, ocmw_a, ocmw_b):
    assert client.get("/public/92094/").headers["Location"] == "/public/92094/fr/"
    # a French-speaking browser on a Dutch-only OCMW still gets Dutch
    response = client.get("/public/24062/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.headers["Location"] == "/public/24062/nl/"


@pytest.mark.parametrize(
    "lang,title",
    [("nl", "Uw rechten"), ("fr", "Vos droits"), ("de", "Ihre Rechte")],
)
def test_language_from_the_url_without_cookie(client, ocmw_a, lang, title):
    response = client.get(f"/public/24062/{lang}/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == lang
    assert f'<html lang="{lang}">' in response.content.decode()
    assert title in response.content.decode()
    assert not response.cookies
    assert "sessionid" not in client.cookies


def test_unknown_ocmw_or_language_is_not_found(client, ocmw_a):
    assert client.get("/public/99999/nl/").status_code == 404
    assert client.get("/public/24062/en/").status_code == 404
    assert client.get("/public/2406/nl/").status_code == 404


def test_no_login_and_no_audit(client, ocmw_a):
    before = AuditEntry.objects.count()
    assert client.get("/public/24062/nl/").status_code == 200
    assert client.get("/public/24062/nl/selfcheck/").status_code == 200
    assert AuditEntry.objects.count() == before
