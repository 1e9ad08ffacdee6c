"""Issue 10 §1, the registry as social workers use it: a newborn without INSZ joins a household,
the warning of a likely duplicate before saving, and a search that counts, pages, formats the
INSZ, finds by first name and address, and keeps the query on the way back."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from openocmw.accounts.models import AuditEntry, Role
from openocmw.registry import services
from openocmw.registry.demo import insz_for
from openocmw.registry.models import Membership, Person
from tests.conftest import person_data


def _post(**over):
    data = {
        "insz": "", "first_name": "Jan", "last_name": "Peeters", "birth_date": "1985-07-30",
        "sex": "M", "nationality": "BE", "language": "nl", "street": "Kerkstraat",
        "house_number": "12", "box": "", "postal_code": "3000", "municipality": "Leuven",
        "phone": "", "email": "", "status": "belgian", "status_from": "1985-07-30",
        "status_document": "",
    }  # fmt: skip
    data.update(over)
    return data


# --- a newborn (no INSZ) joins a household ----------------------------------------------


def test_a_newborn_without_insz_is_registered_and_added_to_the_household(client_for, household):
    c = client_for("a", Role.SOCIAL_WORKER)
    today = timezone.localdate()
    page = c.get(reverse("person_create") + f"?household={household.pk}").content.decode()
    assert "Na de registratie wordt de persoon toegevoegd aan het gezin" in page
    born = today.isoformat()
    r = c.post(
        reverse("person_create"),
        _post(first_name="Lotte", sex="F", birth_date=born, status_from=born,
              household=str(household.pk)),
    )  # fmt: skip
    lotte = Person.objects.get(first_name="Lotte")
    assert lotte.insz == ""
    assert r.status_code == 302
    assert r["Location"] == reverse("household_change", args=[household.pk]) + f"?person={lotte.pk}"
    # The household form comes set to "moves in", dated today, for Lotte.
    html = c.get(r["Location"]).content.decode()
    assert "Lotte Peeters komt bij dit gezin" in html
    assert '<option value="moved_in" selected>' in html
    assert f'value="{today.isoformat()}"' in html
    assert f'name="person_id" value="{lotte.pk}"' in html
    r = c.post(
        reverse("household_change", args=[household.pk]),
        {"reason": "birth", "person_id": str(lotte.pk), "relation": "child", "date": born},
    )
    assert r.status_code == 302
    stay = Membership.objects.get(person=lotte)
    assert stay.household == household and stay.valid_from == today
    assert stay.start_reason == "birth" and stay.relation == "child"


def test_the_person_who_joins_must_be_of_the_ocmw(client_for, actor_b, household):
    stranger = services.create_person(actor_b, person_data(insz="", first_name="Zoé"))
    c = client_for("a", Role.SOCIAL_WORKER)
    url = reverse("household_change", args=[household.pk])
    assert c.get(url + f"?person={stranger.pk}").status_code == 404
    r = c.post(
        url, {"reason": "moved_in", "person_id": str(stranger.pk), "relation": "partner",
              "date": "2024-01-01"},
    )  # fmt: skip
    assert r.status_code == 404
    assert not Membership.objects.filter(person=stranger).exists()
    assert c.get(url + "?person=abc").status_code == 400


# --- likely duplicates --------------------------------------------------------------------


@pytest.mark.parametrize(
    "names",
    [
        {"first_name": "Jan", "last_name": "Peeters"},
        {"first_name": "Peeters", "last_name": "Jan"},  # name order
        {"first_name": "Jan", "last_name": "Peters"},  # a typo
        {"first_name": "Ján", "last_name": "PEETERS"},  # accents and case
    ],
)
def test_a_likely_duplicate_is_shown_before_saving_and_nothing_is_saved(client_for, jan, names):
    c = client_for("a", Role.SOCIAL_WORKER)
    r = c.post(reverse("person_create"), _post(**names))
    assert r.status_code == 200
    html = r.content.decode()
    assert 'id="duplicates"' in html
    assert f'href="/persons/{jan.pk}/"' in html and "85.07.30-033.28" in html
    assert 'name="different_person"' in html
    assert f'value="{names["first_name"]}"' in html  # what was typed is kept
    assert Person.objects.count() == 1
    check = AuditEntry.objects.get(purpose="duplicate check")
    assert check.detail == {"results": 1, "persons": [jan.pk]}


def test_the_worker_confirms_a_different_person_and_it_is_saved_and_audited(client_for, jan):
    c = client_for("a", Role.SOCIAL_WORKER)
    r = c.post(reverse("person_create"), _post(different_person="1"))
    assert r.status_code == 302
    other = Person.objects.exclude(pk=jan.pk).get()
    created = AuditEntry.objects.get(action="create", object_type="person", object_id=other.pk)
    assert created.detail == {"not_duplicate_of": [jan.pk]}


def test_with_an_insz_a_name_and_birth_date_match_is_also_shown(client_for, jan):
    c = client_for("a", Role.SOCIAL_WORKER)
    other_insz = insz_for(date(1985, 7, 30), 35)
    html = c.post(reverse("person_create"), _post(insz=other_insz)).content.decode()
    assert 'id="duplicates"' in html and Person.objects.count() == 1
    # The same INSZ is not a "likely" duplicate: it is refused, naming the field.
    html = c.post(reverse("person_create"), _post(insz=jan.insz)).content.decode()
    assert 'id="id_insz-error"' in html and 'id="duplicates"' not in html


def test_no_warning_for_another_birth_date(client_for, jan):
    c = client_for("a", Role.SOCIAL_WORKER)
    r = c.post(reverse("person_create"), _post(birth_date="1986-07-30", status_from="1986-07-30"))
    assert r.status_code == 302


# --- search -----------------------------------------------------------------------------


@pytest.fixture
def sixty(actor_a):
    """Sixty Peeters born on different days, one living at Molenstraat 7 in Heverlee."""
    persons = []
    for i in range(60):
        born = date(1960, 1, 1).replace(year=1960 + i % 40, day=1 + i % 28)
        persons.append(
            services.create_person(
                actor_a,
                person_data(
                    insz="",
                    first_name=f"Kind{i:02d}",
                    birth_date=born,
                    **(
                        {
                            "street": "Molenstraat",
                            "house_number": "7",
                            "postal_code": "3001",
                            "municipality": "Heverlee",
                        }
                        if i == 7
                        else {}
                    ),
                ),
            )  # fmt: skip
        )
    return persons


def test_search_counts_all_results_and_pages_through_them(client_for, sixty):
    c = client_for("a", Role.SOCIAL_WORKER)
    html = c.get("/persons/?q=peeters").content.decode()
    assert "60 personen gevonden" in html and "1 tot 25 getoond" in html
    assert "Pagina 1 van 3" in html and 'rel="next" href="?q=peeters&amp;page=2"' in html
    assert len(re.findall(r'href="/persons/\d+/', html)) == 25
    last = c.get("/persons/?q=peeters&page=3").content.decode()
    assert "51 tot 60 getoond" in last and len(re.findall(r'href="/persons/\d+/', last)) == 10
    assert 'rel="prev"' in last and 'rel="next"' not in last
    # Beyond the last page: the last page; a page that is not a number: a clear 400.
    assert "Pagina 3 van 3" in c.get("/persons/?q=peeters&page=99").content.decode()
    assert c.get("/persons/?q=peeters&page=abc").status_code == 400
    entry = AuditEntry.objects.filter(action="search").latest("seq")
    assert entry.detail["results"] == 60


def test_search_results_show_the_insz_formatted(client_for, jan):
    html = client_for("a", Role.SOCIAL_WORKER).get("/persons/?q=peeters").content.decode()
    assert "85.07.30-033.28" in html and "1 persoon gevonden" in html


def test_search_by_first_name_alone(client_for, jan, sixty):
    c = client_for("a", Role.SOCIAL_WORKER)
    html = c.get("/persons/?q=jan").content.decode()
    assert "Peeters Jan" in html and "1 persoon gevonden" in html
    assert "10 personen gevonden" in c.get("/persons/?q=kind0").content.decode()


def test_search_by_address(client_for, jan, sixty):
    c = client_for("a", Role.SOCIAL_WORKER)
    html = c.get("/persons/?street=molen&number=7").content.decode()
    assert "Peeters Kind07" in html and "1 persoon gevonden" in html
    assert 'id="address-search" open' in html and 'value="molen"' in html
    assert "Peeters Kind07" in c.get("/persons/?postcode=3001").content.decode()
    assert "Peeters Kind07" in c.get("/persons/?municipality=hever").content.decode()
    # With a name: both must hold.
    assert "61 personen" in c.get("/persons/?q=peeters&municipality=").content.decode()
    html = c.get("/persons/?q=peeters&postcode=3000").content.decode()
    assert "60 personen gevonden" in html  # Jan and 59 children at Kerkstraat 12, 3000
    assert (
        "Niemand gevonden op dit adres." in c.get("/persons/?street=Nergensstraat").content.decode()
    )


def test_the_search_is_in_the_url_and_the_person_file_leads_back_to_it(client_for, sixty):
    c = client_for("a", Role.SOCIAL_WORKER)
    html = c.get("/persons/?q=peeters&page=2").content.decode()
    person = sixty[0]
    link = f'href="/persons/{sixty[25].pk}/?q=peeters&amp;page=2"'
    assert link in html or "?q=peeters&amp;page=2" in html
    back = c.get(f"/persons/{person.pk}/?q=peeters&page=2").content.decode()
    assert '<a href="/persons/?q=peeters&amp;page=2" id="back-to-search">' in back
    # Only the search's own parameters come back; nothing else is echoed into the link.
    back = c.get(f"/persons/{person.pk}/?next=https://evil.example/").content.decode()
    assert 'id="back-to-search"' not in back and 'href="https://evil' not in back


def test_the_live_search_answers_its_results_and_a_history_restore_the_whole_page(client_for, jan):
    c = client_for("a", Role.SOCIAL_WORKER)
    partial = c.get("/persons/?q=pee", HTTP_HX_REQUEST="true").content.decode()
    assert "Peeters Jan" in partial and "<html" not in partial
    whole = c.get(
        "/persons/?q=pee", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    ).content.decode()
    assert "<html" in whole and 'value="pee"' in whole
    page = c.get("/persons/").content.decode()
    assert 'hx-push-url="true"' in page and 'method="get"' in page
