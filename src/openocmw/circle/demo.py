"""Demo data of the rights circle: per demo OCMW a rights circle of last year and this year's,
drawn over it, scored by the target group, the staff and the policy level, with the reasons
in the OCMW's language, and improvement actions on the phases where the groups differ most.

Loaded by the demo job (``casework.jobs.demo_load``) after the casework. Idempotent: an OCMW
that already has the demo assessments is left alone. The scores follow the pattern the seed's
study reports (the staff and the policy level see the OCMW as more proactive than the target
group does, most of all in detection and approach); they are demo values, not measurements.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import translation

from openocmw.accounts.models import Membership, Ocmw, Role
from openocmw.accounts.tenancy import Actor

from . import services
from .frameworks import RIGHTS_CIRCLE, Framework, GroupKind
from .models import Assessment

TITLES = {
    "nl": ("Rechtencirkel {year} (demo)", "Rechtencirkel {year} met het lokaal netwerk (demo)"),
    "fr": (
        "Cercle des droits {year} (démo)",
        "Cercle des droits {year} avec le réseau local (démo)",
    ),
}

# Per group: one score per phase, in the seed's order (prevention ... aftercare), last year.
EARLIER = {
    GroupKind.TARGET_GROUP: [3, 2, 2, 4, 4, 5, 4, 5, 2],
    GroupKind.STAFF: [5, 6, 5, 6, 7, 7, 6, 7, 4],
    GroupKind.POLICY: [6, 7, 6, 6, 8, 7, 7, 7, 5],
}
# This year: the actions on detection and approach brought the target group's view closer.
LATER = {
    GroupKind.TARGET_GROUP: [4, 4, 5, 5, 5, 6, 5, 6, 3],
    GroupKind.STAFF: [6, 6, 6, 6, 7, 7, 7, 7, 5],
    GroupKind.POLICY: [6, 7, 6, 7, 8, 7, 7, 7, 6],
}

WHY = {
    "nl": {
        GroupKind.TARGET_GROUP: "Gesprek met de bezoekers van het buurtrestaurant: {phase} is "
        "voor hen {level}.",
        GroupKind.STAFF: "Teamoverleg maatschappelijk werkers: voor {phase} nemen we "
        "{level} initiatief.",
        GroupKind.POLICY: "Bijzonder comité: het beleid rond {phase} is {level}.",
    },
    "fr": {
        GroupKind.TARGET_GROUP: "Rencontre avec les usagers du restaurant social : pour eux, "
        "{phase} est {level}.",
        GroupKind.STAFF: "Réunion d'équipe des assistants sociaux : pour {phase}, nous prenons "
        "{level} d'initiatives.",
        GroupKind.POLICY: "Comité spécial : la politique en matière de {phase} est {level}.",
    },
}
LEVELS = {
    "nl": ((3, "zwak"), (6, "matig"), (11, "sterk")),
    "fr": ((3, "faible"), (6, "moyen"), (11, "forte")),
}
ACTIONS = {
    "nl": [
        ("detection", "Signalen van huisartsen en scholen opvolgen via een vast meldpunt.",
         "Teamleider sociale dienst", 120, "in_progress"),
        ("approach", "Wekelijkse zitdag in het buurthuis, zonder afspraak.",
         "Dienst onthaal", 60, "done"),
        ("aftercare", "Na drie maanden een opvolggesprek na elke toekenning.",
         "Maatschappelijk werkers", 240, "planned"),
    ],
    "fr": [
        ("detection", "Suivre les signalements des médecins et des écoles par un point de "
         "contact fixe.", "Responsable du service social", 120, "in_progress"),
        ("approach", "Permanence hebdomadaire à la maison de quartier, sans rendez-vous.",
         "Service d'accueil", 60, "done"),
        ("aftercare", "Un entretien de suivi trois mois après chaque octroi.",
         "Assistants sociaux", 240, "planned"),
    ],
}  # fmt: skip


def _demo_assessments():
    return Assessment.objects.filter(Q(title__endswith="(demo)") | Q(title__endswith="(démo)"))


def _level(language: str, score: int) -> str:
    return next(word for limit, word in LEVELS[language] if score < limit)


def _scores(language: str, kind: str, values: list[int]) -> dict:
    data = {}
    with translation.override(language):
        for item, score in zip(RIGHTS_CIRCLE, values, strict=True):
            data[f"{item.code}-score"] = score
            data[f"{item.code}-justification"] = WHY[language][kind].format(
                phase=str(item.label), level=_level(language, score)
            )
    return data


def _lead(ocmw: Ocmw) -> Actor | None:
    membership = (
        Membership.objects.select_related("user", "ocmw")
        .filter(ocmw=ocmw, role__in=[Role.TEAM_LEAD, Role.OCMW_ADMIN])
        .order_by("role", "pk")
        .first()
    )
    return Actor(user=membership.user, membership=membership) if membership else None


def load_ocmw(ocmw: Ocmw, language: str, today: date) -> int:
    """The demo assessments of ``ocmw``; how many were created (0 when already there)."""
    language = language if language in TITLES else "nl"
    titles = [
        TITLES[language][0].format(year=today.year - 1),
        TITLES[language][1].format(year=today.year),
    ]
    if _demo_assessments().filter(ocmw=ocmw).exists():
        return 0
    actor = _lead(ocmw)
    if actor is None:
        return 0
    with transaction.atomic():
        previous = None
        for title, held_on, table in (
            (titles[0], today - timedelta(days=365), EARLIER),
            (titles[1], today - timedelta(days=30), LATER),
        ):
            a = services.create_assessment(
                actor, framework=Framework.RIGHTS_CIRCLE, title=title, held_on=held_on,
                previous=previous,
            )  # fmt: skip
            for group in a.groups.all():
                services.save_scores(actor, group, _scores(language, group.kind, table[group.kind]))
            previous = a
        for item, text, owner, days, status in ACTIONS[language]:
            services.save_action(
                actor, previous,
                {"item": item, "description": text, "owner": owner,
                 "deadline": previous.held_on + timedelta(days=days), "status": status},
            )  # fmt: skip
    return 2


def load(today: date | None = None) -> dict[str, int]:
    """The demo assessments of every demo OCMW (those that exist); created per NIS code."""
    from django.utils import timezone

    from openocmw.registry.demo import OCMWS

    today = today or timezone.localdate()
    out = {}
    for spec in OCMWS:
        ocmw = Ocmw.objects.filter(nis_code=spec["nis_code"]).first()
        if ocmw is not None:
            out[spec["nis_code"]] = load_ocmw(ocmw, spec["language"], today)
    return out


def complete() -> bool:
    """True if every demo OCMW has a rights circle (a demo load would add nothing here)."""
    from openocmw.registry.demo import OCMWS

    nis = [s["nis_code"] for s in OCMWS]
    have = set(
        _demo_assessments().filter(ocmw__nis_code__in=nis).values_list("ocmw__nis_code", flat=True)
    )
    return have >= set(Ocmw.objects.filter(nis_code__in=nis).values_list("nis_code", flat=True))
