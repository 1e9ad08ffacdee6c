"""Monthly payment runs: start (a job), compute, approve (the team lead), the SEPA file.

Safety against paying twice: one run per OCMW and month (a unique constraint, a field error
``month``), one payment per decision and month (unique), and the computation of an OCMW's runs
is serialised by a row lock on the OCMW, so two runs started at once never interleave.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.models import Ocmw
from openocmw.accounts.tenancy import Actor, require, scope
from openocmw.casework.models import Decision

from ..models import (
    Art60Contract,
    BankAccount,
    ClaimOrigin,
    ClaimState,
    LineKind,
    LineStatus,
    Payment,
    PaymentRun,
    Recovery,
    RecoveryClaim,
    RunState,
    Suspension,
)
from . import due as due_mod
from .banking import account_problem, plausible_iban
from .recovery import plan_deductions

FINANCIAL_AID = ("leefloon", "equivalent_leefloon")
BATCH = 5000


def start_run(actor: Actor, month: date, execution_date: date | None = None) -> PaymentRun:
    """Record the run of ``month`` and queue its computation (job ``finance.payment_run``)."""
    from openocmw.jobs.services import enqueue

    require(actor, "finance.run")
    month = month.replace(day=1)
    execution_date = execution_date or month
    errors = {}
    runs = PaymentRun.objects.filter(ocmw_id=actor.ocmw_id).exclude(state=RunState.FAILED)
    if runs.filter(month=month).exists():
        errors["month"] = [_("This month has already been paid (or is being paid).")]
    elif runs.filter(month__gt=month).exists():
        errors["month"] = [_("A later month has already been paid: runs go month by month.")]
    if execution_date < month.replace(day=1) - due_mod.timedelta(days=31):
        errors["execution_date"] = [_("The execution date is too far before the month.")]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            PaymentRun.objects.filter(ocmw_id=actor.ocmw_id, month=month, state="failed").delete()
            run = PaymentRun.objects.create(
                ocmw_id=actor.ocmw_id, month=month, execution_date=execution_date,
                started_by=actor.user,
            )  # fmt: skip
            audit.record(
                actor, "create", object_type="payment_run", object_id=run.pk,
                purpose="payment run", detail={"month": month.isoformat()},
            )  # fmt: skip
            job = enqueue("finance.payment_run", actor=actor, key=f"payments:{run.pk}",
                          run_id=run.pk)  # fmt: skip
            PaymentRun.objects.filter(pk=run.pk).update(job=job)
    except IntegrityError:
        raise ValidationError(
            {"month": [_("This month has already been paid (or is being paid).")]}
        ) from None
    run.refresh_from_db()
    return run


def _chains(ocmw_id: int, month_end: date) -> dict[int, list]:
    """Every financial decision chain of the OCMW decided by ``month_end``: root -> rows."""
    rows = list(
        Decision.objects.filter(
            ocmw_id=ocmw_id, aid_kind__in=FINANCIAL_AID, decided_on__lte=month_end
        ).values_list(
            "pk",
            "replaces_id",
            "version",
            "kind",
            "effective_from",
            "effective_until",
            "monthly_amount",
            "person_id",
            "aid_kind",
            "created_at",
            "decided_on",
        )  # fmt: skip
    )
    parent = {r[0]: r[1] for r in rows}
    root_of: dict[int, int] = {}

    def root(pk: int) -> int:
        if parent[pk] is None:
            return pk  # a first version: its own chain (most decisions)
        path = []
        while pk in parent and parent[pk] is not None and pk not in root_of:
            path.append(pk)
            pk = parent[pk]
        r = root_of.get(pk, pk)
        for p in path:
            root_of[p] = r
        root_of[pk] = r
        return r

    chains: dict[int, list] = defaultdict(list)
    for r in rows:
        chains[root(r[0])].append(r)
    return chains


def _gaps(ocmw_id: int, chain_ids, start: date, end: date) -> dict[int, list]:
    gaps: dict[int, list] = defaultdict(list)
    for chain_id, a, b in Suspension.objects.filter(
        ocmw_id=ocmw_id, start__lte=end, end__gte=start
    ).values_list("chain_id", "start", "end"):
        gaps[chain_id].append((a, b))
    return gaps


def _employment(ocmw_id: int, start: date, end: date) -> dict[int, list]:
    out: dict[int, list] = defaultdict(list)
    for person_id, a, b in Art60Contract.objects.filter(
        ocmw_id=ocmw_id, start__lte=end, end__gte=start
    ).values_list("person_id", "start", "end"):
        out[person_id].append((a, b))
    return out


def _accounts(ocmw_id: int, on: date) -> dict[int, tuple[str, str]]:
    out = {}
    for person_id, iban, bic in (
        BankAccount.objects.filter(ocmw_id=ocmw_id, valid_from__lte=on)
        .order_by("person_id", "valid_from", "pk")
        .values_list("person_id", "iban", "bic")
    ):
        out[person_id] = (iban, bic)  # the latest valid account wins
    return out


def compute(run_id: int, progress=None) -> dict:
    """Compute the lines of run ``run_id``. Idempotent: a run already computed is left alone,
    and a computation killed half-way left nothing (one transaction)."""
    with transaction.atomic():
        run = PaymentRun.objects.get(pk=run_id)
        Ocmw.objects.select_for_update().get(pk=run.ocmw_id)  # one computation per OCMW
        run = PaymentRun.objects.select_for_update().get(pk=run_id)
        if run.state != RunState.COMPUTING:
            return {"lines": run.lines, "total": str(run.total), "skipped": True}
        result = _compute(run, progress)
    return result


def _compute(run: PaymentRun, progress) -> dict:
    month = run.month
    first, last = due_mod.month_bounds(month)
    previous = (
        PaymentRun.objects.filter(ocmw_id=run.ocmw_id, month__lt=month)
        .exclude(state=RunState.FAILED).order_by("-month").first()
    )  # fmt: skip
    since = previous.started_at if previous else None
    seen_until = due_mod.month_bounds(previous.month)[1] if previous else None
    chains = _chains(run.ocmw_id, last)
    # the earliest day any chain may owe (arrears reach back to a chain's first paying month)
    earliest = min((r[4] for rows in chains.values() for r in rows), default=first)
    retro_start = min(earliest.replace(day=1), month)
    gaps = _gaps(run.ocmw_id, chains, retro_start, last)
    employed = _employment(run.ocmw_id, retro_start, last)
    dirty: set[int] = set()
    if since is None:
        # the OCMW's first run: every chain is seen for the first time and gets its arrears
        dirty = set(chains)
    else:
        dirty |= set(
            Suspension.objects.filter(ocmw_id=run.ocmw_id, created_at__gte=since)
            .values_list("chain_id", flat=True)
        )  # fmt: skip
        dirty_people = set(
            Art60Contract.objects.filter(ocmw_id=run.ocmw_id, created_at__gte=since)
            .values_list("person_id", flat=True)
        )  # fmt: skip
        for root, rows in chains.items():
            # a version recorded since the previous run, or one the previous run could not
            # see yet (decided after its month): the chain is recomputed from its first month
            if rows[0][7] in dirty_people or any(r[9] >= since or r[10] > seen_until for r in rows):
                dirty.add(root)
    paid: dict[tuple[int, date], Decimal] = defaultdict(Decimal)
    claimed: dict[tuple[int, date], Decimal] = defaultdict(Decimal)
    done: set[tuple[int, date]] = set()
    if dirty and since is not None:
        for chain_id, m, decision_id, gross in Payment.objects.filter(
            ocmw_id=run.ocmw_id, chain_id__in=dirty, month__lt=month
        ).values_list("chain_id", "month", "decision_id", "gross"):
            paid[(chain_id, m)] += gross
            done.add((decision_id, m))
        for chain_id, m, amount in RecoveryClaim.objects.filter(
            ocmw_id=run.ocmw_id, chain_id__in=dirty, origin=ClaimOrigin.REVISION
        ).values_list("chain_id", "period_start", "amount"):
            claimed[(chain_id, m.replace(day=1))] += amount

    lines: list[Line] = []
    overpaid: list[tuple[int, int, date, Decimal]] = []
    total_chains = len(chains)
    for n, (root, rows) in enumerate(chains.items(), 1):
        versions = [due_mod.Version(r[0], r[2], r[3], r[4], r[5], r[6]) for r in rows]
        person_id, aid_kind = rows[0][7], rows[-1][8]
        latest = max(rows, key=lambda r: r[2])[0]
        chain_gaps = gaps.get(root, []) + employed.get(person_id, [])
        d = due_mod.due_for_month(versions, month, chain_gaps)
        if d.amount > 0:
            lines.append(_line(run, person_id, d.decision_id, root, month, LineKind.MONTH,
                               aid_kind, d.days, d.amount))  # fmt: skip
        if root in dirty:
            m = due_mod.first_month(versions) or month
            while m < month:
                dm = due_mod.due_for_month(versions, m, chain_gaps)
                diff = dm.amount - (paid[(root, m)] - claimed[(root, m)])
                if diff > 0:
                    decision_id = dm.decision_id or latest
                    if (decision_id, m) not in done:
                        lines.append(_line(run, person_id, decision_id, root, m,
                                           LineKind.DIFFERENCE, aid_kind, dm.days, diff))  # fmt: skip
                elif diff < 0:
                    overpaid.append((latest, root, m, -diff))
                m = due_mod.add_months(m, 1)
        if progress and n % 2000 == 0:
            progress(n, total_chains)

    _open_revision_claims(run, overpaid)
    _apply_accounts_and_deductions(run, lines)
    _insert(run, lines)
    _record_deductions(run, lines)
    moved = _take_over_held(run)
    totals = Payment.objects.filter(run=run).aggregate(
        s=Sum("net"), n=Count("pk"), held=Count("pk", filter=Q(status=LineStatus.HELD))
    )  # one read of the run's lines (they include those taken over)
    run.lines, run.held = totals["n"], totals["held"]
    run.total = totals["s"] or Decimal("0.00")
    run.state = RunState.COMPUTED
    run.computed_at = timezone.now()
    run.save(update_fields=["lines", "held", "total", "state", "computed_at"])
    audit.record(
        None, "calculate", object_type="payment_run", object_id=run.pk, purpose="payment run",
        ocmw_id=run.ocmw_id, username="payment run",
        detail={"lines": run.lines, "held": run.held, "total": str(run.total),
                "revision_claims": len(overpaid), "held_taken_over": moved},
    )  # fmt: skip
    if progress:
        progress(total_chains, total_chains)
    return {"lines": run.lines, "held": run.held, "total": str(run.total),
            "revision_claims": len(overpaid)}  # fmt: skip


class Line:
    """A payment line being computed: the columns of :class:`Payment` (same attribute names),
    without a model instance each (building 100,000 of them was half the CPU of a first run)."""

    __slots__ = ("run_id", "ocmw_id", "person_id", "decision_id", "chain_id", "month", "kind",
                 "aid_kind", "days", "gross", "deducted", "net", "status", "iban", "bic",
                 "end_to_end_id", "pk")  # fmt: skip

    def __init__(self, run_id, ocmw_id, person_id, decision_id, chain_id, month, kind, aid_kind,
                 days, gross):  # fmt: skip
        self.run_id, self.ocmw_id, self.person_id = run_id, ocmw_id, person_id
        self.decision_id, self.chain_id, self.month, self.kind = decision_id, chain_id, month, kind
        self.aid_kind, self.days, self.gross, self.net = aid_kind, days, gross, gross
        self.deducted = ZERO
        self.status = READY
        self.iban = self.bic = ""
        self.end_to_end_id = f"OCMW-{decision_id}-{month.year:04d}{month.month:02d}"
        self.pk = None


ZERO = Decimal("0.00")
READY, HELD = str(LineStatus.READY.value), str(LineStatus.HELD.value)


def _line(run, person_id, decision_id, root, month, kind, aid_kind, days, gross) -> Line:
    return Line(run.pk, run.ocmw_id, person_id, decision_id, root, month, str(kind), aid_kind,
                days, gross)  # fmt: skip


PAYMENT_FIELDS = [f for f in Payment._meta.concrete_fields if not f.primary_key]


def _insert(run: PaymentRun, lines: list) -> None:
    """Insert the lines in bulk: COPY on PostgreSQL, one executemany per batch on SQLite (the
    ORM's per-object preparation was the bottleneck of a 100,000-line run). The lines with a
    deduction then get their ids (one query: the recoveries point at them)."""
    insert_rows(_rows(lines))
    if any(line.deducted for line in lines):
        ids = {
            (d, m): pk
            for d, m, pk in Payment.objects.filter(run_id=run.pk, deducted__gt=0)
            .values_list("decision_id", "month", "pk")
        }  # fmt: skip
        for line in lines:
            if line.deducted:
                line.pk = ids[(line.decision_id, line.month)]


def _rows(lines):
    attnames = [f.attname for f in PAYMENT_FIELDS]
    return ([getattr(line, a) for a in attnames] for line in lines)


def insert_rows(rows) -> None:
    """Insert rows of Payment's columns (in ``PAYMENT_FIELDS`` order) in bulk. Also the floor
    the benchmark compares a run with: the same number of lines written without computing."""
    columns = ", ".join(connection.ops.quote_name(f.column) for f in PAYMENT_FIELDS)
    table = connection.ops.quote_name(Payment._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # only names from the model's metadata are formatted in; the values are streamed
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(PAYMENT_FIELDS))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 (names only)
        convert = [i for i, f in enumerate(PAYMENT_FIELDS)
                   if f.get_internal_type() in ("DecimalField", "DateField")]  # fmt: skip
        batch = []
        for row in rows:
            for i in convert:
                row[i] = str(row[i])  # as Django's SQLite backend stores them
            batch.append(row)
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def _open_revision_claims(run: PaymentRun, overpaid) -> None:
    """A retroactive revision that lowered a month already paid: a claim per month."""
    if not overpaid:
        return
    people = dict(Decision.objects.filter(pk__in=[o[0] for o in overpaid])
                  .values_list("pk", "person_id"))  # fmt: skip
    RecoveryClaim.objects.bulk_create(
        [
            RecoveryClaim(
                ocmw_id=run.ocmw_id,
                person_id=people[decision_id],
                decision_id=decision_id,
                chain_id=root,
                period_start=m,
                period_end=due_mod.month_bounds(m)[1],
                amount=amount,
                origin=ClaimOrigin.REVISION,
                reference=f"revision {m:%Y-%m}",
            )  # fmt: skip
            for decision_id, root, m, amount in overpaid
        ],
        ignore_conflicts=True,
    )


def _apply_accounts_and_deductions(run: PaymentRun, lines: list[Line]) -> None:
    accounts = _accounts(run.ocmw_id, run.execution_date)
    claims: dict[int, list] = defaultdict(list)
    for claim in RecoveryClaim.objects.filter(ocmw_id=run.ocmw_id, state=ClaimState.OPEN):
        claims[claim.person_id].append(claim)
    by_person: dict[int, list[Line]] = defaultdict(list)
    usable: dict[int, tuple[str, str] | None] = {}
    for line in lines:
        by_person[line.person_id].append(line)
        person_id = line.person_id
        if person_id not in usable:  # each account checked once, not once per line
            account = accounts.get(person_id)
            usable[person_id] = account if account and plausible_iban(account[0]) else None
        account = usable[person_id]
        if account is None:
            line.status = HELD
        else:
            line.iban, line.bic = account
    run._deductions = []
    for person_id, person_lines in by_person.items():
        open_claims = [c for c in claims.get(person_id, ()) if c.remaining > 0]
        if not open_claims:
            continue
        gross = sum((p.gross for p in person_lines), Decimal(0))
        for claim, amount in plan_deductions(open_claims, gross):
            left = amount
            for line in sorted(person_lines, key=lambda p: -p.net):
                take = min(left, line.net)
                if take <= 0:
                    continue
                line.deducted += take
                line.net -= take
                run._deductions.append((claim, line, take))
                left -= take
            claim.recovered += amount
            if claim.recovered >= claim.amount:
                claim.state = ClaimState.SETTLED


def _record_deductions(run: PaymentRun, lines) -> None:
    deductions = getattr(run, "_deductions", [])
    if not deductions:
        return
    Recovery.objects.bulk_create(
        [Recovery(claim=c, payment_id=line.pk, amount=a, on=run.execution_date)
         for c, line, a in deductions], batch_size=BATCH,
    )  # fmt: skip
    touched = {c.pk: c for c, _, _ in deductions}
    # one executemany, not bulk_update's CASE of thousands of branches
    table = connection.ops.quote_name(RecoveryClaim._meta.db_table)
    sqlite = connection.vendor == "sqlite"
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET recovered = %s, state = %s WHERE id = %s",  # noqa: S608
            [(str(c.recovered) if sqlite else c.recovered, str(c.state), c.pk)
             for c in touched.values()],
        )  # fmt: skip


def _take_over_held(run: PaymentRun) -> int:
    """Lines held in earlier approved runs (no valid account) whose person now has one."""
    accounts = _accounts(run.ocmw_id, run.execution_date)
    moved = 0
    for line in Payment.objects.filter(
        ocmw_id=run.ocmw_id, status=LineStatus.HELD, run__state=RunState.APPROVED
    ).exclude(run=run):
        account = accounts.get(line.person_id)
        if account is not None and not account_problem(*account):
            line.run, line.status = run, LineStatus.READY
            line.iban, line.bic = account
            line.save(update_fields=["run", "status", "iban", "bic"])
            moved += 1
    return moved


def runs_for(actor: Actor):
    require(actor, "finance.view")
    return scope(PaymentRun.objects.all(), actor)


def get_run(actor: Actor, pk) -> PaymentRun:
    require(actor, "finance.view")
    return audit.fetch(actor, PaymentRun.objects.all(), pk, object_type="payment_run",
                       purpose="payment run")  # fmt: skip


@transaction.atomic
def approve(actor: Actor, run: PaymentRun) -> PaymentRun:
    """The team lead approves a computed run; the SEPA file is then written and validated by
    the job ``finance.sepa_file`` (a 50,000-line file takes longer than a request should)."""
    from openocmw.jobs.services import enqueue

    from .sepa import payer_problem

    require(actor, "finance.approve")
    run = scope(PaymentRun.objects.select_for_update(), actor).get(pk=run.pk)
    if run.state != RunState.COMPUTED:
        raise ValidationError({"state": [_("Only a computed run can be approved.")]})
    if run.started_by_id == actor.user.pk:
        raise ValidationError(
            {"approved_by": [_("The run must be approved by someone other than who started it.")]}
        )
    problem = payer_problem(run.ocmw_id)
    if problem:
        raise ValidationError({"payer_account": [problem]})
    run.state = RunState.WRITING
    run.approved_by = actor.user
    run.approved_at = timezone.now()
    run.error = ""
    run.save(update_fields=["state", "approved_by", "approved_at", "error"])
    audit.record(
        actor, "update", object_type="payment_run", object_id=run.pk, purpose="payment run",
        detail={"approved": True, "total": str(run.total)},
    )  # fmt: skip
    job = enqueue("finance.sepa_file", actor=actor, key=f"sepa:{run.pk}", run_id=run.pk)
    PaymentRun.objects.filter(pk=run.pk).update(job=job)
    run.refresh_from_db()
    return run


def write_file(run_id: int) -> dict:
    """Write and validate the SEPA file of an approved run (the job). Idempotent; a line that
    cannot be paid puts the run back to "computed" with the reason, for a new approval."""
    from .sepa import build_transfer

    with transaction.atomic():
        run = PaymentRun.objects.select_for_update().get(pk=run_id)
        if run.state != RunState.WRITING:
            return {"skipped": True, "state": run.state}
        try:
            xml, message_id = build_transfer(run)
        except ValidationError as exc:
            run.state, run.approved_by, run.approved_at = RunState.COMPUTED, None, None
            run.error = "; ".join(exc.messages)[:2000]
            run.save(update_fields=["state", "approved_by", "approved_at", "error"])
            return {"refused": run.error}
        run.sepa_xml = xml
        run.sepa_sha256 = hashlib.sha256(xml).hexdigest()
        run.message_id = message_id
        run.state = RunState.APPROVED
        run.save(update_fields=["sepa_xml", "sepa_sha256", "message_id", "state"])
        audit.record(
            None, "create", object_type="sepa_file", object_id=run.pk, purpose="payment run",
            ocmw_id=run.ocmw_id, username="payment run",
            detail={"sha256": run.sepa_sha256, "lines": run.lines - run.held},
        )  # fmt: skip
    return {"sha256": run.sepa_sha256}


def sepa_file(actor: Actor, run: PaymentRun) -> bytes:
    require(actor, "finance.approve")
    if run.state != RunState.APPROVED or not run.sepa_xml:
        raise ValidationError({"state": [_("The transfer file exists once the run is approved.")]})
    audit.record(
        actor, "export", object_type="sepa_file", object_id=run.pk, purpose="payment run",
        detail={"sha256": run.sepa_sha256, "lines": run.lines - run.held},
    )  # fmt: skip
    return bytes(run.sepa_xml)
