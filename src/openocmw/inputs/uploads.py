"""Uploaded documents: verified by parsing before they are stored, served only as attachments.

A document is accepted when all of these hold, else a ``ValidationError`` on the field names
the field and the reason in the user's language, and nothing is stored:

- it is a PDF, a PNG or a JPEG by its first bytes, and its file name's extension and the type
  the browser declared agree with that content;
- it is not also a web page or a program (a ``%PDF-`` + HTML polyglot, an executable behind an
  image header);
- a PDF parses (pypdf), is not password-protected, has at least one page and has no active
  content anywhere in its objects: no JavaScript (``/JS``, ``/JavaScript``), no launch, no
  automatic action (``/AA``, an ``/OpenAction`` other than going to a page), no embedded file,
  no rich media, no form submission or data import;
- an image decodes completely (Pillow: verify, then load) and ends where the image ends.

``attachment_response`` serves a stored document: ``Content-Disposition: attachment`` with a
safe ASCII file name and the exact name as ``filename*``, the stored content type,
``X-Content-Type-Options: nosniff``, no caching and a sandboxing CSP, never inline.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

MAX_UPLOAD = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 60_000_000  # a 60-megapixel photo; beyond that decoding is refused
MAX_PDF_OBJECTS = 400_000  # objects visited while looking for active content

PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
MAGIC = {b"%PDF-": PDF, b"\x89PNG\r\n\x1a\n": PNG, b"\xff\xd8\xff": JPEG}
EXTENSIONS = {"pdf": PDF, "png": PNG, "jpg": JPEG, "jpeg": JPEG, "jpe": JPEG, "jfif": JPEG}
DECLARED = {
    "application/pdf": PDF, "application/x-pdf": PDF,
    "image/png": PNG, "image/x-png": PNG,
    "image/jpeg": JPEG, "image/jpg": JPEG, "image/pjpeg": JPEG,
}  # fmt: skip
# What a browser sends when it does not know the type: no claim to check.
UNDECLARED = {"", "application/octet-stream", "binary/octet-stream"}

# Markers of a second format inside the file (matched on the lower-cased bytes).
HTML_MARKERS = (
    b"<html", b"<!doctype", b"<script", b"<body", b"<iframe", b"<svg", b"<object", b"<embed",
    b"javascript:",
)  # fmt: skip
EXECUTABLE_MARKERS = (
    b"this program cannot be run in dos mode",
    b"\x7felf\x01\x01",
    b"\x7felf\x02\x01",
    b"\x7felf\x01\x02",
    b"\x7felf\x02\x02",
)
# PDF names that carry active content wherever they appear (as a key or as a value).
PDF_ACTIVE = frozenset(
    {"/JS", "/JavaScript", "/Launch", "/AA", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia",
     "/SubmitForm", "/ImportData", "/GoToE", "/XFA", "/Sound", "/Movie"}
)  # fmt: skip


@dataclass(frozen=True)
class VerifiedUpload:
    data: bytes
    content_type: str
    filename: str  # cleaned: no path, no control characters, NFC, at most 200 characters
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


class _Refused(Exception):
    def __init__(self, message: str):
        self.message = message


def _refuse(field: str, label: str, message: str, **params) -> ValidationError:
    return ValidationError({field: capfirst(message % {"field": label, **params})})


def safe_filename(name: str, *, limit: int = 200) -> str:
    """The file's own name: no folder, NFC, no control/format characters, at most ``limit``
    characters (the extension kept)."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = unicodedata.normalize("NFC", name)
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp"))
    name = name.strip().strip(".") or "document"
    if len(name) > limit:
        stem, dot, ext = name.rpartition(".")
        ext = ext[:10] if dot else ""
        name = (stem if dot else name)[: limit - len(ext) - 1] + ("." + ext if ext else "")
    return name


