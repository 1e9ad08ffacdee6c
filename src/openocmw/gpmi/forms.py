from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from openocmw.inputs.forms import CheckedForm
from openocmw.registry.forms import DateInput

from .models import (
    ConsentStatus,
    Domain,
    EvaluationForm,
    ExemptionReason,
    Kind,
    LeefloonCategory,
    LegalBasis,
    Moment,
    Outcome,
    Progress,
)

FACT_LABELS = {
    "institution": _("school or institution"),
    "programme": _("course of study or training"),
    "academic_year": _("first academic year"),
    "study_years": _("number of years of study"),
    "provider": _("training provider"),
    "hours_per_week": _("hours per week"),
    "training_end": _("training ends on"),
    "organisation": _("organisation"),
    "tasks": _("tasks"),
    "voluntary": _("the person asked for this community service freely"),
}
CATEGORY_CHOICES = [("", "—"), *LeefloonCategory.choices]


def _text(label, required=False, **kwargs):
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": 3}), **kwargs
    )


class LeefloonStartForm(CheckedForm):
    start = forms.DateField(label=_("leefloon from"), widget=DateInput(), required=False)
    category = forms.ChoiceField(label=_("category"), choices=CATEGORY_CHOICES, required=False)
    decision_date = forms.DateField(
        label=_("date of the decision"), widget=DateInput(), required=False
    )
    end = forms.DateField(label=_("leefloon until"), widget=DateInput(), required=False)


class ExemptionForm(CheckedForm):
    reason = forms.ChoiceField(
        label=_("reason"), choices=[("", "—"), *ExemptionReason.choices], required=False
    )
    decided_on = forms.DateField(label=_("decided on"), widget=DateInput(), required=False)
    explanation = _text(_("explanation"))


class ConsentForm(CheckedForm):
    status = forms.ChoiceField(
        label=_("consent"), choices=[("", "—"), *ConsentStatus.choices], required=False
    )
    on = forms.DateField(label=_("date"), widget=DateInput(), required=False)
    legal_basis = forms.ChoiceField(
        label=_("legal basis"), choices=LegalBasis.choices, required=False
    )
    note = forms.CharField(label=_("note"), required=False, max_length=300)


