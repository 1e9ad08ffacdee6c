"""The journal, documents and appointments of a person, and "my tasks today"."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openocmw.accounts.tenancy import actor_of as _actor
from openocmw.accounts.tenancy import require
from openocmw.guard import int_param
from openocmw.inputs.uploads import attachment_response
from openocmw.registry.views import load_person
from openocmw.web.helpers import apply_errors

from . import agenda, services, tasks
from .forms import AppointmentForm, DocumentForm, LinkForm, NoteForm, parse_target
from .models import Appointment, Document


def _targets(actor, person) -> list[tuple[str, str]]:
    requests, gpmis = services.link_targets(actor, person)
    return [
        *((f"request:{r.pk}", _("request %(number)s") % {"number": r.number}) for r in requests),
        *((f"gpmi:{g.pk}", _("GPMI from %(date)s") % {"date": g.start.strftime("%d/%m/%Y")})
          for g in gpmis),
    ]  # fmt: skip


@login_required
def journal(request, person_id: int):
    actor = _actor(request)
    require(actor, "journal.view")
    person = load_person(request, person_id, purpose="case journal")
    note_form = NoteForm(initial={"happened_on": timezone.localdate(), "kind": "phone"})
    appointment_form = AppointmentForm()
    status = 200
    if request.method == "POST":
        require(actor, "journal.write")
        which = request.POST.get("form")
        if which == "cancel":
            try:
                services.cancel_appointment(actor, person, request.POST.get("appointment"))
                messages.success(request, _("The appointment was cancelled."))
            except ValidationError as exc:
                for m in exc.messages:
                    messages.error(request, m)
            return redirect("journal", person_id=person.pk)
        form = NoteForm(request.POST) if which == "note" else AppointmentForm(request.POST)
        if form.is_valid():
            try:
                if which == "note":
                    services.add_note(actor, person, **form.cleaned_data)
                    messages.success(request, _("The note was added to the journal."))
                else:
                    services.add_appointment(actor, person, **form.cleaned_data)
                    messages.success(request, _("The appointment was added."))
                return redirect("journal", person_id=person.pk)
            except ValidationError as exc:
                apply_errors(form, exc)
        status = 400
        if which == "note":
            note_form = form
        else:
            appointment_form = form
    query = request.GET.get("q", "")
    notes = services.notes_for(actor, person, query)
    return render(request, "journal/journal.html", {
        "person": person, "notes": notes, "q": query, "note_form": note_form,
        "appointment_form": appointment_form,
        "appointments": services.appointments_of(actor, person).filter(
            starts_at__gte=timezone.now() - timedelta(days=1)
        ).select_related("worker"),
    }, status=status)  # fmt: skip


@login_required
def documents(request, person_id: int):
    actor = _actor(request)
    require(actor, "journal.view")
    person = load_person(request, person_id, purpose="person documents")
    targets = _targets(actor, person)
    form = DocumentForm(targets=targets)
    status = 200
    if request.method == "POST":
        require(actor, "journal.write")
        if request.POST.get("form") == "link":
            link = LinkForm(request.POST, targets=targets)
            document = _document(actor, request.POST.get("document"))
            if link.is_valid() and document is not None and document.person_id == person.pk:
                request_id, gpmi_id = parse_target(link.cleaned_data["target"])
                try:
                    services.link_document(actor, document, request_id=request_id, gpmi_id=gpmi_id)
                    messages.success(request, _("The document was linked."))
                except ValidationError as exc:
                    for m in exc.messages:
                        messages.error(request, m)
            else:
                messages.error(request, _("Link to: choose a request or GPMI of this person."))
            return redirect("documents", person_id=person.pk)
        form = DocumentForm(request.POST, request.FILES, targets=targets)
        if form.is_valid():
            request_id, gpmi_id = parse_target(form.cleaned_data["target"])
            try:
                _doc, created = services.upload_document(
                    actor, person, form.cleaned_data["file"], title=form.cleaned_data["title"],
                    request_id=request_id, gpmi_id=gpmi_id,
                )  # fmt: skip
                messages.success(request, _("The document was added.") if created else
                                 _("This file was already in the file: it is linked, not stored twice."))  # fmt: skip  # noqa: E501
                return redirect("documents", person_id=person.pk)
            except ValidationError as exc:
                apply_errors(form, exc)
        status = 400
    rows = services.documents_for(actor, person)
    return render(request, "journal/documents.html", {
        "person": person, "rows": rows, "form": form, "targets": targets,
    }, status=status)  # fmt: skip


def _document(actor, pk) -> Document | None:
    try:
        return services.get_document(actor, pk)
    except Document.DoesNotExist:
        return None


@login_required
def document_download(request, document_id: int):
    document = _document(_actor(request), document_id)
    if document is None:
        raise Http404(_("No such document in your OCMW."))
    return attachment_response(
        document.file.open("rb"), filename=document.filename, content_type=document.content_type
    )


@login_required
def appointment_edit(request, person_id: int, appointment_id: int):
    """Move or change a planned appointment, or cancel it; what it was stays in its history."""
    actor = _actor(request)
    require(actor, "journal.view")
    person = load_person(request, person_id, purpose="case journal")
    try:
        appointment = services.get_appointment(actor, person, appointment_id)
    except Appointment.DoesNotExist:
        raise Http404(_("This appointment is not planned for this person.")) from None
    initial = {
        "starts_at": timezone.localtime(appointment.starts_at),
        "subject": appointment.subject, "place": appointment.place,
    }  # fmt: skip
    form = AppointmentForm(initial=initial)
    version = appointment.version
    status = 200
    if request.method == "POST":
        require(actor, "journal.write")
        form = AppointmentForm(request.POST)
        version = int_param(request.POST, "version") or appointment.version
        if form.is_valid():
            try:
                services.update_appointment(
                    actor, person, appointment.pk, expected_version=version, **form.cleaned_data
                )
                messages.success(request, _("The appointment was changed."))
                return redirect(request.POST.get("next") == "calendar" and "calendar"
                                or reverse("journal", args=[person.pk]) + "#appointments")  # fmt: skip
            except ValidationError as exc:
                apply_errors(form, exc)
        status = 400
    return render(request, "journal/appointment_edit.html", {
        "person": person, "appointment": appointment, "form": form, "version": version,
        "changes": appointment.changes.select_related("changed_by"),
        "next": request.GET.get("next") or request.POST.get("next", ""),
    }, status=status)  # fmt: skip


@login_required
def calendar(request):
    """The worker's appointments for a week (Monday to Sunday) or a day."""
    actor = _actor(request)
    require(actor, "journal.view")
    on = timezone.localdate()
    error = ""
    if request.GET.get("date"):
        try:
            on = date.fromisoformat(request.GET["date"])
        except ValueError:
            error = _("Dates are written as dd/mm/yyyy.")
    view = request.GET.get("view", "week")
    return render(request, "journal/calendar.html", {
        "agenda": agenda.agenda(actor, view, on), "error": error,
    }, status=400 if error else 200)  # fmt: skip


@login_required
def my_tasks(request):
    actor = _actor(request)
    require(actor, "journal.view")
    today = timezone.localdate()
    return render(request, "journal/tasks.html", {
        "tasks": tasks.my_tasks(actor, today), "today": today,
    })  # fmt: skip