def ascii_filename(name: str) -> str:
    """An ASCII stand-in for ``name`` that every browser and file system accepts."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    folded = re.sub(r"[^A-Za-z0-9._ -]+", "_", folded).strip(" ._") or "document"
    return folded[:200]


def sniff(head: bytes) -> str | None:
    for magic, content_type in MAGIC.items():
        if head.startswith(magic):
            return content_type
    return None


def _kind(content_type: str) -> str:
    return {PDF: "PDF", PNG: "PNG", JPEG: "JPEG"}.get(content_type, content_type)


def verify_upload(upload, *, field: str = "file", label: str | None = None) -> VerifiedUpload:
    """Read and verify an uploaded file (Django ``UploadedFile`` or any object with ``read``,
    ``name``, ``size`` and ``content_type``). Raises ``ValidationError({field: ...})``."""
    label = label or _("document")
    if upload is None:
        raise _refuse(field, label, _("%(field)s: choose a file."))
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD:
        raise _too_large(field, label, size)
    data = upload.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise _too_large(field, label, len(data))
    if not data:
        raise _refuse(field, label, _("%(field)s: the file is empty."))
    filename = safe_filename(getattr(upload, "name", "") or "")
    actual = sniff(data[:16])
    if actual is None:
        raise _refuse(field, label, _("%(field)s: only PDF files and PNG or JPEG images are accepted."))  # fmt: skip
    ext = filename.rpartition(".")[2].lower() if "." in filename else ""
    declared = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    claims = [("." + ext if ext else "?", EXTENSIONS.get(ext))]
    if declared not in UNDECLARED:
        claims.append((declared, DECLARED.get(declared)))
    for shown, claim in claims:
        if claim != actual:
            raise _refuse(
                field, label,
                _("%(field)s: the file's name or declared type (%(declared)s) does not match its content (%(actual)s)."),
                declared=shown, actual=_kind(actual),
            )  # fmt: skip
    lowered = data.lower()
    if any(marker in lowered for marker in HTML_MARKERS):
        raise _refuse(field, label, _("%(field)s: the file also contains a web page or a script; it is refused."))  # fmt: skip
    if any(marker in lowered for marker in EXECUTABLE_MARKERS):
        raise _refuse(field, label, _("%(field)s: the file also contains a program; it is refused."))  # fmt: skip
    try:
        if actual == PDF:
            _verify_pdf(data)
        else:
            _verify_image(data, actual)
    except _Refused as refused:
        raise ValidationError({field: capfirst(refused.message % {"field": label})}) from None
    return VerifiedUpload(
        data=data, content_type=actual, filename=filename,
        sha256=hashlib.sha256(data).hexdigest(),
    )  # fmt: skip


def _too_large(field, label, size) -> ValidationError:
    return _refuse(
        field, label, _("%(field)s: the file is larger than %(max)s MB (%(size)s MB)."),
        max=MAX_UPLOAD // (1024 * 1024), size=f"{size / 1024 / 1024:.1f}".replace(".", ","),
    )  # fmt: skip


# --- PDF -----------------------------------------------------------------------------------


def _verify_pdf(data: bytes) -> None:
    import logging

    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    unreadable = _("%(field)s: the PDF file cannot be read (damaged, or not a PDF).")
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings on odd files are noise
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise _Refused(_("%(field)s: the PDF file is protected by a password; upload it without the protection."))  # fmt: skip
        if len(reader.pages) < 1:
            raise _Refused(unreadable)
        for page in reader.pages:
            page.mediabox  # noqa: B018 - a page without a usable box does not display
        roots = [reader.trailer]
        for generation, objects in reader.xref.items():
            roots.extend(IndirectObject(idnum, generation, reader) for idnum in objects)
        roots.extend(IndirectObject(idnum, 0, reader) for idnum in reader.xref_objStm)
        seen: set[tuple[int, int]] = set()
        stack = list(roots)
        visited = 0
        while stack:
            obj = stack.pop()
            visited += 1
            if visited > MAX_PDF_OBJECTS:
                raise _Refused(unreadable)
            if isinstance(obj, IndirectObject):
                key = (obj.idnum, obj.generation)
                if key in seen:
                    continue
                seen.add(key)
                obj = obj.get_object()
                if obj is None:
                    continue
            if isinstance(obj, DictionaryObject):
                for name, value in obj.items():
                    if str(name) in PDF_ACTIVE:
                        raise _Refused(_active(str(name)))
                    if name == "/OpenAction" and _is_action(value):
                        raise _Refused(_active("/OpenAction"))
                    stack.append(value)
            elif isinstance(obj, ArrayObject):
                stack.extend(obj)
            elif isinstance(obj, NameObject) and str(obj) in PDF_ACTIVE:
                raise _Refused(_active(str(obj)))
    except _Refused:
        raise
    except Exception:  # noqa: BLE001 - whatever pypdf raises on a malformed file means "refuse"
        raise _Refused(unreadable) from None


def _is_action(value) -> bool:
    """An /OpenAction that is an action other than going to a page of this document."""
    from pypdf.generic import DictionaryObject

    value = value.get_object() if hasattr(value, "get_object") else value
    return isinstance(value, DictionaryObject) and value.get("/S") != "/GoTo"


def _active(name: str) -> str:
    return _("%(field)s: the PDF file contains active content (scripts, automatic or launch actions, or embedded files: {name}); it is refused.").replace("{name}", name)  # fmt: skip


# --- images --------------------------------------------------------------------------------


def _verify_image(data: bytes, content_type: str) -> None:
    import warnings

    from PIL import Image

    unreadable = _("%(field)s: the image cannot be read (damaged, or not a PNG or JPEG image).")
    expected = {PNG: "PNG", JPEG: "JPEG"}[content_type]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[expected]) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise _Refused(_("%(field)s: the image is too large (more than 60 million pixels)."))  # fmt: skip
                image.verify()
            with Image.open(io.BytesIO(data), formats=[expected]) as image:
                image.load()
    except _Refused:
        raise
    except Exception:  # noqa: BLE001 - Pillow raises many kinds of errors on a bad image
        raise _Refused(unreadable) from None
    if content_type == PNG and not _png_ends_at_iend(data):
        raise _Refused(_("%(field)s: the image is followed by other data; it is refused."))


def _png_ends_at_iend(data: bytes) -> bool:
    """Walk the PNG chunks: the file must end right after the IEND chunk."""
    pos = 8
    while pos + 8 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if kind == b"IEND":
            return end == len(data)
        pos = end
    return False


# --- serving -------------------------------------------------------------------------------


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII ``filename`` and the exact name as ``filename*`` (RFC 6266)."""
    name = safe_filename(filename)
    return (
        f"attachment; filename=\"{ascii_filename(name)}\"; filename*=UTF-8''{quote(name, safe='')}"
    )


def attachment_response(fileobj, *, filename: str, content_type: str) -> FileResponse:
    """Serve a stored document for download, never for display in the browser."""
    response = FileResponse(fileobj, content_type=content_type, as_attachment=True)
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
