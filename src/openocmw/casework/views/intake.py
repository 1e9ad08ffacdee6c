"""The worker's side of online first requests: the queue, matching to a person, registering
a new person from the request, the documents sent with it (issue 12 §3)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from openocmw.accounts import audit
from openocmw.accounts.tenancy import actor_of as _actor
from openocmw.accounts.tenancy import scope
from openocmw.inputs.forms import CheckedForm
from openocmw.inputs.uploads import attachment_response
from openocmw.registry.forms import nationality_choices
from openocmw.registry.models import Person, Sex
from openocmw.web.helpers import apply_errors

from .. import online as intake
from ..models import OnlineState


class MatchForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)


class NewPersonFromOnlineForm(CheckedForm):
    sex = forms.ChoiceField(label=gettext_lazy("sex"), choices=Sex.choices)
    nationality = forms.ChoiceField(label=gettext_lazy("nationality"), choices=())
    not_duplicate = forms.BooleanField(
        label=gettext_lazy("I checked the persons above: this is a different person."),
        required=False,
    )

    def __init__(self, *args, language: str = "nl", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationality"].choices = nationality_choices(language)
        self.fields["nationality"].initial = "BE"


@login_required
def online_queue(request):
    actor = _actor(request)
    rows = list(intake.pending(actor)[:200])
    audit.record(actor, "view", object_type="queue", object_id="online", purpose="online requests")
    return render(request, "casework/online_queue.html", {
        "rows": rows, "today": timezone.localdate(),
    })  # fmt: skip


@login_required
def online_detail(request, online_id: int):
    actor = _actor(request)
    online = intake.get_online(actor, online_id)
    if online.state == OnlineState.MATCHED:
        return render(request, "casework/online_detail.html", {"online": online})
    matches = intake.candidates(actor, online)
    new_form = NewPersonFromOnlineForm(language=get_language() or "nl")
    if request.method == "POST":
        try:
            if "person" in request.POST:
                form = MatchForm(request.POST)
                shown = {m.person.pk for m in matches}
                if not form.is_valid() or form.cleaned_data["person"] not in shown:
                    raise ValidationError({"person": _("Choose one of the persons shown.")})
                person = scope(Person.objects.all(), actor).get(pk=form.cleaned_data["person"])
                req = intake.match(actor, online, person)
            else:
                new_form = NewPersonFromOnlineForm(request.POST, language=get_language() or "nl")
                if not new_form.is_valid():
                    raise ValidationError(new_form.errors.as_data())
                if matches and not new_form.cleaned_data["not_duplicate"]:
                    raise ValidationError({"not_duplicate": _(
                        "Confirm that the person is none of the persons shown, or choose one."
                    )})  # fmt: skip
                req = intake.register_person(
                    actor, online, sex=new_form.cleaned_data["sex"],
                    nationality=new_form.cleaned_data["nationality"],
                    not_duplicate_of=[m.person.pk for m in matches],
                )  # fmt: skip
        except ValidationError as exc:
            if "person" in getattr(exc, "error_dict", {}):
                for msg in exc.message_dict["person"]:
                    messages.error(request, msg)
            else:
                apply_errors(new_form, exc)
        else:
            messages.success(request, _("Request %(n)s is registered.") % {"n": req.number})
            return redirect("case_detail", request_id=req.pk)
    return render(request, "casework/online_detail.html", {
        "online": online, "matches": matches, "new_form": new_form,
        "documents": list(online.documents.all()), "today": timezone.localdate(),
    })  # fmt: skip


@login_required
def online_document(request, online_id: int, document_id: int):
    actor = _actor(request)
    online = intake.get_online(actor, online_id)
    doc = online.documents.filter(pk=document_id).first()
    if doc is None:
        raise Http404
    audit.record(
        actor, "export", object_type="onlinedocument", object_id=doc.pk,
        subject_person_id=online.person_id,
    )  # fmt: skip
    return attachment_response(
        doc.file.open("rb"), filename=doc.filename, content_type=doc.content_type
    )
