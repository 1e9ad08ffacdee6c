"""Policy reforms: alternative rules applied on top of the baseline system."""

from __future__ import annotations

from openocmw.rules.reforms.spi_percentage import SpiPercentageDaily, SpiPercentageMonthly

REFORMS = {
    "spi_percentage_monthly": SpiPercentageMonthly,
    "spi_percentage_daily": SpiPercentageDaily,
}


def get_reform(name: str):
    return REFORMS[name]
