"""The rights circle and the local proactive project (issue 12 §4; seed 003, study "Lokaal
proactief kader", Samenlevingsopbouw / HIVA-KU Leuven, after Sannen et al., 2007).

Seed 003: the nine phases "preventie, opsporen, benaderen, toeleiding, toegang, onthaal,
rechtendetectie, realiseren van rechten en nazorg" (l. 1029-1037), each scored 0-10 (l. 4174);
"De argumentatie achter de score is daarbij belangrijker dan het komen tot één gemiddelde
score" (l. 4210-4212); the project's four phases with deadlines (l. 2876-2904); feedback on the
signals to the target group (l. 3979-3985); the seven B's (l. 4566-4620).
"""

from __future__ import annotations

import subprocess
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from openocmw.accounts.models import Role
from openocmw.circle import services
from openocmw.circle.frameworks import RIGHTS_CIRCLE, SEVEN_BS, Framework, GroupKind
from openocmw.circle.models import Answer, Score, Signal, SteeringMember
from openocmw.circle.radar import radar_svg

from ..conftest import actor_of

SEED_ORDER = [
    "prevention", "detection", "approach", "referral", "access", "reception",
    "rights_detection", "realising_rights", "aftercare",
]  # fmt: skip


@pytest.fixture
def lead(users):
    return actor_of(users[("a", Role.TEAM_LEAD)])


@pytest.fixture
def lead_b(users):
    return actor_of(users[("b", Role.TEAM_LEAD)])


def scores_for(values: list[int], why: str = "omdat") -> dict:
    return {
        **{f"{code}-score": str(v) for code, v in zip(SEED_ORDER, values, strict=True)},
        **{f"{code}-justification": f"{why} {code}" for code in SEED_ORDER},
    }


@pytest.fixture
def circle(lead):
    return services.create_assessment(
        lead, framework=Framework.RIGHTS_CIRCLE, title="Rechtencirkel 2026",
        held_on=date(2026, 3, 1), previous=None,
    )  # fmt: skip


def group(a, kind):
    return a.groups.get(kind=kind)


def test_the_nine_phases_in_the_seeds_order_and_the_seven_bs():
    assert [i.code for i in RIGHTS_CIRCLE] == SEED_ORDER
    assert [i.code for i in SEVEN_BS] == [
        "affordability", "availability", "usability", "awareness", "reachability",
        "reliability", "understandability",
    ]  # fmt: skip


def test_an_assessment_starts_with_the_target_group_the_staff_and_the_policy_level(circle):
    assert sorted(g.kind for g in circle.groups.all()) == sorted(
        [GroupKind.TARGET_GROUP, GroupKind.STAFF, GroupKind.POLICY]
    )


@pytest.mark.parametrize("bad", ["11", "-1", "7.5", "zeven", "", " "])
def test_a_score_outside_0_10_or_not_whole_is_refused_naming_the_field(lead, circle, bad):
    data = scores_for([5] * 9)
    data["access-score"] = bad
    with pytest.raises(ValidationError) as exc:
        services.save_scores(lead, group(circle, GroupKind.STAFF), data)
    assert set(exc.value.message_dict) == {"access-score"}
    assert not Score.objects.exists()  # nothing saved


def test_a_phase_without_justification_is_refused(lead, circle):
    data = scores_for([5] * 9)
    data["aftercare-justification"] = "   "
    with pytest.raises(ValidationError) as exc:
        services.save_scores(lead, group(circle, GroupKind.STAFF), data)
    assert list(exc.value.message_dict) == ["aftercare-justification"]
    assert not Score.objects.exists()


def test_scores_0_and_10_are_allowed(lead, circle):
    services.save_scores(lead, group(circle, GroupKind.STAFF), scores_for([0, 10] + [5] * 7))
    assert Score.objects.filter(score=10).count() == 1


