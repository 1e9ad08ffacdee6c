"""Job kinds of casework: the demo load (registry persons and their casework) as one job."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openocmw.accounts.models import Ocmw
from openocmw.circle import demo as circle_demo
from openocmw.circle.models import Assessment
from openocmw.jobs.kinds import kind
from openocmw.registry import demo as registry_demo
from openocmw.registry.models import Household, Person

from . import demo as casework_demo
from .models import AidRequest, Decision


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
