"""Job kinds of casework: the demo load (registry persons and their casework) as one job, and
the acknowledgement e-mail of an online request (sent, and sent again, by the worker)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openocmw.accounts.models import Ocmw
from openocmw.circle import demo as circle_demo
from openocmw.circle.models import Assessment
from openocmw.jobs.kinds import kind
from openocmw.jobs.models import ACTIVE, Job
from openocmw.registry import demo as registry_demo
from openocmw.registry.models import Household, Person

from . import demo as casework_demo
from . import online
from .models import AidRequest, Decision, OnlineRequest


def totals() -> dict:
    """What the demo OCMWs hold: the result of a demo load (the same after a retry)."""
    nis = [s["nis_code"] for s in registry_demo.OCMWS]
    ocmws = {o.pk: o.nis_code for o in Ocmw.objects.filter(nis_code__in=nis)}

    def per(model) -> dict[str, int]:
        rows = model.objects.filter(ocmw_id__in=ocmws).values("ocmw_id").annotate(n=Count("pk"))
        return {ocmws[r["ocmw_id"]]: r["n"] for r in rows}

    out = {"ocmws": len(ocmws)}
    out["circle_assessments"] = Assessment.objects.filter(ocmw_id__in=ocmws).count()
    for name, model in (("persons", Person), ("households", Household),
                        ("aid_requests", AidRequest), ("decisions", Decision)):  # fmt: skip
        by = per(model)
        out[name] = sum(by.values())
        out[f"{name}_by_ocmw"] = dict(sorted(by.items()))
    return out


def complete(persons: int, seed: int, requests_per_100_persons: float) -> bool:
    """True if a demo load with these arguments would add nothing."""
    if not registry_demo.complete(persons, seed) or not circle_demo.complete():
        return False
    if requests_per_100_persons <= 0:
        return True
    for ocmw in Ocmw.objects.filter(nis_code__in=[s["nis_code"] for s in registry_demo.OCMWS]):
        n = Person.objects.filter(ocmw=ocmw).count()
        have = AidRequest.objects.filter(ocmw=ocmw, replaces_decision__isnull=True).count()
        if have < round(n * requests_per_100_persons / 100):
            return False
    return True


@kind("demo.load", label=gettext_lazy("Demo data"), personal_data=True, max_attempts=5)
def demo_load(
    ctx,
    *,
    persons: int = 600,
    seed: int = 2026,
    requests_per_100_persons: float = casework_demo.DEFAULT_RATE,
    batch: int = 5000,
    pause: float = 0.0,
) -> dict:
    """Top the demo OCMWs up to ``persons`` persons, then their casework. Resumable: a retry
    (or a later load) skips what is stored and adds the rest (see ``registry.demo.load``)."""
    shares = registry_demo.targets(persons)
    rate = max(0.0, float(requests_per_100_persons))
    people = sum(shares.values())
    total = people + round(people * rate / 100)
    done: dict[str, int] = {}
    names = {s["key"]: s["name_nl"] for s in registry_demo.OCMWS}

    def persons_done(key: str, n: int, target: int) -> None:
        done[key] = n
        ctx.progress(
            sum(done.values()), total,
            _("%(ocmw)s: %(n)s of %(target)s persons") % {"ocmw": names[key], "n": n,
                                                          "target": target},
        )  # fmt: skip

    registry_demo.load(
        persons=persons, seed=seed, batch=max(1, int(batch)), progress=persons_done,
        step=ctx.step, pause=max(0.0, float(pause)),
    )  # fmt: skip
    if rate > 0:
        base, made = sum(done.values()), [0]

        def cases_done(name: str, counts: dict) -> None:
            made[0] += counts.get("aidrequest", 0)
            ctx.progress(
                min(total, base + made[0]), total, _("%(ocmw)s: casework") % {"ocmw": name}
            )

        ctx.progress(base, total, _("Casework"))
        casework_demo.load(
            seed=seed, requests_per_100_persons=rate, progress=cases_done, step=ctx.step
        )
    with ctx.step():  # the rights circle of each demo OCMW (issue 12 §4); skipped when there
        circle_demo.load()
    ctx.progress(total, total, _("Done"))
    return totals()


# --- the acknowledgement of an online request, by e-mail (issue 12 §3) -----------------------

# A request whose acknowledgement could not be sent is tried again for this long, this often.
RESEND_FOR = timedelta(days=2)
RESEND_ATTEMPTS = 5


@kind(
    online.ACKNOWLEDGEMENT_JOB,
    label=gettext_lazy("Acknowledgement of an online request by e-mail"),
    personal_data=True,
    permission="case.prepare",
)
def acknowledgement(ctx, *, online_id: int) -> dict:
    """Send the acknowledgement once: a request already acknowledged (a second delivery, a
    resend after all) is left alone. A mail server that refuses or does not answer makes the
    job fail with its error; :func:`resend_acknowledgements` queues it again."""
    req = OnlineRequest.objects.select_related("ocmw").filter(pk=online_id).first()
    if req is None or req.acknowledged_at is not None or not req.email:
        return {"sent": False}
    online.send_acknowledgement(req, fail_silently=False)
    return {"sent": True, "reference": req.reference}


@kind(
    "casework.acknowledgements_resend",
    label=gettext_lazy("Acknowledgements by e-mail not sent yet"),
    every=timedelta(minutes=10),
)
def resend_acknowledgements(ctx, **arguments) -> dict:
    """Queue again the acknowledgements that were not sent (the mail server was down), for
    requests of the last two days, at most five times each."""
    since = timezone.now() - RESEND_FOR
    queued = 0
    unsent = OnlineRequest.objects.filter(
        acknowledged_at__isnull=True, created_at__gte=since
    ).exclude(email="")
    for req in unsent.select_related("ocmw"):
        jobs = Job.objects.filter(kind=online.ACKNOWLEDGEMENT_JOB, key=f"ack:{req.pk}")
        if jobs.filter(status__in=ACTIVE).exists() or jobs.count() >= RESEND_ATTEMPTS:
            continue
        online.queue_acknowledgement(req)
        queued += 1
    return {"queued": queued}