def test_gaps_are_flagged_and_justifications_kept_side_by_side(lead, circle):
    services.save_scores(
        lead, group(circle, GroupKind.TARGET_GROUP), scores_for([2] * 9, "doelgroep")
    )
    services.save_scores(lead, group(circle, GroupKind.STAFF), scores_for([8] + [3] * 8, "staf"))
    services.save_scores(lead, group(circle, GroupKind.POLICY), scores_for([6] + [4] * 8, "beleid"))
    res = services.result(circle)
    prevention = res["rows"][0]
    assert prevention.spread == 6 and prevention.gap
    assert [why for _g, _s, why in prevention.scores] == [
        "doelgroep prevention", "staf prevention", "beleid prevention",
    ]  # fmt: skip
    assert not any(r.gap for r in res["rows"][1:])  # 2, 3, 4: a spread of 2
    assert len(res["complete"]) == 3


def test_a_later_assessment_carries_the_earlier_scores(lead, circle):
    services.save_scores(lead, group(circle, GroupKind.STAFF), scores_for([3] * 9))
    later = services.create_assessment(
        lead, framework=Framework.RIGHTS_CIRCLE, title="2027", held_on=date(2027, 3, 1),
        previous=circle,
    )  # fmt: skip
    services.save_scores(lead, group(later, GroupKind.STAFF), scores_for([7] * 9))
    res = services.result(later)
    assert res["rows"][0].previous[str(group(circle, GroupKind.STAFF).name)] == 3
    with pytest.raises(ValidationError) as exc:
        services.create_assessment(
            lead, framework=Framework.SEVEN_BS, title="x", held_on=date(2027, 4, 1),
            previous=circle,
        )  # fmt: skip
    assert "previous" in exc.value.message_dict


def test_radar_has_one_polygon_per_group_and_the_earlier_one_dashed():
    labels = [str(i.label) for i in RIGHTS_CIRCLE]
    svg = radar_svg(
        labels,
        [
            {"name": "doelgroep", "values": [2] * 9, "colour": "#0072B2"},
            {"name": "staf", "values": [8, None] + [5] * 7, "colour": "#D55E00"},
            {"name": "staf (eerder)", "values": [4] * 9, "colour": "#D55E00", "earlier": True},
        ],
        title="Radar", description="Same as the table",
    )  # fmt: skip
    assert svg.count("<polygon") == 5 + 3  # five rings, three series
    assert svg.count('stroke-dasharray="6 4"') == 1
    assert 'role="img"' in svg and '<title id="radar-title">Radar</title>' in svg
    for label in labels:
        assert f">{label}<" in svg


def test_improvement_actions_need_a_phase_an_owner_and_a_deadline(lead, circle):
    with pytest.raises(ValidationError) as exc:
        services.save_action(lead, circle, {"item": "nowhere", "description": "", "owner": ""})
    assert set(exc.value.message_dict) == {"item", "description", "owner", "deadline"}
    action = services.save_action(
        lead, circle,
        {"item": "access", "description": "Open on Saturday", "owner": "Sociale dienst",
         "deadline": date(2026, 9, 1), "status": "in_progress"},
    )  # fmt: skip
    assert action.status == "in_progress" and circle.actions.count() == 1


def test_the_anonymous_questionnaire_fills_the_target_groups_scores(lead, circle):
    target = group(circle, GroupKind.TARGET_GROUP)
    link = services.open_questionnaire(lead, target, "Welzijnsschakel De Brug")
    with pytest.raises(ValidationError):
        services.open_questionnaire(lead, group(circle, GroupKind.STAFF), "x")
    answers = {f"{c}-score": "4" for c in SEED_ORDER}
    services.submit_questionnaire(link, answers | {"access-reason": "Lange wachtrij"})
    services.submit_questionnaire(link, {f"{c}-score": "8" for c in SEED_ORDER})
    services.submit_questionnaire(link, {f"{c}-score": "7" for c in SEED_ORDER})
    assert Answer.objects.filter(link=link).values("response").distinct().count() == 3
    access = target.scores.get(item="access")
    assert access.score == 7  # the median of 4, 7, 8
    assert "Lange wachtrij" in access.justification
    # Nothing about the respondent is stored: no name, address or IP address field exists.
    assert {f.name for f in Answer._meta.fields} == {
        "id",
        "link",
        "response",
        "item",
        "score",
        "reason",
    }
    with pytest.raises(ValidationError) as exc:
        services.submit_questionnaire(link, answers | {"access-score": "12"})
    assert list(exc.value.message_dict) == ["access-score"]
    # The group that answers through the partner cannot be overwritten by hand.
    with pytest.raises(ValidationError):
        services.save_scores(lead, target, scores_for([1] * 9))


