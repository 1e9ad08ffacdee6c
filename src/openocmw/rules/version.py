"""RULES_VERSION: the package version plus a hash of the parameters and formulas.

A decision records this string, so it can be re-read and re-computed with exactly the rules that
produced it. The hash covers every parameter file and every formula module of the rules package.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from openocmw import __version__

RULES_DIR = Path(__file__).resolve().parent


def rules_hash() -> str:
    digest = hashlib.sha256()
    files = sorted(
        [*(RULES_DIR / "parameters").rglob("*.yaml"), *(RULES_DIR / "variables").rglob("*.py")]
    )
    files += sorted((RULES_DIR / "reforms").rglob("*.py"))
    for path in files:
        digest.update(path.relative_to(RULES_DIR).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:12]


RULES_VERSION = f"{__version__}+rules.{rules_hash()}"
