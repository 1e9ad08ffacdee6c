"""The online first request (issue 12 §3): a citizen asks for aid without logging in.

``/public/<nis>/<lang>/request/``: the form (identity, contact, what is asked, documents,
consent). A valid request is stored by ``casework.online.submit`` (the date of receipt is
today, the 30-day clock runs), the acknowledgement of receipt is e-mailed as a PDF when an
address was given, and the page shows the reference number. A POST that carries only the
self-check's signed answers (field ``selfcheck``, see the package docstring) opens the form
with them attached. Abuse: at most ``LIMIT`` posts per ``WINDOW`` from one address (429,
nothing stored; ``inputs.throttle``), a honeypot field (a filled one is answered as if sent and
nothing is stored), a body larger than ``MAX_BODY`` refused before it is read (413). See
docs/online-request.md.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt

from openocmw.casework import online as intake
from openocmw.casework.models import AidKind, OtherAid
from openocmw.inputs.forms import CheckedForm
from openocmw.inputs.throttle import allow
from openocmw.inputs.uploads import MAX_UPLOAD
from openocmw.web.helpers import apply_errors

from . import common
from .common import page_context, public_page
from .selfcheck_rules import load_answers

LIMIT = 10  # posts per address and OCMW ...
WINDOW = 3600  # ... per hour
MAX_BODY = intake.MAX_DOCUMENTS * MAX_UPLOAD + 1024 * 1024
HONEYPOT = "website"
_csrf = CsrfViewMiddleware(lambda request: None)

if ("public:request", gettext_lazy("Ask for aid")) not in common.NAV:
    common.NAV.append(("public:request", gettext_lazy("Ask for aid")))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class DocumentsField(forms.FileField):
    """Zero or more files; their content is checked by ``casework.online.submit``."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [d for d in data if d]
        return [data] if data else []


def _attrs(autocomplete: str, **extra) -> dict:
    return {"autocomplete": autocomplete, **extra}


