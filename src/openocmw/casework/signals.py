"""Signals other apps listen to, so that casework need not know them.

``decision_recorded(actor, decision)``: sent inside the transaction that records a council
decision; a receiver that raises makes the whole decision fail (nothing half-saved).
"""

from django.dispatch import Signal

decision_recorded = Signal()
