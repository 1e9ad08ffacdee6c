"""The registry of job kinds. An app declares its kinds in its ``jobs`` module::

    from openocmw.jobs.kinds import kind

    @kind("rights.screening", label=_("Screening for rights not taken up"), personal_data=True)
    def screening(ctx, *, right: str) -> dict:
        ...

The function receives a :class:`~openocmw.jobs.runner.Context` and the job's arguments as
keyword arguments, and returns a JSON-serialisable result. ``every`` makes the kind periodic:
the worker schedules it (see :mod:`openocmw.jobs.schedules`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.utils.functional import Promise


@dataclass(frozen=True)
class Kind:
    name: str
    func: Callable
    label: str | Promise
    personal_data: bool = False  # viewing the job and its result is audited
    permission: str = "job.view"  # who of the job's OCMW may see it (accounts.tenancy)
    max_attempts: int = 3  # a killed worker's job is retried this many times in all
    every: timedelta | None = None  # periodic


_KINDS: dict[str, Kind] = {}


class UnknownKind(KeyError):
    pass


def kind(
    name: str,
    *,
    label: str | Promise,
    personal_data: bool = False,
    permission: str = "job.view",
    max_attempts: int = 3,
    every: timedelta | None = None,
) -> Callable[[Callable], Callable]:
    """Register the decorated function as the job kind ``name``."""

    def register(func: Callable) -> Callable:
        existing = _KINDS.get(name)
        if existing is not None and existing.func.__qualname__ != func.__qualname__:
            raise ValueError(f"job kind {name!r} is already registered by {existing.func}")
        _KINDS[name] = Kind(name, func, label, personal_data, permission, max_attempts, every)
        return func

    return register


def get(name: str) -> Kind:
    try:
        return _KINDS[name]
    except KeyError:
        raise UnknownKind(name) from None


def all_kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda k: k.name)


def unregister(name: str) -> None:
    """For tests that register a kind of their own."""
    _KINDS.pop(name, None)