class OnlineRequestForm(CheckedForm):
    first_name = forms.CharField(
        label=gettext_lazy("first name"), max_length=100,
        widget=forms.TextInput(attrs=_attrs("given-name")),
    )  # fmt: skip
    last_name = forms.CharField(
        label=gettext_lazy("last name"), max_length=100,
        widget=forms.TextInput(attrs=_attrs("family-name")),
    )  # fmt: skip
    birth_date = forms.DateField(
        label=gettext_lazy("birth date"), widget=DateInput(attrs=_attrs("bday"))
    )
    insz = forms.CharField(
        label=gettext_lazy("national number (INSZ)"), required=False, max_length=20,
        help_text=gettext_lazy("Optional. On the back of your identity card: 11 digits."),
        widget=forms.TextInput(attrs=_attrs("off", inputmode="numeric")),
    )  # fmt: skip
    phone = forms.CharField(
        label=gettext_lazy("phone"), required=False, max_length=30,
        widget=forms.TextInput(attrs=_attrs("tel", type="tel")),
    )  # fmt: skip
    email = forms.CharField(
        label=gettext_lazy("e-mail"), required=False, max_length=254,
        help_text=gettext_lazy("We send the acknowledgement of receipt to this address."),
        widget=forms.TextInput(attrs=_attrs("email", type="email")),
    )  # fmt: skip
    street = forms.CharField(
        label=gettext_lazy("street"), required=False, max_length=150,
        widget=forms.TextInput(attrs=_attrs("address-line1")),
    )  # fmt: skip
    house_number = forms.CharField(
        label=gettext_lazy("house number"), required=False, max_length=10,
        widget=forms.TextInput(attrs=_attrs("off")),
    )  # fmt: skip
    box = forms.CharField(
        label=gettext_lazy("box"), required=False, max_length=10,
        widget=forms.TextInput(attrs=_attrs("off")),
    )  # fmt: skip
    postal_code = forms.CharField(
        label=gettext_lazy("postal code"), required=False, max_length=4,
        widget=forms.TextInput(attrs=_attrs("postal-code", inputmode="numeric")),
    )  # fmt: skip
    municipality = forms.CharField(
        label=gettext_lazy("municipality"), required=False, max_length=100,
        widget=forms.TextInput(attrs=_attrs("address-level2")),
    )  # fmt: skip
    kind = forms.ChoiceField(
        label=gettext_lazy("What do you ask?"), choices=AidKind.choices,
        widget=forms.RadioSelect,
    )  # fmt: skip
    other_aid = forms.ChoiceField(
        label=gettext_lazy("which other aid"), required=False,
        choices=[("", "—"), *OtherAid.choices],
    )  # fmt: skip
    description = forms.CharField(
        label=gettext_lazy("Tell us more (optional)"), required=False,
        max_length=intake.DESCRIPTION_MAX, widget=forms.Textarea(attrs={"rows": 5}),
    )  # fmt: skip
    documents = DocumentsField(
        label=gettext_lazy("Documents"), required=False,
        help_text=gettext_lazy("Optional: at most 3 files, PDF, PNG or JPEG, at most 20 MB each."),
    )  # fmt: skip
    consent = forms.BooleanField(
        label=gettext_lazy(
            "I agree that the OCMW uses these data and documents to handle my request for aid."
        ),
        required=False,
    )
    website = forms.CharField(  # the honeypot: hidden from people, filled by robots
        required=False, label=gettext_lazy("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )  # fmt: skip
    selfcheck = forms.CharField(required=False, max_length=20_000, widget=forms.HiddenInput)
    step = forms.CharField(required=False, widget=forms.HiddenInput, initial="send")


def _selfcheck_answers(token: str) -> dict | None:
    """The self-check's answers if ``token`` is its valid, recent signature, else None."""
    if not token or len(token) > 20_000:
        return None
    answers = load_answers(token)
    return answers if isinstance(answers, dict) else None


def _initial_from(answers: dict) -> dict:
    rights = answers.get("rights") or []
    kind = AidKind.LEEFLOON if "leefloon" in rights else AidKind.OTHER
    lines = [_("I did the self-check on this site.")]
    if answers.get("leefloon_monthly"):
        amount = formats.number_format(
            answers["leefloon_monthly"], 2, use_l10n=True, force_grouping=True
        )
        lines.append(_("Indicative leefloon: € %(amount)s a month.") % {"amount": amount})
    return {"kind": kind, "other_aid": "" if kind == AidKind.LEEFLOON else OtherAid.OTHER,
            "description": "\n".join(lines)}  # fmt: skip


def _context(request, form, **extra) -> dict:
    return page_context(request, "public:request") | {"form": form} | extra


@csrf_exempt  # the self-check's hand-off opens the form; sending it is checked below
@public_page
def request_form(request):
    ocmw, lang = request.ocmw, request.lang
    if request.method != "POST":
        return render(request, "public/request.html", _context(request, OnlineRequestForm()))
    if not allow(request, f"online-request:{ocmw.pk}", limit=LIMIT, window=WINDOW):
        return render(request, "public/request_slow.html", _context(request, None), status=429)
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY:
        return render(request, "public/request_slow.html",
                      _context(request, None, too_large=True), status=413)  # fmt: skip
    token = request.POST.get("selfcheck", "")
    answers = _selfcheck_answers(token)
    if request.POST.get("step") != "send":  # arriving from the self-check's result page
        initial = _initial_from(answers) if answers else {}
        form = OnlineRequestForm(initial=initial | {"selfcheck": token if answers else ""})
        return render(request, "public/request.html",
                      _context(request, form, selfcheck=bool(answers)))  # fmt: skip
    rejected = _csrf.process_view(request, None, (), {})
    if rejected is not None:
        return rejected
    form = OnlineRequestForm(request.POST, request.FILES)
    if form.is_valid() and form.cleaned_data.get(HONEYPOT):
        return render(request, "public/request_sent.html", _context(request, None))
    if form.is_valid():
        try:
            online = intake.submit(
                ocmw, form.cleaned_data, form.cleaned_data["documents"], language=lang,
                selfcheck=answers,
            )  # fmt: skip
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            sent = intake.queue_acknowledgement(online)  # a job: the mail server never waits
            return render(request, "public/request_sent.html",
                          _context(request, None, online=online, mailed=sent))  # fmt: skip
    else:  # the service's checks too, so that every field's error shows at once
        try:
            raw = request.POST.dict() | {"birth_date": form.cleaned_data.get("birth_date")}
            intake.check(raw, [])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                if field in form.fields and field not in form.errors:
                    form.add_error(field, messages)
    return render(request, "public/request.html",
                  _context(request, form, selfcheck=bool(answers)), status=200)  # fmt: skip
