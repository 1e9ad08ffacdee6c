"""The OCMW administrator edits the letterhead and opening hours in the UI (issue 10 §9);
every change is audited; bad input names the field and changes nothing."""

from django.urls import reverse

from openocmw.accounts.models import AuditEntry, Ocmw, Role

GOOD = {
    "name_nl": "OCMW Leuven", "name_fr": "CPAS de Louvain", "name_de": "ÖSHZ Löwen",
    "address": "Andreas Vesaliusstraat 47", "postal_code": "3000", "municipality_nl": "Leuven",
    "municipality_fr": "Louvain", "phone": "016 24 80 00", "email": "sociale.dienst@ocmw.example",
    "opening_hours": "maandag tot vrijdag 9.00-12.00\ndinsdag 14.00-16.00",
    "secretary_name": "Els Wouters", "chair_name": "Marc Jacobs",
    "iban": "BE71 0961 2345 6769", "payment_day": "3",
}  # fmt: skip


def test_the_administrator_edits_the_letterhead_and_it_is_audited(client_for, ocmw_a):
    admin = client_for("a", Role.OCMW_ADMIN)
    page = admin.get(reverse("ocmw_letterhead"))
    assert page.status_code == 200 and 'name="opening_hours"' in page.content.decode()
    r = admin.post(reverse("ocmw_letterhead"), GOOD)
    assert r.status_code == 302
    ocmw = Ocmw.objects.get(pk=ocmw_a.pk)
    assert ocmw.iban == "BE71 0961 2345 6769" and ocmw.payment_day == 3
    assert ocmw.opening_hours.startswith("maandag")
    entry = AuditEntry.objects.filter(object_type="ocmw", action="update").get()
    assert entry.purpose == "letterhead"
    assert entry.detail["changed"]["chair_name"] == {"from": "", "to": "Marc Jacobs"}


def test_bad_input_names_the_field_and_changes_nothing(client_for, ocmw_a):
    admin = client_for("a", Role.OCMW_ADMIN)
    bad = GOOD | {"iban": "BE00 0000 0000 0000", "payment_day": "31", "email": "nope",
                  "postal_code": "30", "chair_name": "Marc\u202eJacobs"}  # fmt: skip
    r = admin.post(reverse("ocmw_letterhead"), bad)
    html = r.content.decode()
    assert r.status_code == 200
    for field in ("iban", "payment_day", "email", "postal_code", "chair_name"):
        assert f'id="id_{field}-error"' in html, field
    assert Ocmw.objects.get(pk=ocmw_a.pk).iban == ""
    assert not AuditEntry.objects.filter(object_type="ocmw", action="update").exists()


def test_only_the_administrator_of_the_ocmw(client_for, ocmw_a, ocmw_b):
    for role in (Role.SOCIAL_WORKER, Role.TEAM_LEAD, Role.SECURITY_ADVISER):
        assert client_for("a", role).get(reverse("ocmw_letterhead")).status_code == 403
    client_for("b", Role.OCMW_ADMIN).post(reverse("ocmw_letterhead"), GOOD)
    assert Ocmw.objects.get(pk=ocmw_a.pk).phone == ""  # B's administrator changed B only
    assert Ocmw.objects.get(pk=ocmw_b.pk).phone == "016 24 80 00"


def test_the_navigation_links_to_the_settings(client_for):
    html = client_for("a", Role.OCMW_ADMIN).get("/").content.decode()
    assert f'href="{reverse("ocmw_letterhead")}"' in html
