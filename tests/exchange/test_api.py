"""The social report messages endpoint over HTTP: described in the OpenAPI document (signed
XML in, JSON out, the refusals in the API's error shape) and answering as it says."""

from __future__ import annotations

import pytest

from openocmw.exchange import signing

from .test_social_report import _signed_request, jan_in_b  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
URL = "/api/v1/exchange/messages"


def test_the_document_describes_the_messages_endpoint(client):
    op = client.get("/api/v1/openapi.json").json()["paths"]["/exchange/messages"]["post"]
    assert list(op["requestBody"]["content"]) == ["application/xml"]
    headers = {p["name"]: p["required"] for p in op["parameters"] if p["in"] == "header"}
    assert headers == {"X-Exchange-Sender": True, "X-Exchange-Signature": True}
    assert {"202", "400", "403", "409", "413"} <= set(op["responses"])
    assert op["responses"]["409"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Errors"
    }


def test_the_endpoint_answers_as_documented(client, jan_in_b):  # noqa: F811
    data = _signed_request(jan_in_b)
    headers = {"HTTP_X_EXCHANGE_SENDER": "92094", "HTTP_X_EXCHANGE_SIGNATURE": signing.sign(data)}
    post = lambda body, **h: client.post(URL, body, content_type="application/xml", **h)  # noqa: E731
    assert post(data, **headers).json() == {"accepted": "SocialReportRequest"}
    replay = post(data, **headers)
    assert replay.status_code == 409 and replay.json()["errors"][0]["code"] == "replayed"
    forged = post(data.replace(b"SR-TEST", b"SR-FAKE"), **headers)
    assert forged.status_code == 403
    assert forged.json()["errors"][0] == {
        "field": "X-Exchange-Signature", "code": "forbidden", "message": "bad signature",
    }  # fmt: skip
    assert client.get(URL).status_code == 405
