"""Likely duplicates of a person about to be registered (issue 10 §1).

Without an INSZ the database cannot refuse a second file for the same person, and even with
one a person may already be registered under a wrong or provisional number (a BIS number
later replaced, a typing error). Before saving, the social worker is therefore shown the
persons of the same OCMW born on the same day whose name is the same up to

- accents and case ("Çelik" / "Celik"), spaces and hyphens ("Van den Broeck" /
  "Vandenbroeck", "Marie-Claire" / "Marie Claire"),
- the order of the names (first and last name swapped, as happens on forms),
- small typos: an edit distance (insertions, deletions, substitutions, two neighbouring
  letters swapped) of at most 1 over first and last name written together when they have up
  to 8 letters, 2 when longer (so twins "Anna" and "Anne" are shown too: the worker decides),

with a link to each file; they confirm "this is a different person" to save anyway.

:func:`compare` is pure (no database, unit-tested on its own); :func:`likely_duplicates`
reads the candidates (one indexed query on OCMW and birth date) and ranks them. Other flows
(online first requests) reuse both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from .models import Person
from .text import fold

EXACT = "same_name"
SWAPPED = "names_swapped"
SIMILAR = "similar_name"
LABELS = {
    EXACT: _("same name and birth date"),
    SWAPPED: _("same names in the other order, same birth date"),
    SIMILAR: _("similar name, same birth date"),
}


@dataclass(frozen=True)
class Match:
    person: Person
    reason: str  # EXACT, SWAPPED or SIMILAR
    distance: int  # edit distance between the names as compared (0: the same)
    other_insz: bool = False  # the match has an INSZ that differs from the one given

    @property
    def label(self) -> str:
        return str(LABELS[self.reason])


def letters(text: str) -> str:
    """The letters of a name, folded: no accents, case, spaces, hyphens or apostrophes."""
    return re.sub(r"[^a-z]", "", fold(text))


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Edit distance with adjacent transpositions (optimal string alignment: "Jna" is one
    typo away from "Jan"); stops early, returning ``limit + 1``, once it exceeds ``limit``."""
    if a == b:
        return 0
    if limit is not None and abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        if limit is not None and min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def tolerance(name: str) -> int:
    """How many typing errors a name of this length may contain and still match."""
    return 1 if len(name) <= 8 else 2


def compare(first_a: str, last_a: str, first_b: str, last_b: str) -> tuple[str, int] | None:
    """How the names (first, last) of a and b match: (EXACT | SWAPPED | SIMILAR, distance),
    or None when they do not. Pure."""
    fa, la, fb, lb = letters(first_a), letters(last_a), letters(first_b), letters(last_b)
    if not (fa or la) or not (fb or lb):
        return None
    if (fa, la) == (fb, lb):
        return EXACT, 0
    if (fa, la) == (lb, fb):
        return SWAPPED, 0
    # The names written together, in both orders: a typo may fall anywhere, a space or a
    # hyphen may be missing, and the first and last name may have been swapped.
    other = lb + fb
    straight, swapped = la + fa, fa + la
    allowed = tolerance(other)
    best = min(edit_distance(straight, other, allowed), edit_distance(swapped, other, allowed))
    if best <= allowed:
        return SIMILAR, best
    return None


def rank(first_name: str, last_name: str, candidates, insz: str | None = None) -> list[Match]:
    """The candidates (persons born on the same day) that match by name, best first. Pure:
    ``candidates`` is any iterable of persons. A candidate with the same INSZ as ``insz`` is
    not a "likely" duplicate but a certain one, refused elsewhere; it is left out here."""
    out = []
    for person in candidates:
        if insz and person.insz == insz:
            continue
        how = compare(first_name, last_name, person.first_name, person.last_name)
        if how is None:
            continue
        reason, distance = how
        out.append(Match(person, reason, distance, bool(insz and person.insz)))
    order = {EXACT: 0, SWAPPED: 1, SIMILAR: 2}
    out.sort(key=lambda m: (order[m.reason], m.distance, m.person.last_name, m.person.pk))
    return out


def likely_duplicates(
    ocmw, first_name: str, last_name: str, birth_date: date | None, insz: str | None = None,
    *, exclude_pk: int | None = None, limit: int = 10,
) -> list[Match]:  # fmt: skip
    """Persons of ``ocmw`` (an Ocmw or its id) born on ``birth_date`` whose name matches
    (see the module's docstring), best first, at most ``limit``. One query, served by the
    (ocmw, birth_date) index. Not audited here: the caller records the check."""
    if birth_date is None or not (first_name or last_name):
        return []
    ocmw_id = getattr(ocmw, "pk", ocmw)
    candidates = Person.objects.filter(ocmw_id=ocmw_id, birth_date=birth_date)
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    fields = ("pk", "ocmw_id", "insz", "first_name", "last_name", "birth_date", "street",
              "house_number", "box", "postal_code", "municipality")  # fmt: skip
    return rank(first_name, last_name, candidates.only(*fields)[:500], insz=insz)[:limit]
