"""Signals other apps listen to, so that the registry need not know them.

``household_changed(actor, household, person, membership, reason, on)``: sent inside the
transaction of `services.record_household_change` (someone moves in, is born, moves out or
dies), after the change is stored. The rights app detects hinge moments from it (seed 003).
"""

from django.dispatch import Signal

household_changed = Signal()
