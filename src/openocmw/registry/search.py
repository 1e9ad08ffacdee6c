"""Finding a person: by name, first name alone, INSZ, or address; counted and paged.

The name and INSZ conditions are served by indexes on both databases (``(ocmw,
search_name)``, ``(ocmw, search_first)``, ``(ocmw, insz)``): a prefix is also a range, which
an index serves whatever the collation. The address fields narrow the search (street and
municipality by their start, house number and postal code exactly); they are meant together
with a name or alone for "who lives at Kerkstraat 12". The street is served the same way as
the names (``(ocmw, search_street)``, the street folded), the postal code by ``(ocmw,
postal_code, search_name)``, which also reads them in the order of the page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q

from openocmw.accounts import audit
from openocmw.accounts.tenancy import Actor, require, scope

from .models import Person
from .text import fold

PER_PAGE = 25
ADDRESS_FIELDS = ("street", "number", "postcode", "municipality")


SUCCESSOR = {c: chr(ord(c) + 1) for c in "abcdefghijklmnopqrstuvwxy012345678"}


def _prefix(column: str, prefix: str) -> Q:
    """``column`` starts with ``prefix``, written so that an index serves it as a range.

    At or after the prefix, and before the prefix with its last letter or digit incremented
    ("pe" <= name < "pf"): the (ocmw, column) index reads only the matching entries, in
    order, and counts them without the table. Exact on SQLite and on PostgreSQL with a C or
    ICU-root collation (names are folded to lower-case letters); a linguistic collation that
    ignores punctuation may add a name such as "p-f..." (harmless, never one missing). A
    prefix without a safe successor (ending in "z", "9" or another character) keeps the LIKE
    with only the lower bound. (A LIKE next to the range would make PostgreSQL's planner
    underestimate the rows and sort them all instead of reading the index in order.)"""
    stem = prefix
    while stem and stem[-1] in ("z", "9"):
        stem = stem[:-1]  # "pez" < "pf"
    if stem and stem[-1] in SUCCESSOR:
        return Q(**{f"{column}__gte": prefix, f"{column}__lt": stem[:-1] + SUCCESSOR[stem[-1]]})
    return Q(**{f"{column}__gte": prefix, f"{column}__startswith": prefix})


def branches(query: str) -> list[Q] | None:
    """The conditions for ``query``, in the order their results are listed: the start of an
    INSZ (6 or more digits, nothing else), or a name: "peeters jan", "jan peeters", "peet";
    one word is also the start of a first name ("jan"), listed after the last names. Each
    condition is served by one index (no OR across columns, which no index serves). None
    when there is nothing to search for."""
    query = (query or "").strip()
    digits = "".join(c for c in query if c.isdigit())
    if digits and len(digits) >= 6 and not any(c.isalpha() for c in query):
        top = digits + "9" * (11 - len(digits))
        return [Q(insz__range=(digits, top), insz__startswith=digits)]
    words = fold(query).split()
    if not words:
        return None
    # search_name is "last first": the words as typed, or with the first word moved to the
    # end ("jan peeters").
    last = _prefix("search_name", " ".join(words))
    if len(words) >= 2:
        return [last | _prefix("search_name", " ".join(words[1:] + words[:1]))]
    return [last, _prefix("search_first", words[0]) & ~last]


def collect(qs, conds: list[Q], offset: int, limit: int, *, count: bool = True):
    """Rows ``offset`` to ``offset + limit`` of the conditions' results, each condition's
    rows by name, one after the other; and the number of all of them (None without
    ``count``). A query per condition for the count and at most one per condition for the
    rows."""
    results: list[Person] = []
    total = 0 if count else None
    skip = offset
    for cond in conds:
        part = qs.filter(cond)
        size = part.count() if count or skip else None
        if count:
            total += size
        wanted = limit - len(results)
        if wanted <= 0:
            if not count:
                break
            continue
        if size == 0:
            continue
        if size is not None and skip >= size:
            skip -= size
            continue
        rows = list(part.order_by("search_name", "pk")[skip : skip + wanted])
        results.extend(rows)
        skip = 0
    return results, total


@dataclass(frozen=True)
class Address:
    street: str = ""
    number: str = ""
    postcode: str = ""
    municipality: str = ""

    @classmethod
    def from_query(cls, data) -> Address:
        return cls(**{k: str(data.get(k, "")).strip()[:150] for k in ADDRESS_FIELDS})

    def __bool__(self) -> bool:
        return any((self.street, self.number, self.postcode, self.municipality))

    def condition(self) -> Q:
        cond = Q()
        if self.street:
            cond &= _prefix("search_street", fold(self.street))
        if self.number:
            cond &= Q(house_number__iexact=self.number)
        if self.postcode:
            cond &= Q(postal_code=self.postcode)
        if self.municipality:
            cond &= Q(municipality__istartswith=self.municipality)
        return cond

    def as_dict(self) -> dict:
        return {k: v for k in ADDRESS_FIELDS if (v := getattr(self, k))}


@dataclass(frozen=True)
class SearchPage:
    results: list[Person]
    total: int
    page: int
    per_page: int
    params: dict = field(default_factory=dict)  # the search, to link pages and come back

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def first(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.total, self.page * self.per_page)

    @property
    def previous_page(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None

    def query_of(self, page: int | None) -> str:
        """The query string of ``page`` of this search (for links and the way back)."""
        return urlencode({**self.params, "page": page}) if page else ""

    @property
    def previous_query(self) -> str:
        return self.query_of(self.previous_page)

    @property
    def next_query(self) -> str:
        return self.query_of(self.next_page)

    @property
    def this_query(self) -> str:
        return self.query_of(self.page)


def search(
    actor: Actor,
    query: str = "",
    address: Address | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> SearchPage | None:
    """One page of the persons of the actor's OCMW matching ``query`` and ``address``, with
    the number of all of them (no silent limit). None when nothing was asked. Audited."""
    require(actor, "person.search")
    query = (query or "").strip()
    address = address or Address()
    conds = branches(query)
    if conds is None and not address:
        return None
    qs = scope(Person.objects.all(), actor)
    if address:
        qs = qs.filter(address.condition())
    conds = conds or [Q()]
    page = max(1, page)
    results, total = collect(qs, conds, (page - 1) * per_page, per_page)
    pages = max(1, math.ceil(total / per_page))
    if page > pages:  # beyond the last page: the last page
        page = pages
        results, total = collect(qs, conds, (page - 1) * per_page, per_page)
    params = {"q": query, **address.as_dict()} if query else address.as_dict()
    audit.record(
        actor,
        "search",
        object_type="person",
        purpose="person search",
        detail={"query": query, **address.as_dict(), "results": total, "page": page},
    )
    return SearchPage(results, total, page, per_page, params)
