"""The audit key: the secret that chains the audit log, kept outside the database.

It comes from ``OPENOCMW_AUDIT_KEY`` (the key itself, at least 32 characters) or
``OPENOCMW_AUDIT_KEY_FILE`` (a file holding it). In development (``DEBUG``) without either, a
random key is generated once in ``var/audit.key`` (mode 0600). In production a missing key is
an ImproperlyConfigured error: an audit log whose key is in the database proves nothing.

The Ed25519 key that signs the checkpoints is derived from the audit key, so there is one
secret to keep and back up; its public half can be handed to an auditor
(``openocmw audit publickey``) to check checkpoints without the secret.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MIN_KEY_LENGTH = 32


def _key_settings() -> tuple[str, str, bool, str]:
    return (
        getattr(settings, "OPENOCMW_AUDIT_KEY", ""),
        str(getattr(settings, "OPENOCMW_AUDIT_KEY_FILE", "") or ""),
        settings.DEBUG,
        str(settings.VAR_DIR),
    )


def audit_key() -> bytes:
    """The audit key as bytes (cached per configuration)."""
    return _load(*_key_settings())


@lru_cache(maxsize=8)
def _load(value: str, path: str, debug: bool, var_dir: str) -> bytes:
    if value:
        key = value.strip()
        source = "OPENOCMW_AUDIT_KEY"
    elif path:
        try:
            key = Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(
                f"OPENOCMW_AUDIT_KEY_FILE={path} cannot be read: {exc.strerror}."
            ) from None
        source = f"the file {path}"
    elif debug:
        key = _development_key(Path(var_dir) / "audit.key")
        source = "the development key file"
    else:
        raise ImproperlyConfigured(
            "The audit key is not set: set OPENOCMW_AUDIT_KEY_FILE to a file holding at least "
            f"{MIN_KEY_LENGTH} random characters (or OPENOCMW_AUDIT_KEY), outside the database "
            "and its backups. See docs/administration.md, 'Audit key'."
        )
    if len(key) < MIN_KEY_LENGTH:
        raise ImproperlyConfigured(
            f"The audit key from {source} is too short: at least {MIN_KEY_LENGTH} characters."
        )
    return key.encode()


def _development_key(path: Path) -> str:
    """Read, or create once with mode 0600, the development key file."""
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(key + "\n")
    return key


def key_id(key: bytes | None = None) -> str:
    """A short public fingerprint of the key (to tell a wrong key from a tampered log)."""
    return hmac.new(key or audit_key(), b"openocmw audit key id", hashlib.sha256).hexdigest()[:16]


def signing_key(key: bytes | None = None):
    """The Ed25519 private key of the checkpoints, derived from the audit key."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    seed = hmac.new(
        key or audit_key(), b"openocmw audit checkpoint signing key v1", hashlib.sha256
    ).digest()
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key_pem(key: bytes | None = None) -> str:
    from cryptography.hazmat.primitives import serialization

    return (
        signing_key(key)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
