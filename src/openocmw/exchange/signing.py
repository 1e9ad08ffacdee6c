"""The installation's Ed25519 key pair for the messages between OCMWs.

The private key is derived from the audit key (``accounts.keys``), with its own label, so an
installation has one secret to keep and back up, and two installations never share a key.
Its public half (``openocmw manage exchange key``) is given to the other installations, which
register it with the OCMW's address (``openocmw manage exchange peer``). A message is signed
over its exact bytes; the signature travels beside it (HTTP header ``X-Exchange-Signature``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from openocmw.accounts.keys import audit_key

LABEL = b"openocmw exchange signing key v1"


def private_key() -> Ed25519PrivateKey:
    seed = hmac.new(audit_key(), LABEL, hashlib.sha256).digest()
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key_b64() -> str:
    raw = (
        private_key()
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    return base64.b64encode(raw).decode()


def sign(data: bytes) -> str:
    return base64.b64encode(private_key().sign(bytes(data))).decode()


def load_public(value: str) -> Ed25519PublicKey:
    """A public key from its base64 text; ValueError when it is not an Ed25519 key."""
    try:
        raw = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("the public key is not base64") from None
    if len(raw) != 32:
        raise ValueError("an Ed25519 public key has 32 bytes")
    return Ed25519PublicKey.from_public_bytes(raw)


def verify(public_b64: str, data: bytes, signature_b64: str) -> bool:
    try:
        key = load_public(public_b64)
        signature = base64.b64decode((signature_b64 or "").strip(), validate=True)
        key.verify(signature, bytes(data))
    except (ValueError, binascii.Error, InvalidSignature):
        return False
    return True
