"""Checks of what people send in, shared by every layer (forms, services, the API).

``uploads``: a document is verified by parsing it (PDF, PNG, JPEG) before it is stored, and
served back only as an attachment. ``validation``: plausible dates, length limits, Unicode
normalisation and the characters a name may contain. Plain Python and Django's
``ValidationError``; no models, so any app can use it without an import cycle.
"""
