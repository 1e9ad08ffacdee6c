"""§1: the public rights explorer of one OCMW (no login, nothing about the visitor kept).

The rights are the OCMW's catalogue on today's date (`rights.selectors.catalogue_for`): the
federal, regional and community rights that apply where the OCMW lies and its own local rights,
each with the catalogue's own texts. Each right is turned once into plain data for the pages
(`cards`) and kept in the cache per OCMW, language, date and catalogue state (a new version of a
right, stored by the OCMW's administrator, changes the state): a page is then one query for the
OCMW, one for the state, and a template.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from openocmw.rights.catalogue_forms import AUTOMATION_LABELS, DOMAIN_LABELS
from openocmw.rights.local_rules import catalogue_state
from openocmw.rights.selectors import catalogue_for
from openocmw.rights.templatetags.rights_panel import LEVEL_LABELS
from openocmw.rules.rights.catalogue import DOMAINS, LEVELS
from openocmw.rules.rights.conditions import RIGHTS
from openocmw.rules.rights.local import describe

from .common import page_context, public_page
from .words import AUTOMATIC, DOCUMENTS, TARGET_GROUPS, words_for

CACHE_SECONDS = 3600
BROWSER_SECONDS = 300


def _text(texts: dict, lang: str) -> str:
    """A catalogue text in `lang`; Dutch where a local right has no German text."""
    return texts.get(lang) or texts.get("nl") or ""


def conditions_of(right, lang: str) -> list[str]:
    """The conditions in words: the encoded rule's conditions (their labels in the rules), or
    a local right's own conditions."""
    if right.local_conditions:
        return [describe(c, lang) for c in right.local_conditions.get("all", [])]
    rule = RIGHTS.get(right.code)
    if rule is None:
        return []
    return [condition.label(lang) for condition in rule.conditions]


def card(right, lang: str) -> dict:
    """One right in plain data for the pages (strings only: it is cached)."""
    status = right.automation["status"]
    return {
        "code": right.code,
        "name": right.name(lang),
        "level": right.level,
        "level_label": str(LEVEL_LABELS.get(right.level, right.level)),
        "domain": right.domain,
        "domain_label": str(DOMAIN_LABELS.get(right.domain, right.domain)),
        "groups": list(right.target_groups),
        "group_labels": [words_for(g, TARGET_GROUPS) for g in right.target_groups],
        "automatic": status in AUTOMATIC,
        "automation_label": str(AUTOMATION_LABELS.get(status, status)),
        "automation_reason": _text(right.automation.get("reason") or {}, lang),
        "conditions": conditions_of(right, lang),
        "to_check": [_text(item["reason"], lang) for item in right.not_checkable],
        "granted_by": _text(right.granted_by, lang),
        "how_to_apply": _text(right.how_to_apply, lang),
        "documents": [words_for(d, DOCUMENTS) for d in right.documents],
        "legal_basis": [
            {"reference": item["reference"], "url": item["url"]} for item in right.legal_basis
        ],
    }


def cards(ocmw, lang: str, on=None) -> list[dict]:
    """The OCMW's rights on `on` (default today) as cards, from the cache when it can."""
    return cards_and_key(ocmw, lang, on)[0]


def cards_and_key(ocmw, lang: str, on=None) -> tuple[list[dict], str]:
    """The cards and their cache key (it changes with the OCMW, the language, the day and
    the catalogue): the explorer keeps its rendered list under the same key."""
    on = on or timezone.localdate()
    state = ":".join(str(part) for part in catalogue_state(ocmw))
    where = f"{ocmw.pk}:{ocmw.region}:{ocmw.languages}"
    key = f"public:cards:{where}:{lang}:{on.isoformat()}:{state}"
    found = cache.get(key)
    if found is None:
        found = [card(right, lang) for right in catalogue_for(ocmw, on).values()]
        cache.set(key, found, CACHE_SECONDS)
    return found, key


FILTERS = ("domain", "group", "level", "automatic")


def _filter_choices(rows: list[dict]) -> dict:
    groups = {}
    for row in rows:
        for code, label in zip(row["groups"], row["group_labels"], strict=True):
            groups.setdefault(code, label)
    return {
        "domain": [(d, str(DOMAIN_LABELS[d])) for d in DOMAINS],
        "group": sorted(groups.items(), key=lambda kv: kv[1].lower()),
        "level": [(v, str(LEVEL_LABELS[v])) for v in LEVELS],
        "automatic": [("yes", _("yes")), ("no", _("no"))],
    }


FILTER_LABELS = {
    "domain": lambda: _("Theme"),
    "group": lambda: _("For whom"),
    "level": lambda: _("Level"),
    "automatic": lambda: _("Granted automatically"),
}


def _apply(rows: list[dict], chosen: dict) -> list[dict]:
    out = rows
    if chosen.get("domain"):
        out = [r for r in out if r["domain"] == chosen["domain"]]
    if chosen.get("group"):
        out = [r for r in out if chosen["group"] in r["groups"]]
    if chosen.get("level"):
        out = [r for r in out if r["level"] == chosen["level"]]
    if chosen.get("automatic"):
        wanted = chosen["automatic"] == "yes"
        out = [r for r in out if r["automatic"] is wanted]
    return out


@public_page(cache_seconds=BROWSER_SECONDS)
def catalogue(request):
    rows, key = cards_and_key(request.ocmw, request.lang)
    # The page holds nothing of the visitor: it is kept whole with the cards, per query
    # string and per state of the OCMW's own details (its name, address and hours are on the
    # page): most of its CPU was rendering the same page again (docs/benchmarks.md).
    ocmw = request.ocmw
    details = [getattr(ocmw, f.attname) for f in ocmw._meta.concrete_fields]
    page_key = (
        "public:explorer:"
        + hashlib.sha256(f"{key}|{request.GET.urlencode()}|{details}".encode()).hexdigest()
    )
    kept = cache.get(page_key)
    if kept is not None:
        return HttpResponse(kept)
    choices = _filter_choices(rows)
    chosen, errors = {}, {}
    for name in FILTERS:
        value = request.GET.get(name, "").strip()
        if not value:
            continue
        if value not in {code for code, _label in choices[name]}:
            errors[name] = _("“%(field)s”: choose one of the list.") % {
                "field": FILTER_LABELS[name]()
            }
        chosen[name] = value
    shown = rows if errors else _apply(rows, chosen)
    filters = [
        {
            "name": name,
            "label": FILTER_LABELS[name](),
            "choices": choices[name],
            "value": chosen.get(name, ""),
            "error": errors.get(name),
        }
        for name in FILTERS
    ]
    context = page_context(request, "public:explorer") | {
        "rows": shown,
        "total": len(rows),
        "filters": filters,
        "filtered": bool(chosen) and not errors,
        "errors": errors,
    }
    if errors:
        return render(request, "public/explorer.html", context, status=400)
    response = render(request, "public/explorer.html", context)
    cache.set(page_key, response.content, CACHE_SECONDS)
    return response


@public_page(cache_seconds=BROWSER_SECONDS)
def right(request, code: str):
    found = next((r for r in cards(request.ocmw, request.lang) if r["code"] == code), None)
    if found is None:
        raise Http404
    context = page_context(request, "public:explorer") | {"right": found}
    return render(request, "public/right.html", context)
