"""The API layer on Django REST framework: authentication, strict JSON, and one error shape.

Every endpoint is an :class:`ApiView`. Errors are JSON in the user's language, always as
``{"errors": [{"field": "birth_date", "code": "invalid", "message": "…"}]}``; bad input is
answered 400 and changes nothing; no input gives a 500 (see docs/architecture.md, "API").

Authentication is a token (``Authorization: Bearer <token>``, scoped to the token's OCMW) or the
web session (changes then need the CSRF token). The acting :class:`~openocmw.accounts.tenancy.Actor`
is ``request.auth`` in every handler.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from .auth import BearerTokenAuthentication, HasActor, SessionActorAuthentication
from .errors import (  # noqa: F401  (the API's vocabulary, in one import)
    ApiError,
    ErrorSerializer,
    ErrorsSerializer,
    django_validation_errors,
    error,
    form_errors,
)
from .parsers import StrictJSONParser


class ApiView(APIView):
    """The base of every endpoint: JSON in and out, the actor's language, field-named errors."""

    authentication_classes = [BearerTokenAuthentication, SessionActorAuthentication]
    permission_classes = [HasActor]
    parser_classes = [StrictJSONParser]
    renderer_classes = [JSONRenderer]

    @property
    def actor(self):
        return self.request.auth

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        explicit = "HTTP_ACCEPT_LANGUAGE" in request.META or request.COOKIES.get("django_language")
        if not explicit and self.actor is not None:
            translation.activate(self.actor.user.language)

    def answer(self, data, status: int = 200) -> Response:
        return Response(data, status=status)

    def body(self) -> dict:
        """The request body as a JSON object (an empty body is ``{}``)."""
        data = self.request.data
        if not isinstance(data, dict):
            raise error(400, _("The request body must be a JSON object."), code="parse_error")
        return data

    def valid(self, serializer_class, data=None, **kwargs) -> dict:
        """``data`` (default: the body) checked by ``serializer_class``; its validated data."""
        serializer = serializer_class(data=self.body() if data is None else data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class StrictSerializer(serializers.Serializer):
    """A serializer that names every field it does not know (``code: unknown_field``)."""

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError(
                {"non_field_errors": [_("Give an object.")]}, code="invalid"
            )
        unknown = {
            k: [exceptions.ErrorDetail(_("Unknown field."), "unknown_field")]
            for k in data
            if k not in self.fields
        }
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            # Every problem at once: unknown fields and the fields' own errors.
            detail = (
                exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
            )
            raise serializers.ValidationError(unknown | detail) from None
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


# --- Strict fields: JSON types as documented, no silent coercion ("12" is not a number) --------


class TextField(serializers.CharField):
    """A JSON string (DRF's CharField would also take a number and turn it into text)."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class WholeNumberField(serializers.IntegerField):
    """A JSON integer (not a string of digits, not a boolean, not 1.0)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class TruthField(serializers.BooleanField):
    """A JSON true or false (not "yes", not 1)."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class DayField(serializers.DateField):
    """A date as a JSON string YYYY-MM-DD."""

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["iso-8601"])
        super().__init__(**kwargs)

    def to_internal_value(self, value):
        if not isinstance(value, str):
            self.fail("invalid", format="YYYY-MM-DD")
        return super().to_internal_value(value)


class Choice(serializers.ChoiceField):
    """One of the given values, as a JSON string."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)