class ContractForm(CheckedForm):
    """The contract. Required facts are checked by the service, which names the field."""

    kind = forms.ChoiceField(label=_("kind"), choices=[("", "—"), *Kind.choices], required=False)
    start = forms.DateField(label=_("from"), widget=DateInput(), required=False)
    end = forms.DateField(label=_("until"), widget=DateInput(), required=False)
    goals = _text(_("goals of the person (one per line)"))
    person_commitments = _text(_("commitments of the person"))
    ocmw_commitments = _text(_("commitments of the OCMW"))
    support = _text(_("support planned"))
    leefloon_category = forms.ChoiceField(
        label=_("leefloon category"), choices=CATEGORY_CHOICES, required=False
    )
    leefloon_start = forms.DateField(label=_("leefloon from"), widget=DateInput(), required=False)
    institution = forms.CharField(label=FACT_LABELS["institution"], required=False, max_length=200)
    programme = forms.CharField(label=FACT_LABELS["programme"], required=False, max_length=200)
    academic_year = forms.CharField(
        label=FACT_LABELS["academic_year"],
        required=False,
        max_length=9,
        help_text=_("e.g. 2025-2026"),
    )
    study_years = forms.CharField(label=FACT_LABELS["study_years"], required=False, max_length=3)
    provider = forms.CharField(label=FACT_LABELS["provider"], required=False, max_length=200)
    hours_per_week = forms.CharField(
        label=FACT_LABELS["hours_per_week"], required=False, max_length=5
    )
    training_end = forms.DateField(
        label=FACT_LABELS["training_end"], widget=DateInput(), required=False
    )
    organisation = forms.CharField(
        label=FACT_LABELS["organisation"], required=False, max_length=200
    )
    tasks = _text(FACT_LABELS["tasks"])
    voluntary = forms.BooleanField(label=FACT_LABELS["voluntary"], required=False)
    change_reason = forms.CharField(
        label=_("reason for the change"), required=False, max_length=300
    )

    FACT_FIELDS = (
        "institution",
        "programme",
        "academic_year",
        "study_years",
        "provider",
        "hours_per_week",
        "training_end",
        "organisation",
        "tasks",
        "voluntary",
    )
    MAIN_FIELDS = (
        "kind",
        "start",
        "end",
        "goals",
        "person_commitments",
        "ocmw_commitments",
        "support",
        "leefloon_category",
        "leefloon_start",
        "change_reason",
    )

    def __init__(self, *args, revision: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not revision:
            del self.fields["change_reason"]

    def main_fields(self):
        return [self[f] for f in self.MAIN_FIELDS if f in self.fields]

    def fact_fields(self):
        return [self[f] for f in self.FACT_FIELDS]

    def to_data(self) -> dict:
        d = self.cleaned_data
        return {
            "kind": d["kind"],
            "start": d["start"],
            "end": d["end"],
            "goals": d["goals"],
            "person_commitments": d["person_commitments"],
            "ocmw_commitments": d["ocmw_commitments"],
            "support": d["support"],
            "leefloon_category": d["leefloon_category"] or None,
            "leefloon_start": d["leefloon_start"],
            "facts": {f: d[f] for f in self.FACT_FIELDS},
        }

    @classmethod
    def initial_from(cls, version) -> dict:
        initial = {
            "kind": version.kind,
            "start": version.start,
            "end": version.end,
            "goals": "\n".join(version.goals),
            "person_commitments": version.person_commitments,
            "ocmw_commitments": version.ocmw_commitments,
            "support": version.support,
            "leefloon_category": version.gpmi.leefloon_category,
            "leefloon_start": version.gpmi.leefloon_start,
        }
        for key, value in (version.facts or {}).items():
            if key == "training_end" and value:
                value = date.fromisoformat(value)
            initial[key] = value
        return initial


class SignaturesForm(CheckedForm):
    person_signed_on = forms.DateField(
        label=_("signed by the person on"), widget=DateInput(), required=False
    )
    person_signatory = forms.CharField(
        label=_("signed by (person)"), required=False, max_length=200
    )
    ocmw_signed_on = forms.DateField(
        label=_("signed for the OCMW on"), widget=DateInput(), required=False
    )
    ocmw_signatory = forms.CharField(
        label=_("signed for the OCMW by"), required=False, max_length=200
    )


class EvaluationRecordForm(CheckedForm):
    held_on = forms.DateField(label=_("held on"), widget=DateInput(), required=False)
    form = forms.ChoiceField(
        label=_("form"), choices=[("", "—"), *EvaluationForm.choices], required=False
    )
    adjustments = _text(_("adjustments"))

    def __init__(self, *args, goals: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        for i, goal in enumerate(self.goals):
            self.fields[f"goal_{i}"] = forms.ChoiceField(
                label=goal, choices=[("", "—"), *Progress.choices], required=False
            )
            self.fields[f"goal_{i}_note"] = forms.CharField(
                label=_("note on this goal"), required=False, max_length=300
            )

    def goal_fields(self):
        return [(self[f"goal_{i}"], self[f"goal_{i}_note"]) for i in range(len(self.goals))]

    def progress(self) -> list[dict]:
        d = self.cleaned_data
        return [
            {"goal": goal, "progress": d.get(f"goal_{i}") or None, "note": d.get(f"goal_{i}_note")}
            for i, goal in enumerate(self.goals)
        ]


class CloseForm(CheckedForm):
    closed_on = forms.DateField(label=_("closed on"), widget=DateInput(), required=False)
    outcome = forms.ChoiceField(
        label=_("outcome"), choices=[("", "—"), *Outcome.choices], required=False
    )
    note = _text(_("note at closure"))


class SocialBalanceForm(CheckedForm):
    moment = forms.ChoiceField(label=_("moment"), choices=Moment.choices, required=False)
    recorded_on = forms.DateField(label=_("date"), widget=DateInput(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in Domain.values:
            self.fields[f"{code}_person"] = forms.CharField(
                label=_("the person's view"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"{code}_worker"] = forms.CharField(
                label=_("the social worker's view"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"{code}_score"] = forms.ChoiceField(
                label=_("score"),
                required=False,
                choices=[("", "—"), *[(str(i), str(i)) for i in range(1, 6)]],
            )

    def domain_rows(self):
        return [
            (label, self[f"{code}_person"], self[f"{code}_worker"], self[f"{code}_score"])
            for code, label in Domain.choices
        ]

    def domains(self) -> dict:
        d = self.cleaned_data
        return {
            code: {
                "person": d.get(f"{code}_person"),
                "worker": d.get(f"{code}_worker"),
                "score": d.get(f"{code}_score") or None,
            }
            for code in Domain.values
        }


class BreachForm(CheckedForm):
    noted_on = forms.DateField(label=_("noted on"), widget=DateInput(), required=False)
    description = _text(_("what was not respected"))
    formal_notice_on = forms.DateField(
        label=_("formal notice sent on"), widget=DateInput(), required=False
    )


class HearingForm(CheckedForm):
    held_on = forms.DateField(label=_("hearing on"), widget=DateInput(), required=False)
    person_present = forms.ChoiceField(
        label=_("the person was present"),
        required=False,
        choices=[("", "—"), ("yes", _("yes")), ("no", _("no"))],
    )
    statement = _text(_("the person's statement"))
    heard_by = forms.CharField(label=_("heard by"), required=False, max_length=200)

    def present(self) -> bool | None:
        value = self.cleaned_data.get("person_present")
        return None if not value else value == "yes"


class SanctionForm(CheckedForm):
    hearing = forms.ChoiceField(label=_("hearing"), required=False, choices=())
    months = forms.ChoiceField(
        label=_("suspension (months)"), required=False, choices=[("1", "1"), ("2", "2"), ("3", "3")]
    )
    motivation = _text(_("motivation"))

    def __init__(self, *args, hearings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hearing"].choices = [("", "—")] + [
            (str(h.pk), h.held_on.strftime("%d/%m/%Y")) for h in hearings
        ]


class StaffTimeForm(CheckedForm):
    period_start = forms.DateField(label=_("from"), widget=DateInput(), required=False)
    period_end = forms.DateField(label=_("until"), widget=DateInput(), required=False)
    share = forms.CharField(
        label=_("share of working time on GPMIs (%)"), required=False, max_length=6
    )
    note = forms.CharField(label=_("note"), required=False, max_length=300)


class PeriodForm(CheckedForm):
    start = forms.DateField(label=_("from"), widget=DateInput())
    until = forms.DateField(label=_("until"), widget=DateInput())
    ocmw = forms.ChoiceField(label=_("OCMW"), required=False, choices=())

    def __init__(self, *args, ocmws=None, **kwargs):
        super().__init__(*args, **kwargs)
        if ocmws is None:
            del self.fields["ocmw"]
        else:
            self.fields["ocmw"].choices = [("", _("all OCMWs"))] + [
                (str(o.pk), o.name_nl) for o in ocmws
            ]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("until") and data["until"] < data["start"]:
            self.add_error("until", _("The end date lies before the start date."))
        return data
