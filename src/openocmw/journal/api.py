"""The file's journal in the JSON API: GET and POST /api/v1/persons/{id}/journal.

The same rules as the journal page (``journal.services``): social workers and team leads of
the person's OCMW; a confidential note only for its author and the team leads; every read,
search and note audited with the person as subject; bad input named by its field.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from openocmw.accounts.tenancy import require
from openocmw.api.framework import (
    ApiView,
    Choice,
    DayField,
    StrictSerializer,
    TextField,
    TruthField,
)
from openocmw.registry.api import person_in_ocmw, refusals

from . import services
from .models import NoteKind

TAG = ["journal"]


class JournalQuery(StrictSerializer):
    q = TextField(required=False, allow_blank=True, max_length=200, help_text="Every word")
    limit = serializers.IntegerField(required=False, min_value=1, max_value=200, default=50)
    offset = serializers.IntegerField(required=False, min_value=0, max_value=10**9, default=0)


class NoteInput(StrictSerializer):
    happened_on = DayField()
    kind = Choice(choices=NoteKind.choices)
    text = TextField(max_length=10_000)
    confidential = TruthField(required=False, default=False)


class NoteOut(serializers.Serializer):
    id = serializers.IntegerField()
    happened_on = serializers.DateField()
    kind = serializers.CharField()
    text = serializers.CharField()
    confidential = serializers.BooleanField()
    author = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def get_author(self, note) -> str:
        return note.author.get_full_name() or note.author.get_username()


class NoteList(serializers.Serializer):
    count = serializers.IntegerField()
    offset = serializers.IntegerField()
    results = NoteOut(many=True)


class PersonJournal(ApiView):
    @extend_schema(
        tags=TAG,
        summary="The person's journal (notes), newest first; searched word by word",
        operation_id="person_journal_list",
        parameters=[JournalQuery],
        responses={200: NoteList} | refusals(400, 401, 403, 404),
    )
    def get(self, request, person_id: int):
        actor = self.actor
        require(actor, "journal.view")
        q = self.valid(JournalQuery, {k: request.query_params.get(k) for k in request.GET})
        person = person_in_ocmw(actor, person_id)
        qs = services.notes_for(actor, person, q.get("q", ""))
        rows = list(qs[q["offset"] : q["offset"] + q["limit"]])
        return self.answer(
            NoteList({"count": qs.count(), "offset": q["offset"], "results": rows}).data
        )

    @extend_schema(
        tags=TAG,
        summary="Add a note to the person's journal",
        operation_id="person_journal_add",
        request=NoteInput,
        responses={201: NoteOut} | refusals(400, 401, 403, 404),
    )
    def post(self, request, person_id: int):
        actor = self.actor
        require(actor, "journal.write")
        data = self.valid(NoteInput)
        person = person_in_ocmw(actor, person_id)
        note = services.add_note(actor, person, **data)
        return self.answer(NoteOut(note).data, 201)