def test_public_questionnaire_page_needs_no_login_and_knows_only_its_token(lead, circle):
    link = services.open_questionnaire(lead, group(circle, GroupKind.TARGET_GROUP), "De Brug")
    c = Client(HTTP_ACCEPT_LANGUAGE="nl")
    page = c.get(reverse("circle_questionnaire", args=[link.token]))
    assert page.status_code == 200
    assert "anoniem" in page.content.decode().lower()
    assert c.get(reverse("circle_questionnaire", args=["guess"])).status_code == 404
    bad = c.post(reverse("circle_questionnaire", args=[link.token]), {"access-score": "3"})
    assert bad.status_code == 400 and not Answer.objects.exists()
    good = c.post(
        reverse("circle_questionnaire", args=[link.token]),
        {f"{code}-score": "6" for code in SEED_ORDER},
    )
    assert good.status_code == 200 and Answer.objects.count() == 9


def test_steering_group_must_include_the_ocmw_and_a_target_group_organisation(lead):
    project = services.create_project(
        lead, "Lokaal proactief kader", {1: date(2026, 12, 31), 2: date(2027, 3, 31),
                                         3: date(2027, 9, 30), 4: date(2028, 9, 30)},
    )  # fmt: skip
    assert [p.number for p in project.phases.all()] == [1, 2, 3, 4]
    with pytest.raises(ValidationError) as exc:
        services.set_steering_group(lead, project, [("OCMW Leuven", "ocmw"), ("CAW", "service")])
    assert "steering" in exc.value.message_dict
    assert not SteeringMember.objects.exists()
    with pytest.raises(ValidationError):
        services.set_steering_group(lead, project, [("Welzijnsschakel", "target_group_org")])
    services.set_steering_group(
        lead, project, [("OCMW Leuven", "ocmw"), ("Welzijnsschakel", "target_group_org")]
    )
    assert project.steering.count() == 2


def test_project_phases_need_deadlines_in_order(lead):
    with pytest.raises(ValidationError) as exc:
        services.create_project(lead, "P", {1: date(2027, 1, 1), 2: date(2026, 1, 1), 3: None})
    assert set(exc.value.message_dict) == {"deadline_2", "deadline_3", "deadline_4"}


def test_a_decided_signal_needs_the_answer_given_back_to_the_target_group(lead):
    project = services.create_project(lead, "P", {n: date(2027, n, 1) for n in (1, 2, 3, 4)})
    base = {"raised_on": date(2026, 5, 1), "raised_by": "Dialooggroep", "text": "Te weinig uitleg"}
    signal = services.save_signal(lead, project, base)
    assert signal.status == "raised"
    with pytest.raises(ValidationError) as exc:
        services.save_signal(lead, project, base | {"status": "not_possible"}, signal)
    assert set(exc.value.message_dict) == {"answer", "answered_on"}
    services.save_signal(
        lead, project,
        base | {"status": "not_possible", "answer": "Geen budget dit jaar; volgend jaar",
                "answered_on": date(2026, 6, 1)},
        signal,
    )  # fmt: skip
    assert Signal.objects.get().answer.startswith("Geen budget")


def test_roles_and_ocmws(users, lead, lead_b, circle):
    worker = actor_of(users[("a", Role.SOCIAL_WORKER)])
    with pytest.raises(PermissionDenied):
        services.save_scores(worker, group(circle, GroupKind.STAFF), scores_for([5] * 9))
    assert not services.assessments(lead_b).filter(pk=circle.pk).exists()
    other = Client()
    other.force_login(users[("b", Role.TEAM_LEAD)])
    assert other.get(reverse("circle_assessment", args=[circle.pk])).status_code == 404
    inspector = Client()
    inspector.force_login(users[("a", Role.SECURITY_ADVISER)])
    assert inspector.get(reverse("circle_home")).status_code == 403


