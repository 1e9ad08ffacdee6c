"""§2: the anonymous self-check, in two steps and a result (views).

Nothing is stored: no session, no cookie, no database row, no log line with the answers (they
travel in the POSTed form from step to step and to the result page). The views are exempt
from CSRF: they change nothing anywhere, so a forged post could only show its sender a
result; this keeps the self-check free of any cookie. The result page's hand-off to the online
first request carries the CSRF token for the form that receives it (package docstring).
"""

from __future__ import annotations

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from openocmw.rules.result import rule_title

from .common import page_context, public_page
from .selfcheck_forms import DetailsForm, HouseholdForm, field_html, labelled_errors, steps_from
from .selfcheck_rules import (  # noqa: F401  (the hand-off's interface, see the package)
    MAX_AGE,
    SIGNING_SALT,
    dumps,
    leefloon,
    load_answers,
    probable_rights,
)

HIDDEN_STEP1 = ("partner", "children", "others")


@csrf_exempt
@public_page
def questionnaire(request):
    """GET: step 1. POST: `step` 1 (household) -> step 2; `back` -> step 1; `edit` (from the
    result) -> step 2 with the answers; 2 -> the result, or step 2 with its errors."""
    context = page_context(request, "public:selfcheck")
    if request.method != "POST":
        return _step1(request, context, HouseholdForm(initial={"children": 0, "others": 0}))
    step = request.POST.get("step", "1")
    household, counts = steps_from(request.POST)
    if counts is None:
        return _step1(request, context, household, status=400)
    if "back" in request.POST:
        return _step1(request, context, household)
    if step in ("1", "edit"):
        return _step2(request, context, DetailsForm(initial=request.POST.dict(), **counts), counts)
    details = DetailsForm(request.POST, **counts)
    if not details.is_valid():
        return _step2(request, context, details, counts, status=400)
    return _result(request, context, details)


def _step1(request, context, form, status=200):
    carried = [(k, v) for k, v in request.POST.items() if k not in HIDDEN_STEP1 + ("step", "back")]
    context |= {
        "form": form,
        "errors": labelled_errors(form) if form.is_bound else [],
        "carried": carried,
    }
    return render(request, "public/selfcheck_step1.html", context, status=status)


def _step2(request, context, form, counts, status=200):
    people = [{"title": None, "names": ["age", "status"] + form.income_names("")}]
    if "family_allowance" in form.fields:
        people[0]["names"].append("family_allowance")
    if counts["partner"]:
        people.append(
            {"title": "partner", "names": ["partner_age"] + form.income_names("partner_")}
        )
    for i in range(counts["children"]):
        people.append({"title": "child", "n": i + 1, "names": [f"child{i}_age"]})
    for i in range(counts["others"]):
        names = [f"other{i}_relation", f"other{i}_age"] + form.income_names(f"other{i}_")
        people.append({"title": "other", "n": i + 1, "names": names})
    for person in people:  # the fields' HTML in Python: the include per field was the cost
        person["fields"] = [
            field_html(form[name], form.fields[name].localize) for name in person.pop("names")
        ]
    context |= {
        "form": form,
        "people": people,
        "counts": counts,
        "questions": [field_html(form["disability"]), field_html(form["debt_mediation"])],
        "errors": labelled_errors(form) if form.is_bound else [],
    }
    return render(request, "public/selfcheck_step2.html", context, status=status)


def _result(request, context, details):
    lang, on = request.lang, timezone.localdate()
    answers = details.answers()
    result = leefloon(answers, on)
    rights = probable_rights(request.ocmw, answers, on, lang)
    amount = None
    if result is not None:
        data = result.to_dict()
        amount = {
            "entitled": result.monthly_amount > 0,
            "monthly": result.monthly_amount,
            "right": data["right"][lang],
            "reason": data["right_reason"][lang],
            "category": data["category"][lang] if data["category"] else "",
            "summary": result.explanation["summary"][lang],
            "steps": [
                {
                    "text": step[lang],
                    "rule": rule_title(step["rule"], lang),
                    "href": step["rule"].get("href"),
                }
                for step in result.explanation["steps"]
            ],
            "warnings": [w[lang] for w in result.warnings],
        }
    handoff = dumps(
        answers,
        {
            "on": on.isoformat(),
            "lang": lang,
            "rights": [r["code"] for r in rights],
            "leefloon_monthly": f"{result.monthly_amount:.2f}" if result is not None else None,
        },
    )
    try:
        request_url = reverse("public:request", kwargs={"nis": request.ocmw.nis_code, "lang": lang})
    except NoReverseMatch:  # the online first request is not installed
        request_url = None
    kept = [(k, v) for k, v in request.POST.items() if k != "step"]
    context |= {
        "amount": amount,
        "rights": rights,
        "people": _people(answers),
        "handoff": handoff,
        "request_url": request_url,
        "kept": kept,
        "on": on,
    }
    return render(request, "public/selfcheck_result.html", context)


def _people(answers) -> list[str]:
    """Who is who, by position in the screening (0 is the person)."""
    from django.utils.translation import gettext as _

    out = [_("you")]
    if answers.partner is not None:
        out.append(_("your partner"))
    out += [_("your child of %(age)d") % {"age": age} for age in answers.children]
    out += [_("the adult of %(age)d living with you") % {"age": o.age} for o in answers.others]
    return out
