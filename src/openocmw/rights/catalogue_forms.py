"""The administrator's form of a local right: the catalogue fields and conditions built from
rows (variable, comparison, value), without code (issue 11, §1)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from openocmw.inputs.forms import CheckedForm
from openocmw.rules.rights.catalogue import AUTOMATION_STATUSES, DOMAINS
from openocmw.rules.rights.conditions import RIGHTS, STATUS_CODES
from openocmw.rules.rights.local import CATEGORIES, OPERATORS, VARIABLES

ROWS = 6

AUTOMATION_LABELS = {
    "automatic": _("automatic"),
    "linked_to_granted_right": _("linked to a right already granted"),
    "proactive_information": _("proactive information"),
    "simplified_request": _("simplified request"),
    "on_request_only": _("on request only"),
    "not_automatable": _("not automatable"),
    "under_study": _("under study"),
}
DOMAIN_LABELS = {
    "income": _("income"),
    "health": _("health"),
    "energy": _("energy"),
    "education": _("education"),
    "integration": _("integration"),
    "participation": _("participation"),
    "housing": _("housing"),
}
VARIABLE_LABELS = {
    "age": _("age"),
    "household_size": _("persons in the household"),
    "minors_in_household": _("minors in the household"),
    "adults_in_household": _("adults in the household"),
    "category": _("leefloon category (1 cohabitant, 2 single, 3 family in charge)"),
    "residence_status": _("residence status"),
    "income_net_monthly": _("net income per month"),
    "household_income_gross_yearly": _("gross taxable household income per year"),
    "receives": _("receives the right"),
    "disability_allowance": _("disability allowance in the household"),
    "debt_mediation": _("debt mediation in the household"),
}
OPERATOR_LABELS = {
    ">=": "≥",
    ">": ">",
    "<=": "≤",
    "<": "<",
    "==": "=",
    "in": _("is one of"),
    "not_in": _("is none of"),
    "is": _("yes"),
    "is_not": _("no"),
}
ALL_OPERATORS = tuple(dict.fromkeys(op for ops in OPERATORS.values() for op in ops))
GROUPS = (("", "—"), ("A", "A"), ("B", "B"), ("C", "C"))


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,\n]", text or "") if part.strip()]


GERMAN_HELP = _("optional; without it, German pages show the Dutch text")


def _with_german(texts: dict, german: str) -> dict:
    return {**texts, "de": german.strip()} if german and german.strip() else texts


class LocalRightForm(CheckedForm):
    code = forms.SlugField(
        label=_("code"), max_length=63, help_text=_("lower case letters, digits and _")
    )
    name_nl = forms.CharField(label=_("name in Dutch"), max_length=200)
    name_fr = forms.CharField(label=_("name in French"), max_length=200)
    name_de = forms.CharField(label=_("name in German"), max_length=200)
    domain = forms.ChoiceField(label=_("domain"), choices=[(d, DOMAIN_LABELS[d]) for d in DOMAINS])
    target_groups = forms.CharField(
        label=_("target groups"), max_length=500, help_text=_("separated by commas")
    )
    legal_reference = forms.CharField(
        label=_("legal basis"),
        max_length=500,
        required=False,
        help_text=_("the regulation or decision that grants it"),
    )
    legal_url = forms.CharField(
        label=_("address of the legal basis"), max_length=500, required=False
    )
    granted_by_nl = forms.CharField(label=_("granted by (Dutch)"), max_length=300)
    granted_by_fr = forms.CharField(label=_("granted by (French)"), max_length=300)
    granted_by_de = forms.CharField(
        label=_("granted by (German)"), max_length=300, required=False, help_text=GERMAN_HELP
    )
    how_to_apply_nl = forms.CharField(
        label=_("how to apply (Dutch)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    how_to_apply_fr = forms.CharField(
        label=_("how to apply (French)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    how_to_apply_de = forms.CharField(
        label=_("how to apply (German)"), widget=forms.Textarea(attrs={"rows": 2}),
        required=False, help_text=GERMAN_HELP,
    )  # fmt: skip
    documents = forms.CharField(
        label=_("documents to bring"),
        max_length=500,
        required=False,
        help_text=_("separated by commas"),
    )
    automation_status = forms.ChoiceField(
        label=_("automation"), required=False,
        choices=[("", "—")] + [(s, AUTOMATION_LABELS[s]) for s in AUTOMATION_STATUSES],
    )  # fmt: skip
    automation_reason_nl = forms.CharField(
        label=_("reason for the automation (Dutch)"), max_length=500, required=False
    )
    automation_reason_fr = forms.CharField(
        label=_("reason for the automation (French)"), max_length=500, required=False
    )
    automation_reason_de = forms.CharField(
        label=_("reason for the automation (German)"), max_length=500, required=False,
        help_text=GERMAN_HELP,
    )  # fmt: skip
    automation_review_date = forms.DateField(label=_("review the automation on"), required=False)
    owner = forms.CharField(label=_("owner"), max_length=100)
    last_review = forms.DateField(label=_("last review"))
    unit = forms.ChoiceField(
        label=_("screened for"),
        choices=[("person", _("each person")), ("household", _("the household (its reference person)"))],
    )  # fmt: skip
    valid_from = forms.DateField(label=_("this version applies from"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        variables = [("", "—")] + [(v, VARIABLE_LABELS[v]) for v in VARIABLES]
        operators = [("", "—")] + [(o, OPERATOR_LABELS[o]) for o in ALL_OPERATORS]
        for i in range(ROWS):
            n = i + 1
            self.fields[f"c{i}_variable"] = forms.ChoiceField(
                label=_("condition %(n)s: variable") % {"n": n}, choices=variables, required=False
            )
            self.fields[f"c{i}_operator"] = forms.ChoiceField(
                label=_("condition %(n)s: comparison") % {"n": n}, choices=operators, required=False
            )
            self.fields[f"c{i}_value"] = forms.CharField(
                label=_("condition %(n)s: value") % {"n": n}, max_length=300, required=False,
                help_text=_("a number, or codes separated by commas") if i == 0 else "",
            )  # fmt: skip
            self.fields[f"c{i}_per_dependant"] = forms.CharField(
                label=_("condition %(n)s: raised per minor") % {"n": n}, max_length=20,
                required=False,
            )  # fmt: skip
            self.fields[f"c{i}_group"] = forms.ChoiceField(
                label=_("condition %(n)s: alternative group") % {"n": n}, choices=GROUPS,
                required=False,
                help_text=_("conditions of the same group: one of them is enough") if i == 0 else "",
            )  # fmt: skip

    def condition_rows(self):
        for i in range(ROWS):
            yield [
                self[f"c{i}_{part}"]
                for part in ("variable", "operator", "value", "per_dependant", "group")
            ]

    def main_fields(self):
        return [self[name] for name in self.fields if not re.match(r"c\d+_", name)]

    # --- to and from a catalogue entry ----------------------------------------------------

    def _value(self, variable: str, text: str):
        kind = VARIABLES.get(variable, {}).get("kind")
        if kind in ("choice",):
            return _split(text)
        if kind == "flag":
            return text.strip().lower() in ("1", "ja", "oui", "yes", "true", "x", "")
        if kind == "right":
            return text.strip()
        return text.strip()

    def entry(self) -> tuple[dict, dict]:
        """The catalogue entry of the cleaned form, and where each clause came from:
        {clause index: row} and {(clause, alternative): row} for the error messages."""
        d = self.cleaned_data
        clauses, origin, groups = [], {}, {}
        for i in range(ROWS):
            variable = d.get(f"c{i}_variable") or ""
            if not variable:
                continue
            clause = {
                "variable": variable,
                "operator": d.get(f"c{i}_operator") or "",
                "value": self._value(variable, d.get(f"c{i}_value") or ""),
            }
            if (d.get(f"c{i}_per_dependant") or "").strip():
                clause["per_dependant"] = d[f"c{i}_per_dependant"].strip()
            group = d.get(f"c{i}_group") or ""
            if group:
                if group not in groups:
                    groups[group] = {"any": [], "rows": []}
                    origin[len(clauses)] = ("group", group)
                    clauses.append(groups[group])
                groups[group]["any"].append(clause)
                groups[group]["rows"].append(i)
            else:
                origin[len(clauses)] = ("row", i)
                clauses.append(clause)
        rows = {}
        for index, (what, key) in origin.items():
            if what == "row":
                rows[index] = key
            else:
                group = clauses[index]
                rows[index] = group["rows"][0]
                for j, row in enumerate(group.pop("rows")):
                    rows[(index, j)] = row
                if len(group["any"]) == 1:
                    clauses[index] = group["any"][0]
        automation = None
        if d.get("automation_status") or d.get("automation_review_date"):
            automation = {
                "status": d.get("automation_status") or "",
                "reason": _with_german(
                    {
                        "nl": d.get("automation_reason_nl", ""),
                        "fr": d.get("automation_reason_fr", ""),
                    },
                    d.get("automation_reason_de", ""),
                ),
                "review_date": d["automation_review_date"].isoformat()
                if d.get("automation_review_date")
                else "",
            }
        legal = []
        if d.get("legal_reference") or d.get("legal_url"):
            legal = [{"reference": d.get("legal_reference", ""), "url": d.get("legal_url", "")}]
        entry = {
            "code": d["code"],
            "names": {"nl": d["name_nl"], "fr": d["name_fr"], "de": d["name_de"]},
            "level": "local",
            "domain": d["domain"],
            "target_groups": _split(d["target_groups"]),
            "legal_basis": legal,
            "granted_by": _with_german(
                {"nl": d["granted_by_nl"], "fr": d["granted_by_fr"]}, d.get("granted_by_de", "")
            ),
            "how_to_apply": _with_german(
                {"nl": d["how_to_apply_nl"], "fr": d["how_to_apply_fr"]},
                d.get("how_to_apply_de", ""),
            ),
            "documents": _split(d.get("documents", "")),
            "automation": automation,
            "conditions": "encoded" if clauses else "not_encoded",
            "not_checkable": [] if clauses else [
                {"condition": "local_conditions", "reason": {
                    "nl": "Geen voorwaarden uit gegevens opgegeven.",
                    "fr": "Aucune condition vérifiable à partir des données.",
                }}
            ],
            "owner": d["owner"],
            "last_review": d["last_review"].isoformat(),
        }  # fmt: skip
        if clauses:
            entry["local_conditions"] = {"unit": d["unit"], "all": clauses}
        return entry, rows

    FIELD_OF = {
        "code": "code",
        "names.nl": "name_nl",
        "names.fr": "name_fr",
        "names.de": "name_de",
        "domain": "domain",
        "target_groups": "target_groups",
        "legal_basis": "legal_reference",
        "legal_basis[0].reference": "legal_reference",
        "legal_basis[0].url": "legal_url",
        "granted_by.nl": "granted_by_nl",
        "granted_by.fr": "granted_by_fr",
        "how_to_apply.nl": "how_to_apply_nl",
        "how_to_apply.fr": "how_to_apply_fr",
        "automation.status": "automation_status",
        "automation.reason.nl": "automation_reason_nl",
        "automation.reason.fr": "automation_reason_fr",
        "automation.review_date": "automation_review_date",
        "owner": "owner",
        "last_review": "last_review",
        "local_conditions.unit": "unit",
        "valid_from": "valid_from",
    }
    _CLAUSE = re.compile(r"^local_conditions\.all\[(\d+)\](?:\.any\[(\d+)\])?(?:\.(\w+))?$")

    def form_field(self, name: str, rows: dict) -> str | None:
        """The form field of a service error's field (a clause's field: its row)."""
        if name in self.FIELD_OF:
            return self.FIELD_OF[name]
        match = self._CLAUSE.match(name)
        if match:
            index, alternative, part = match.groups()
            row = rows.get((int(index), int(alternative))) if alternative else rows.get(int(index))
            if row is None:
                row = rows.get(int(index), 0)
            # A contradiction names the clause itself: the error goes on its variable.
            part = part if part in ("per_dependant", "operator", "value") else "variable"
            return f"c{row}_{part}"
        return None

    @classmethod
    def initial_of(cls, data: dict, valid_from=None) -> dict:
        """The form's initial values from a stored entry (to make a new version of it)."""
        legal = (data.get("legal_basis") or [{}])[0]
        automation = data.get("automation") or {}
        initial = {
            "code": data["code"],
            "name_nl": data["names"]["nl"], "name_fr": data["names"]["fr"],
            "name_de": data["names"]["de"], "domain": data["domain"],
            "target_groups": ", ".join(data.get("target_groups", [])),
            "legal_reference": legal.get("reference", ""), "legal_url": legal.get("url", ""),
            "granted_by_nl": data["granted_by"]["nl"], "granted_by_fr": data["granted_by"]["fr"],
            "how_to_apply_nl": data["how_to_apply"]["nl"],
            "how_to_apply_fr": data["how_to_apply"]["fr"],
            "granted_by_de": data["granted_by"].get("de", ""),
            "how_to_apply_de": data["how_to_apply"].get("de", ""),
            "automation_reason_de": automation.get("reason", {}).get("de", ""),
            "documents": ", ".join(data.get("documents", [])),
            "automation_status": automation.get("status", ""),
            "automation_reason_nl": automation.get("reason", {}).get("nl", ""),
            "automation_reason_fr": automation.get("reason", {}).get("fr", ""),
            "automation_review_date": automation.get("review_date", ""),
            "owner": data.get("owner", ""), "last_review": data.get("last_review", ""),
        }  # fmt: skip
        conditions = data.get("local_conditions") or {"unit": "person", "all": []}
        initial["unit"] = conditions.get("unit", "person")
        row = 0
        for index, clause in enumerate(conditions.get("all", [])):
            group = "ABC"[index % 3] if "any" in clause else ""
            for c in clause.get("any") or [clause]:
                if row >= ROWS:
                    break
                value = c["value"]
                if isinstance(value, list):
                    value = ", ".join(value)
                elif isinstance(value, bool):
                    value = "ja" if value else "nee"
                elif isinstance(value, float) and value.is_integer():
                    value = int(value)
                initial |= {
                    f"c{row}_variable": c["variable"], f"c{row}_operator": c["operator"],
                    f"c{row}_value": str(value), f"c{row}_group": group,
                    f"c{row}_per_dependant": str(c.get("per_dependant") or ""),
                }  # fmt: skip
                row += 1
        return initial


VALUE_HELP = {
    "residence_status": ", ".join(STATUS_CODES[1:]),
    "category": ", ".join(CATEGORIES),
    "receives": ", ".join(RIGHTS),
}
