"""Settings of the exchange app, with their defaults (``OPENOCMW_EXCHANGE`` in settings)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def options() -> dict:
    var = Path(settings.VAR_DIR) / "exchange"
    defaults = {
        "ADAPTER": "file",  # file | network | test
        "FLOWS_DIR": var / "flows",  # the file adapter: <dir>/<source>/<insz>.xml
        "NETWORK_URL": "",  # the network adapter: where the SOAP requests go
        "NETWORK_TIMEOUT": 10.0,
        "DROP_DIR": var / "drop",  # mutation feeds and monthly flows to process
        "QUARANTINE_DIR": var / "quarantine",
        "DONE_DIR": var / "done",
        "CLOCK_SKEW_SECONDS": 300,  # a signed message older or newer than this is refused
        "WARNING_DUE_DAYS": 30,
        "SEND_TIMEOUT": 10.0,
    }
    return {**defaults, **getattr(settings, "OPENOCMW_EXCHANGE", {})}


def path(name: str) -> Path:
    return Path(options()[name])
