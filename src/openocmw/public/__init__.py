"""The citizen's side (issue 12): public pages without login, per OCMW and language.

URLs. Every public page lives under ``/public/<nis>/<lang>/...``: ``nis`` is the OCMW's
five-digit NIS code (the link an OCMW publishes on its website, e.g. ``/public/24062/nl/``)
and ``lang`` is ``nl``, ``fr`` or ``de``. The language is in the URL, never in a cookie or a
session: a page in another language is another URL (the header's language links). ``/public/``
lists the OCMWs; ``/public/<nis>/`` sends to the OCMW's first language. Names, namespace
``public``: ``public:index``, ``public:ocmw`` (nis), ``public:explorer`` (nis, lang; the
rights explorer, §1), ``public:right`` (nis, lang, code), ``public:selfcheck`` (nis, lang; the
anonymous self-check, §2).

How a module plugs in. Every module of this package whose name ends in ``_urls``
(``explorer_urls``, ``selfcheck_urls``, and e.g. ``request_urls`` for the online first
request) is found by ``urls.py`` and its ``urlpatterns`` are included under
``<nis>/<lang>/``: no line to add anywhere else. Its views take ``(request, ...)`` and are
wrapped in ``common.public_page``, which resolves the OCMW (404 for an unknown NIS code or
language), activates the language for the request and sets ``request.ocmw`` and
``request.lang``; templates extend ``public/base.html`` (blocks ``title``, ``content``; the
header's links are ``nav`` entries in ``common.NAV``: append ``("public:request",
gettext_lazy("..."))`` to it from your module to get a link in the header).

Privacy, for every module here: no login, no session data, no tracking cookie (a response
sets no cookie at all; a page with a form may set Django's CSRF cookie, which is strictly
necessary), nothing about the visitor is stored or logged, so nothing is audited.

The self-check's hand-off to the online first request (the interface between §2 and §3).
The self-check's result page has a form ``<form method="post" action="{% url 'public:request'
nis lang %}">`` (shown only when that URL name exists) with the CSRF token and one hidden
field ``selfcheck``: the answers as ``django.core.signing.dumps(data, salt=SIGNING_SALT,
compress=True)`` (``selfcheck_rules.dumps``). The receiving view reads them with
``selfcheck.load_answers(request.POST["selfcheck"])`` (also importable from
``selfcheck_rules``), which returns the dict or ``None`` (altered, or older than ``MAX_AGE``,
a day). The dict (``selfcheck_rules.Answers.to_dict()`` plus what the result showed) is::

    {"version": 1, "on": "2026-12-07", "lang": "nl",
     "applicant": {"age": 34, "status": "belgian", "family_allowance": "0.00",
                   "incomes": [{"kind": "wages", "amount": "850.00"}]},
     "partner": null or {"age": 36, "incomes": [...]},
     "children": [{"age": 7}],
     "others": [{"age": 60, "relation": "parent", "incomes": [...]}],
     "disability": 0, "debt_mediation": -1,       # 1 yes, 0 no, -1 does not know
     "rights": ["leefloon", "increased_reimbursement"],  # what the result page showed
     "leefloon_monthly": "1325.00" or null}

Income kinds are the self-check's (``selfcheck_rules.INCOME_KINDS``: wages, benefit,
sickness, pension, maintenance, other), monthly net amounts in euro as strings; statuses are
``selfcheck_rules.STATUSES``' keys. Nothing in it identifies the person: the request form
asks for identity and contact itself.
"""
