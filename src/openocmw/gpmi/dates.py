"""Calendar arithmetic shared by the GPMI services and the casework integration (kept apart
so that :mod:`openocmw.gpmi.integration` need not import the services, which call it)."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), on the month's last day if it has fewer."""
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