@pytest.mark.parametrize("lang", ["nl", "fr", "de"])
def test_pages_and_the_pdf_report(client_for, lead, circle, lang):
    services.save_scores(
        lead, group(circle, GroupKind.TARGET_GROUP), scores_for([2] * 9, "doelgroep")
    )
    services.save_scores(lead, group(circle, GroupKind.STAFF), scores_for([9] * 9, "staf"))
    services.save_action(
        lead, circle, {"item": "access", "description": "Zaterdag open", "owner": "Dienst",
                       "deadline": date(2026, 9, 1)},
    )  # fmt: skip
    c = client_for("a", Role.TEAM_LEAD, language=lang)
    html = c.get(reverse("circle_assessment", args=[circle.pk])).content.decode()
    assert "<svg" in html and 'id="scores"' in html and "staf prevention" in html
    assert html.count('class="gap"') == 9
    bad = c.post(
        reverse("circle_scores", args=[circle.pk, group(circle, GroupKind.POLICY).pk]),
        scores_for([5] * 8 + [15]),
    )
    assert bad.status_code == 400 and 'id="id_aftercare-score-error"' in bad.content.decode()
    assert 'value="15"' in bad.content.decode()  # what the user typed is kept
    pdf = c.get(reverse("circle_report", args=[circle.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True
    ).stdout.decode()
    assert (
        "Rechtencirkel 2026" in text and "Zaterdag open" in text and "doelgroep prevention" in text
    )


@pytest.mark.parametrize("lang", ["nl", "fr", "de"])
def test_every_circle_page_speaks_the_users_language(client_for, lead, circle, lang):
    from ..test_translations import assert_no_english

    services.save_scores(lead, group(circle, GroupKind.STAFF), scores_for([5] * 9))
    link = services.open_questionnaire(lead, group(circle, GroupKind.TARGET_GROUP), "De Brug")
    project = services.create_project(lead, "P", {n: date(2027, n, 1) for n in (1, 2, 3, 4)})
    c = client_for("a", Role.TEAM_LEAD, language=lang)
    urls = [
        reverse("circle_home"),
        reverse("circle_assessment", args=[circle.pk]),
        reverse("circle_scores", args=[circle.pk, group(circle, GroupKind.POLICY).pk]),
        reverse("circle_project", args=[project.pk]),
    ]
    for url in urls:
        response = c.get(url)
        assert response.status_code == 200, url
        assert_no_english(response.content.decode(), lang)
    public = Client(HTTP_ACCEPT_LANGUAGE=lang).get(
        reverse("circle_questionnaire", args=[link.token])
    )
    assert_no_english(public.content.decode(), lang)
    bad = c.post(
        reverse("circle_steering", args=[project.pk]),
        {"organisation": ["CAW"], "kind": ["service"]},
    )
    assert bad.status_code == 400
    assert_no_english(bad.content.decode(), lang)


def test_the_seven_bs_are_a_checklist_of_the_same_kind(lead):
    check = services.create_assessment(
        lead, framework=Framework.SEVEN_BS, title="Zeven B's", held_on=date(2026, 4, 1),
        previous=None,
    )  # fmt: skip
    codes = [i.code for i in SEVEN_BS]
    data = {f"{c}-score": "5" for c in codes} | {f"{c}-justification": "ok" for c in codes}
    services.save_scores(lead, group(check, GroupKind.STAFF), data)
    res = services.result(check)
    assert [r.item.code for r in res["rows"]] == codes
    with pytest.raises(ValidationError) as exc:  # a phase of the circle is not an item here
        services.save_action(
            lead, check,
            {"item": "prevention", "description": "x", "owner": "y", "deadline": date(2026, 5, 1)},
        )  # fmt: skip
    assert list(exc.value.message_dict) == ["item"]


def test_a_flood_of_answers_from_one_address_is_slowed_not_stored(lead, circle, settings):
    from django.core.cache import cache

    from openocmw.inputs import throttle

    cache.clear()
    link = services.open_questionnaire(lead, group(circle, GroupKind.TARGET_GROUP), "De Brug")
    c = Client(HTTP_ACCEPT_LANGUAGE="nl")
    answers = {f"{code}-score": "5" for code in SEED_ORDER}
    url = reverse("circle_questionnaire", args=[link.token])
    for _ in range(throttle.LIMIT):
        assert c.post(url, answers).status_code == 200
    refused = c.post(url, answers)
    assert refused.status_code == 429
    assert "Wacht enkele minuten" in refused.content.decode()
    assert link.responses == throttle.LIMIT  # the refused answer is not stored
    cache.clear()
