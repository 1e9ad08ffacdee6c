"""The API's only parser: strict JSON, bounded depth, no text the database cannot store."""

from __future__ import annotations

import codecs
import json

from django.utils.translation import gettext as _
from rest_framework.parsers import BaseParser
from rest_framework.renderers import JSONRenderer

from openocmw.guard import bad_character

from .errors import error

# Deeper JSON than this is refused before any handler sees it (no structure of the API nests
# more than a few levels; a leefloon situation at most five).
MAX_JSON_DEPTH = 32


def _check_depth_and_text(value) -> None:
    """Refuse JSON nested deeper than MAX_JSON_DEPTH, or text with NUL or lone surrogates."""
    stack = [(value, 1, "")]
    while stack:
        node, depth, path = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise error(
                400,
                _("The request body is nested too deeply (at most %(n)s levels).")
                % {"n": MAX_JSON_DEPTH},
                code="parse_error",
            )
        if isinstance(node, dict):
            for key, item in node.items():
                _check_text(key, path or None)
                stack.append((item, depth + 1, f"{path}.{key}" if path else str(key)))
        elif isinstance(node, list):
            stack.extend((item, depth + 1, f"{path}[{i}]") for i, item in enumerate(node))
        elif isinstance(node, str):
            _check_text(node, path or None)


def _check_text(text: str, field: str | None) -> None:
    problem = bad_character(text)
    if problem:
        raise error(400, problem, field=field, code="invalid_character")


class StrictJSONParser(BaseParser):
    """JSON only, UTF-8, no NaN/Infinity, bounded depth, no NUL or lone surrogates in text."""

    media_type = "application/json"
    renderer_class = JSONRenderer

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = json.load(codecs.getreader("utf-8")(stream), parse_constant=_no_constant)
        except RecursionError:
            raise error(
                400,
                _("The request body is nested too deeply (at most %(n)s levels).")
                % {"n": MAX_JSON_DEPTH},
                code="parse_error",
            ) from None
        except (ValueError, UnicodeDecodeError):
            raise error(400, _("The request body is not valid JSON."), code="parse_error") from None
        _check_depth_and_text(data)
        return data


def _no_constant(name: str):
    raise ValueError(name)
