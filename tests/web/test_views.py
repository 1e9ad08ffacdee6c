"""Every page, as the users who use it, and the denial of everyone else."""

from datetime import date

import pytest
from django.urls import reverse

from openocmw.accounts.models import AuditEntry, Role
from openocmw.registry.demo import insz_for
from openocmw.registry.models import Membership, Person, ResidenceStatus

PERSON_ROLES = [Role.SOCIAL_WORKER, Role.TEAM_LEAD, Role.COUNCIL_MEMBER]
OTHER_ROLES = [Role.SECURITY_ADVISER, Role.OCMW_ADMIN, Role.FEDERAL_INSPECTOR]


def test_anonymous_is_sent_to_login(client, jan):
    response = client.get(reverse("person_detail", args=[jan.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_login_page_and_login_is_audited(client, users):
    assert client.get("/login/").status_code == 200
    response = client.post("/login/", {"username": "a-social_worker", "password": "pw-for-tests"})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="login", username="a-social_worker").exists()


@pytest.mark.parametrize("role", PERSON_ROLES)
def test_person_file_shows_identity_status_household_and_trail(client_for, jan, role):
    response = client_for("a", role).get(reverse("person_detail", args=[jan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Peeters Jan" in html
    assert "85.07.30-033.28" in html  # INSZ as printed on Belgian documents
    assert "30/07/1985" in html  # Belgian date format
    assert 'id="statuses"' in html and 'id="households"' in html and 'id="trail"' in html
    assert AuditEntry.objects.filter(
        action="view", object_type="person", object_id=str(jan.pk), role=role
    ).exists()


@pytest.mark.parametrize("role", PERSON_ROLES + OTHER_ROLES)
def test_users_of_ocmw_b_get_404_for_a_person_of_a_and_it_is_audited(client_for, jan, role):
    response = client_for("b", role).get(reverse("person_detail", args=[jan.pk]))
    assert response.status_code in (403, 404)
    if role in PERSON_ROLES:
        assert response.status_code == 404
        assert AuditEntry.objects.filter(action="denied", object_id=str(jan.pk), role=role).exists()


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_roles_without_personal_data_are_refused_in_their_own_ocmw(client_for, jan, role):
    c = client_for("a", role)
    assert c.get(reverse("person_detail", args=[jan.pk])).status_code == 403
    assert c.get(reverse("person_search"), {"q": "peeters"}).status_code == 403
    assert c.get(reverse("person_create")).status_code == 403


def test_search_page_finds_by_name_and_insz(client_for, jan):
    c = client_for("a", Role.SOCIAL_WORKER)
    html = c.get(reverse("person_search"), {"q": "peet"}).content.decode()
    assert f"/persons/{jan.pk}/" in html
    html = c.get(reverse("person_search"), {"q": "85.07.30"}).content.decode()
    assert f"/persons/{jan.pk}/" in html
    fragment = c.get(
        reverse("person_search"), {"q": "peet"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in fragment and f"/persons/{jan.pk}/" in fragment


def test_search_of_ocmw_b_does_not_show_a_persons(client_for, jan):
    html = (
        client_for("b", Role.SOCIAL_WORKER)
        .get(reverse("person_search"), {"q": "peeters"})
        .content.decode()
    )
    assert f"/persons/{jan.pk}/" not in html


def _new_person_post(**over):
    data = {
        "insz": "85.07.30-033.28", "first_name": "Jan", "last_name": "Peeters",
        "birth_date": "1985-07-30", "sex": "M", "nationality": "BE", "language": "nl",
        "street": "Kerkstraat", "house_number": "1", "box": "", "postal_code": "3000",
        "municipality": "Leuven", "phone": "", "email": "", "status": "belgian",
        "status_from": "1985-07-30", "status_document": "",
    }  # fmt: skip
    data.update(over)
    return data


def test_register_person_through_the_form(client_for, ocmw_a):
    c = client_for("a", Role.SOCIAL_WORKER)
    response = c.post(reverse("person_create"), _new_person_post())
    person = Person.objects.get(insz="85073003328")
    assert response.status_code == 302 and response["Location"] == f"/persons/{person.pk}/"
    assert ResidenceStatus.objects.get(person=person).status == "belgian"


def test_bad_input_keeps_what_was_typed_names_the_field_and_saves_nothing(client_for, ocmw_a):
    c = client_for("a", Role.SOCIAL_WORKER)
    response = c.post(
        reverse("person_create"), _new_person_post(birth_date="1985-07-31", first_name="Janneke")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_insz-error"' in html
    assert 'value="Janneke"' in html  # nothing the user entered is lost
    assert Person.objects.count() == 0


def test_bad_input_message_is_in_french_for_a_french_user(client_for, ocmw_a):
    c = client_for("a", Role.SOCIAL_WORKER, language="fr")
    html = c.post(reverse("person_create"), _new_person_post(postal_code="30")).content.decode()
    assert 'lang="fr"' in html
    assert "A Belgian postal code has 4 digits." not in html


def test_edit_person_with_a_stale_version_keeps_the_input(client_for, jan):
    c = client_for("a", Role.SOCIAL_WORKER)
    url = reverse("person_edit", args=[jan.pk])
    form = {k: getattr(jan, k) for k in ["insz", "first_name", "last_name", "sex", "nationality",
            "language", "street", "house_number", "box", "postal_code", "municipality", "phone", "email"]}  # fmt: skip
    form["birth_date"] = "1985-07-30"
    assert c.post(url, form | {"street": "Molenstraat", "version": "1"}).status_code == 302
    response = c.post(url, form | {"street": "Vaartstraat", "version": "1"})
    assert response.status_code == 200
    assert 'value="Vaartstraat"' in response.content.decode()
    jan.refresh_from_db()
    assert jan.street == "Molenstraat"


def test_record_status_through_the_form(client_for, jan):
    c = client_for("a", Role.SOCIAL_WORKER)
    response = c.post(
        reverse("status_add", args=[jan.pk]), {"status": "eu_citizen", "valid_from": "2020-01-01"}
    )
    assert response.status_code == 302
    assert jan.statuses.filter(status="eu_citizen").exists()
    response = c.post(
        reverse("status_add", args=[jan.pk]),
        {"status": "stateless", "valid_from": "2019-01-01", "valid_until": "2020-03-01"},
    )
    assert response.status_code == 200 and 'id="id_valid_from-error"' in response.content.decode()


def test_household_change_page_moves_in_and_out(client_for, actor_a, household):
    from openocmw.registry import services
    from tests.conftest import person_data

    els = services.create_person(
        actor_a,
        person_data(
            first_name="Els",
            sex="F",
            birth_date=date(1987, 2, 2),
            insz=insz_for(date(1987, 2, 2), 2),
        ),
    )
    c = client_for("a", Role.SOCIAL_WORKER)
    url = reverse("household_change", args=[household.pk])
    assert c.get(url).status_code == 200
    r = c.post(
        url,
        {
            "reason": "moved_in",
            "person_insz": els.insz,
            "relation": "partner",
            "date": "2020-01-01",
        },
    )
    assert r.status_code == 302
    assert Membership.objects.get(person=els).valid_from == date(2020, 1, 1)
    r = c.post(url, {"reason": "moved_out", "member": str(els.pk), "date": "2023-05-01"})
    assert r.status_code == 302
    assert Membership.objects.get(person=els).valid_until == date(2023, 4, 30)
    r = c.post(url, {"reason": "moved_in", "person_insz": "", "relation": "", "date": "2020-01-01"})
    html = r.content.decode()
    assert 'id="id_person_insz-error"' in html and 'id="id_relation-error"' in html


def test_household_of_another_ocmw_is_404(client_for, household):
    assert (
        client_for("b", Role.SOCIAL_WORKER)
        .get(reverse("household_change", args=[household.pk]))
        .status_code
        == 404
    )


def test_found_household_from_the_person_file(client_for, actor_a):
    from openocmw.registry import services
    from tests.conftest import person_data

    p = services.create_person(actor_a, person_data())
    r = client_for("a", Role.SOCIAL_WORKER).post(
        reverse("household_found", args=[p.pk]), {"valid_from": "2020-02-01"}
    )
    assert r.status_code == 302
    assert Membership.objects.get(person=p).relation == "reference"


def test_security_adviser_browses_and_filters_the_audit_log_of_their_ocmw_only(
    client_for, actor_a, actor_b, jan
):
    from openocmw.accounts import audit

    audit.record(actor_b, "view", object_type="person", object_id=999, subject_person_id=999)
    c = client_for("a", Role.SECURITY_ADVISER)
    html = c.get(reverse("audit_log")).content.decode()
    assert "a-social_worker" in html and "b-social_worker" not in html
    html = c.get(reverse("audit_log"), {"action": "create", "person": str(jan.pk)}).content.decode()
    assert "a-social_worker" in html
    html = c.get(reverse("audit_log"), {"person": "abc"}).content.decode()
    assert 'role="alert"' in html


@pytest.mark.parametrize(
    "role", [Role.SOCIAL_WORKER, Role.TEAM_LEAD, Role.OCMW_ADMIN, Role.FEDERAL_INSPECTOR]
)
def test_only_the_security_adviser_sees_the_audit_log(client_for, role):
    assert client_for("a", role).get(reverse("audit_log")).status_code == 403


def test_switch_ocmw_only_to_own_memberships(client, users, ocmw_b, jan):
    from openocmw.accounts.models import Membership as M

    user = users[("a", Role.SOCIAL_WORKER)]
    second = M.objects.create(user=user, ocmw=ocmw_b, role=Role.SOCIAL_WORKER)
    client.force_login(user)
    assert client.get(reverse("person_detail", args=[jan.pk])).status_code == 200
    client.post(reverse("switch_ocmw"), {"membership": second.pk})
    assert client.get(reverse("person_detail", args=[jan.pk])).status_code == 404
    foreign = users[("b", Role.TEAM_LEAD)].memberships.get()
    client.post(reverse("switch_ocmw"), {"membership": foreign.pk})
    assert client.get(reverse("home")).context["actor"].membership == second


def test_language_switch_to_french(client_for, jan):
    c = client_for("a", Role.SOCIAL_WORKER, language="nl")
    c.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    html = c.get(reverse("person_detail", args=[jan.pk])).content.decode()
    assert '<html lang="fr">' in html
    assert "30/07/1985" in html


def test_login_uses_the_users_language_unless_the_browser_chose_one(client, users):
    # users of OCMW B prefer French (tests/conftest.py)
    r = client.post("/login/", {"username": "b-social_worker", "password": "pw-for-tests"})
    assert r.cookies["django_language"].value == "fr"
    assert '<html lang="fr">' in client.get("/").content.decode()
    other = type(client)()
    other.cookies["django_language"] = "nl"
    r = other.post("/login/", {"username": "b-social_worker", "password": "pw-for-tests"})
    assert "django_language" not in r.cookies


def test_ids_from_1000_on_are_never_grouped_in_links_and_forms(client_for, actor_a, jan):
    """A thousands separator in an id ("1.234") breaks links and hidden fields."""
    from openocmw.registry.models import Household

    Household.objects.create(id=1234, ocmw_id=actor_a.ocmw_id, reference_person=jan)
    html = (
        client_for("a", Role.SOCIAL_WORKER)
        .get(reverse("household_change", args=[1234]))
        .content.decode()
    )
    assert "?household=1234" in html and "1.234" not in html


@pytest.mark.parametrize(
    "role, links",
    [
        (Role.OCMW_ADMIN, ["/register/", "/gpmi/statistics/"]),
        (Role.FEDERAL_INSPECTOR, ["/gpmi/statistics/"]),
    ],
)
def test_home_of_roles_without_personal_data_leads_to_their_aggregates(client_for, role, links):
    html = client_for("a", role).get("/").content.decode()
    for link in links:
        assert f'href="{link}"' in html
    if role == Role.FEDERAL_INSPECTOR:
        assert 'href="/register/"' not in html
