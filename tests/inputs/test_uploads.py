"""Uploads are verified by parsing (issue 9, section 5): hostile documents are refused with an
error naming the field, in Dutch and French; good ones are accepted."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from openocmw.inputs.uploads import (
    ascii_filename,
    attachment_response,
    content_disposition,
    safe_filename,
    verify_upload,
)

from . import samples as s


def _refusal(upload, language="nl") -> str:
    with translation.override(language), pytest.raises(ValidationError) as exc:
        verify_upload(upload, field="file")
    assert list(exc.value.message_dict) == ["file"]
    return exc.value.message_dict["file"][0]


@pytest.mark.parametrize(
    ("name", "content_type", "build"),
    [
        ("id.pdf", "application/pdf", s.pdf),
        ("id.pdf", "application/octet-stream", s.pdf),  # a browser that did not know the type
        ("start.pdf", "application/pdf", s.pdf_opening_at_page_one),
        ("photo.png", "image/png", lambda: s.image("PNG")),
        ("photo.JPG", "image/jpeg", lambda: s.image("JPEG")),
        ("photo.jpeg", "image/jpeg", lambda: s.image("JPEG")),
    ],
)
def test_real_documents_are_accepted(name, content_type, build):
    data = build()
    verified = verify_upload(s.upload(name, data, content_type))
    assert verified.data == data and verified.size == len(data)
    assert verified.content_type in ("application/pdf", "image/png", "image/jpeg")
    assert len(verified.sha256) == 64


@pytest.mark.parametrize(
    ("name", "content_type", "build", "nl", "fr"),
    [
        ("a.pdf", "application/pdf", s.pdf_with_javascript, "actieve inhoud", "contenu actif"),
        (
            "a.pdf",
            "application/pdf",
            s.pdf_with_open_action_javascript,
            "actieve inhoud",
            "contenu actif",
        ),  # noqa: E501
        ("a.pdf", "application/pdf", s.pdf_with_launch, "actieve inhoud", "contenu actif"),
        ("a.pdf", "application/pdf", s.pdf_with_attachment, "actieve inhoud", "contenu actif"),
        ("a.pdf", "application/pdf", s.pdf_html_polyglot, "webpagina", "page web"),
        (
            "a.pdf",
            "application/pdf",
            lambda: b"%PDF-1.4 nothing else",
            "niet gelezen",
            "pas être lu",
        ),  # noqa: E501
        ("a.png", "image/png", s.png_header_on_executable, "programma", "programme"),
        ("a.png", "image/png", s.png_followed_by_program, "gevolgd", "suivie"),
        (
            "a.png",
            "image/png",
            lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 50,
            "niet gelezen",
            "pas être lue",
        ),  # noqa: E501
        ("a.jpg", "image/jpeg", lambda: s.image("JPEG")[:200], "niet gelezen", "pas être lue"),
        ("virus.exe", "application/x-msdownload", lambda: b"MZ\x90\x00", "PDF", "PDF"),
        ("page.html", "text/html", lambda: b"<html><script>1</script></html>", "PDF", "PDF"),
        ("a.gif", "image/gif", lambda: b"GIF89a" + b"\x00" * 20, "PDF", "PDF"),
        # the declared type or the name's extension do not match the content
        (
            "a.pdf",
            "application/pdf",
            lambda: s.image("PNG"),
            "komt niet overeen",
            "ne correspond pas",
        ),  # noqa: E501
        ("a.png", "image/jpeg", lambda: s.image("PNG"), "komt niet overeen", "ne correspond pas"),
        ("a.exe", "application/pdf", s.pdf, "komt niet overeen", "ne correspond pas"),
        ("a", "application/pdf", s.pdf, "komt niet overeen", "ne correspond pas"),
        ("a.pdf", "text/html", s.pdf, "komt niet overeen", "ne correspond pas"),
        ("a.pdf", "application/pdf", lambda: b"", "leeg", "vide"),
    ],
)
def test_hostile_or_broken_documents_are_refused_naming_the_field(
    name, content_type, build, nl, fr
):  # noqa: E501
    data = build()
    message_nl = _refusal(s.upload(name, data, content_type), "nl")
    message_fr = _refusal(s.upload(name, data, content_type), "fr")
    assert message_nl.startswith("Document:") and nl in message_nl
    assert message_fr.startswith("Document :") and fr in message_fr


def test_too_large_and_missing():
    assert "20 MB" in _refusal(s.upload("big.pdf", s.pdf(), size=21 * 1024 * 1024))
    assert "kies een bestand" in _refusal(None)


def test_file_names_are_cleaned():
    assert safe_filename("C:\\Users\\x\\..\\id\u202ekcod.pdf") == "idkcod.pdf"
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename("") == "document"
    assert safe_filename("e\u0301tat.pdf") == "\u00e9tat.pdf"  # NFC
    long = safe_filename("x" * 500 + ".pdf")
    assert len(long) == 200 and long.endswith(".pdf")
    assert ascii_filename('Attest \u00e9t\u00e9 "2024";.pdf') == "Attest ete _2024_.pdf"


def test_served_as_attachment_never_inline():
    import io

    response = attachment_response(
        io.BytesIO(b"%PDF-"), filename='r\u00e9sum\u00e9 "x".pdf', content_type="application/pdf"
    )
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert 'filename="resume _x_.pdf"' in disposition
    assert "filename*=UTF-8''r%C3%A9sum%C3%A9%20%22x%22.pdf" in disposition
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert content_disposition("a\r\nSet-Cookie: x.pdf") == (
        "attachment; filename=\"aSet-Cookie_ x.pdf\"; filename*=UTF-8''aSet-Cookie%3A%20x.pdf"
    )
