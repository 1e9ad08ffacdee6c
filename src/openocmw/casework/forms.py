from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from openocmw.inputs.forms import CheckedForm
from openocmw.registry.forms import DateInput
from openocmw.registry.models import Relation, ResidenceStatusCode

from .models import (
    AidKind,
    Channel,
    DecisionKind,
    ItemStatus,
    LetterKind,
    OtherAid,
    Outcome,
    RefusalReason,
)

YES_NO = [("", "—"), ("yes", _("yes")), ("no", _("no"))]
RESOURCE_KINDS = [
    ("wages", _("wages")),
    (
        "activation_employment",
        _("wages of an art. 60, §7 employment or another activation measure"),
    ),
    ("self_employment", _("income from self-employment")),
    ("vocational_training", _("vocational training allowance")),
    ("unemployment_benefit", _("unemployment benefit")),
    ("sickness_benefit", _("sickness or disability benefit")),
    ("pension", _("pension")),
    ("other_benefit", _("other benefit")),
    ("maintenance", _("maintenance")),
    ("maintenance_for_children", _("maintenance for the children")),
    ("family_allowance", _("family allowances")),
    ("study_grant", _("study grant")),
    ("entry_traineeship", _("entry traineeship allowance")),
    ("artistic", _("artistic income")),
    ("other", _("other income")),
]
PERIODS = [("month", _("per month")), ("year", _("per year"))]
MEMBER_RELATIONS = [c for c in Relation.choices if c[0] != Relation.REFERENCE]


def yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class RequestForm(CheckedForm):
    received_on = forms.DateField(label=_("date of the request"), widget=DateInput())
    kind = forms.ChoiceField(label=_("kind of aid"), choices=AidKind.choices)
    other_aid = forms.ChoiceField(
        label=_("which other aid"), choices=[("", "—"), *OtherAid.choices], required=False
    )
    description = forms.CharField(
        label=_("what is asked"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    channel = forms.ChoiceField(label=_("channel"), choices=Channel.choices)


class ItemForm(CheckedForm):
    status = forms.ChoiceField(label=_("status"), choices=ItemStatus.choices)
    notes = forms.CharField(
        label=_("notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class EvidenceForm(CheckedForm):
    file = forms.FileField(label=_("document (PDF or image, at most 20 MB)"))


class HomeVisitForm(CheckedForm):
    visited_on = forms.DateField(label=_("date of the visit"), widget=DateInput())
    visited_by = forms.CharField(label=_("visited by"), max_length=150)
    findings = forms.CharField(label=_("findings"), widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawForm(CheckedForm):
    reason = forms.CharField(label=_("reason"), max_length=200)


class ProposalForm(CheckedForm):
    kind = forms.ChoiceField(label=_("proposed decision"), choices=DecisionKind.choices)
    effective_from = forms.DateField(label=_("effective from"), widget=DateInput())
    effective_until = forms.DateField(
        label=_("effective until"), widget=DateInput(), required=False
    )
    monthly_amount = forms.DecimalField(
        label=_("monthly amount (empty: the calculated amount)"), required=False, min_value=0,
        decimal_places=2, max_digits=9, localize=True,
    )  # fmt: skip
    amount_justification = forms.CharField(
        label=_("justification of a different amount"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    refusal_reason = forms.ChoiceField(
        label=_("reason for refusal"), choices=[("", "—"), *RefusalReason.choices], required=False
    )
    motivation = forms.CharField(
        label=_("motivation"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    payment_iban = forms.CharField(
        label=_("account for the payment (IBAN)"), max_length=42, required=False
    )
    edit_version = forms.IntegerField(widget=forms.HiddenInput(), required=False)


class ReviewForm(CheckedForm):
    note = forms.CharField(
        label=_("note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class MeetingForm(CheckedForm):
    held_on = forms.DateField(label=_("date of the meeting"), widget=DateInput())
    members_in_office = forms.IntegerField(
        label=_("sitting members (chair included)"), required=False, min_value=1, max_value=99
    )
    confirm = forms.BooleanField(
        label=_("Yes, plan the meeting on this date"), required=False,
        widget=forms.HiddenInput(),
    )  # fmt: skip
    planning_note = forms.CharField(label=_("reason for this date"), max_length=200, required=False)


class AttendanceForm(CheckedForm):
    """The attendance of one meeting: the chair, the secretary, the members present and absent."""

    members_in_office = forms.IntegerField(
        label=_("sitting members (chair included)"), min_value=1, max_value=99
    )
    chair = forms.CharField(label=_("chair"), max_length=150)
    chair_present = forms.BooleanField(
        label=_("the chair is present"), required=False, initial=True
    )
    secretary = forms.CharField(label=_("secretary (no vote)"), max_length=150)
    present = forms.CharField(
        label=_("members present (one name per line)"),
        widget=forms.Textarea(attrs={"rows": 4}), required=False,
    )  # fmt: skip
    absent = forms.CharField(
        label=_("members absent or excused (one name per line)"),
        widget=forms.Textarea(attrs={"rows": 2}), required=False,
    )  # fmt: skip

    def attendees(self) -> list[tuple[str, str, bool]]:
        d = self.cleaned_data
        rows = [
            (d["chair"], "chair", bool(d.get("chair_present"))),
            (d["secretary"], "secretary", True),
        ]
        for key, present in (("present", True), ("absent", False)):
            rows += [
                (line.strip(), "member", present)
                for line in (d.get(key) or "").splitlines()
                if line.strip()
            ]
        return rows


class ScheduleForm(CheckedForm):
    proposal = forms.IntegerField(widget=forms.HiddenInput())
    late_justification = forms.CharField(
        label=_("why after the legal deadline"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


class MoveForm(CheckedForm):
    meeting = forms.TypedChoiceField(label=_("move to the meeting of"), coerce=int, choices=())
    late_justification = forms.CharField(
        label=_("why after the legal deadline"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [(m.pk, m.held_on.strftime("%d/%m/%Y")) for m in meetings]


class AssignForm(CheckedForm):
    assigned_to = forms.TypedChoiceField(label=_("assigned worker"), coerce=int, choices=())
    reason = forms.CharField(label=_("reason (hand-over, absence, ...)"), max_length=200)

    def __init__(self, *args, workers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].choices = [
            (u.pk, u.get_full_name() or u.username) for u in workers
        ]


class DecideForm(CheckedForm):
    outcome = forms.ChoiceField(label=_("decision of the council"), choices=Outcome.choices)
    note = forms.CharField(
        label=_("note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    monthly_amount = forms.DecimalField(
        label=_("amended monthly amount"), required=False, min_value=0, decimal_places=2,
        max_digits=9, localize=True,
    )  # fmt: skip
    amount_justification = forms.CharField(
        label=_("justification of the amendment"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    votes_for = forms.IntegerField(label=_("votes for"), required=False, min_value=0)
    votes_against = forms.IntegerField(label=_("votes against"), required=False, min_value=0)
    votes_abstain = forms.IntegerField(label=_("abstentions"), required=False, min_value=0)

    def votes(self):
        d = self.cleaned_data
        return (d.get("votes_for"), d.get("votes_against"), d.get("votes_abstain"))


class LetterForm(CheckedForm):
    kind = forms.ChoiceField(label=_("kind of letter"), choices=LetterKind.choices)
    documents = forms.CharField(
        label=_("documents asked (one per line)"), widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )  # fmt: skip
    deadline = forms.DateField(label=_("to be given by"), widget=DateInput(), required=False)
    hearing_on = forms.DateField(label=_("date of the hearing"), widget=DateInput(), required=False)
    hearing_time = forms.TimeField(
        label=_("hour of the hearing"), required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )  # fmt: skip
    place = forms.CharField(label=_("place of the hearing"), max_length=200, required=False)


class NotifyForm(CheckedForm):
    notified_on = forms.DateField(label=_("date of sending"), widget=DateInput())


# --- the leefloon calculator -------------------------------------------------------------


class SituationForm(CheckedForm):
    history_dates = ("eu_residence_since",)

    reference_date = forms.DateField(
        label=_("month calculated (any day of it)"), widget=DateInput()
    )
    right_start = forms.DateField(
        label=_("right starts during that month on"), widget=DateInput(), required=False
    )
    right_end = forms.DateField(
        label=_("right ends during that month on"), widget=DateInput(), required=False
    )
    birth_date = forms.DateField(label=_("birth date"), widget=DateInput())
    residence_status = forms.ChoiceField(
        label=_("residence status"), choices=[("", "—"), *ResidenceStatusCode.choices]
    )
    eu_residence_since = forms.DateField(
        label=_("EU citizen: resides in Belgium since"), widget=DateInput(), required=False
    )
    actual_residence = forms.ChoiceField(label=_("actual residence in Belgium"), choices=YES_NO)
    willing_to_work = forms.ChoiceField(
        label=_("willing to work (or exempted for health or equity)"), choices=YES_NO
    )
    other_benefits_claimed = forms.ChoiceField(
        label=_("has claimed the other benefits"), choices=YES_NO
    )
    married = forms.ChoiceField(label=_("minor: married"), choices=YES_NO, required=False)
    pregnant = forms.ChoiceField(label=_("minor: pregnant"), choices=YES_NO, required=False)
    student = forms.ChoiceField(
        label=_("full-time student"),
        choices=[
            ("", _("no")),
            ("grant", _("yes, with a study grant")),
            ("no_grant", _("yes, without a study grant")),
        ],
        required=False,
    )
    spi_first_day = forms.DateField(
        label=_("socio-professional exemption: first day"), widget=DateInput(), required=False
    )
    capital = forms.DecimalField(
        label=_("savings and movable capital (EUR)"), required=False, min_value=0, localize=True
    )
    cadastral_income = forms.DecimalField(
        label=_("property: cadastral income (EUR per year)"),
        required=False,
        min_value=0,
        localize=True,
    )
    property_share = forms.DecimalField(
        label=_("property: share owned (0 to 1)"),
        required=False,
        min_value=0,
        max_value=1,
        localize=True,
    )
    property_rented = forms.ChoiceField(
        label=_("property: rented out"), choices=YES_NO, required=False
    )
    yearly_rent = forms.DecimalField(
        label=_("property: rent received per year"), required=False, min_value=0, localize=True
    )
    relatives_share = forms.DecimalField(
        label=_("share counted of adult parents' or children's resources (0 to 1)"),
        required=False, min_value=0, max_value=1, localize=True,
    )  # fmt: skip


class ResourceForm(CheckedForm):
    kind = forms.ChoiceField(label=_("kind"), choices=[("", "—"), *RESOURCE_KINDS], required=False)
    amount = forms.DecimalField(label=_("net amount"), required=False, localize=True)
    period = forms.ChoiceField(label=_("period"), choices=PERIODS, required=False)

    def clean(self):
        data = super().clean()
        if data.get("kind") and data.get("amount") is None:
            self.add_error("amount", _("Give the amount."))
        if data.get("amount") is not None and not data.get("kind"):
            self.add_error("kind", _("Choose the kind of income."))
        if data.get("amount") is not None and data["amount"] < 0:
            self.add_error("amount", _("The amount cannot be negative."))
        return data


class RecordedResourceForm(CheckedForm):
    member = forms.TypedChoiceField(
        label=_("whose income"), coerce=int, empty_value=None, required=False, choices=()
    )
    kind = forms.ChoiceField(label=_("kind of income"), choices=[("", "—"), *RESOURCE_KINDS])
    amount = forms.DecimalField(
        label=_("net amount"), localize=True, decimal_places=2, max_digits=9
    )
    period = forms.ChoiceField(label=_("period"), choices=PERIODS)
    notes = forms.CharField(label=_("source"), max_length=200, required=False)

    def __init__(self, *args, members=(), **kwargs):
        """``members``: the household members of the applicant on the request's date."""
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [
            ("", _("the applicant")),
            *((m["person_id"], m["name"]) for m in members),
        ]


def income_prefixes(count: int) -> list[str]:
    """The field prefixes of a member's income rows: resource, resource2, resource3, ..."""
    return ["resource", *(f"resource{n}" for n in range(2, max(count, 2) + 1))]


class MemberForm(CheckedForm):
    name = forms.CharField(
        label=_("name"), required=False, widget=forms.TextInput(attrs={"readonly": True})
    )
    person_id = forms.IntegerField(required=False, widget=forms.HiddenInput())
    relation = forms.ChoiceField(
        label=_("relation to the applicant"), choices=[("", "—"), *MEMBER_RELATIONS], required=False
    )
    birth_date = forms.DateField(label=_("birth date"), widget=DateInput(), required=False)
    shares_household = forms.ChoiceField(
        label=_("shares the household"), choices=YES_NO, required=False
    )
    in_charge = forms.ChoiceField(label=_("child in charge"), choices=YES_NO, required=False)
    married = forms.ChoiceField(label=_("married"), choices=YES_NO, required=False)
    leefloon_beneficiary = forms.ChoiceField(
        label=_("partner: receives or claims the leefloon himself"), choices=YES_NO, required=False
    )
    resource_kind = forms.ChoiceField(
        label=_("income"), choices=[("", "—"), *RESOURCE_KINDS], required=False
    )
    resource_amount = forms.DecimalField(label=_("net amount"), required=False, localize=True)
    resource_period = forms.ChoiceField(label=_("period"), choices=PERIODS, required=False)
    resource2_kind = forms.ChoiceField(
        label=_("second income"), choices=[("", "—"), *RESOURCE_KINDS], required=False
    )
    resource2_amount = forms.DecimalField(
        label=_("net amount of the second income"), required=False, localize=True
    )
    resource2_period = forms.ChoiceField(
        label=_("period of the second income"), choices=PERIODS, required=False
    )

    def __init__(self, *args, incomes: int = 2, **kwargs):
        """``incomes``: how many income rows the member gets (at least two): every income
        recorded in the investigation has its own row, and the page offers a spare one."""
        super().__init__(*args, **kwargs)
        self.income_prefixes = income_prefixes(incomes)
        for n, prefix in enumerate(self.income_prefixes[2:], start=3):
            self.fields[f"{prefix}_kind"] = forms.ChoiceField(
                label=_("income %(n)s") % {"n": n},
                choices=[("", "—"), *RESOURCE_KINDS],
                required=False,
            )
            self.fields[f"{prefix}_amount"] = forms.DecimalField(
                label=_("net amount of income %(n)s") % {"n": n}, required=False, localize=True
            )
            self.fields[f"{prefix}_period"] = forms.ChoiceField(
                label=_("period of income %(n)s") % {"n": n}, choices=PERIODS, required=False
            )

    def clean(self):
        data = super().clean()
        if data.get("relation") and not data.get("birth_date"):
            self.add_error("birth_date", _("Give the birth date."))
        for prefix in self.income_prefixes:
            if data.get(f"{prefix}_kind") and data.get(f"{prefix}_amount") is None:
                self.add_error(f"{prefix}_amount", _("Give the amount."))
            if data.get(f"{prefix}_amount") is not None and data[f"{prefix}_amount"] < 0:
                self.add_error(f"{prefix}_amount", _("The amount cannot be negative."))
            if data.get(f"{prefix}_amount") is not None and not data.get(f"{prefix}_kind"):
                self.add_error(f"{prefix}_kind", _("Choose the kind of income."))
        return data


class SpiPeriodForm(forms.Form):
    """One period in which the socio-professional exemption was used (RD art. 35), in any OCMW."""

    start = forms.DateField(label=_("exemption used from"), widget=DateInput(), required=False)
    end = forms.DateField(
        label=_("until (empty: still running)"), widget=DateInput(), required=False
    )
    bottleneck = forms.ChoiceField(
        label=_("job in a bottleneck profession"), choices=YES_NO, required=False
    )
    contract_months = forms.IntegerField(
        label=_("bottleneck: contract duration in months"), required=False, min_value=0
    )
    regional_attestation = forms.ChoiceField(
        label=_("bottleneck: attestation of the regional employment service"),
        choices=YES_NO,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if (data.get("end") or data.get("bottleneck")) and not data.get("start"):
            self.add_error("start", _("Give the start of the period."))
        return data


SpiPeriodFormSet = forms.formset_factory(SpiPeriodForm, extra=1)
ResourceFormSet = forms.formset_factory(ResourceForm, extra=0, min_num=3)
_INCOME_KIND = re.compile(r"^resource(\d*)_kind$")
# A bound on the income rows of one member read from a posted page (Django's limit on the
# number of posted fields applies too). The investigation cannot reach it: incomes of one kind
# and period share a row, so a member has at most 15 kinds x 2 periods = 30 rows.
MAX_INCOME_ROWS = 50


class BaseMemberFormSet(forms.BaseFormSet):
    """Each member's form has as many income rows as the member has incomes, plus a spare
    one once two are in use, so that nothing recorded is dropped and a third or fourth income
    can be added on the page (posting it offers the next row)."""

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["incomes"] = 2 if index is None else self._income_rows(index)
        return kwargs

    def _income_rows(self, index: int) -> int:
        if self.is_bound:
            prefix = self.add_prefix(index) + "-"
            fields = {k[len(prefix) :]: v for k, v in self.data.items() if k.startswith(prefix)}
        else:
            initial = self.initial or []
            fields = initial[index] if index < len(initial) else {}
        rows, used = 2, 0
        for key, value in fields.items():
            m = _INCOME_KIND.match(key)
            if m:
                n = int(m.group(1) or 1)
                rows, used = max(rows, n), max(used, n if value else 0)
        if used >= 2:
            rows = max(rows, used + 1)
        return min(rows, MAX_INCOME_ROWS)


MemberFormSet = forms.formset_factory(MemberForm, formset=BaseMemberFormSet, extra=1)
