"""Finance services: payment runs (``runs``), the amount due (``due``), recoveries
(``recovery``), SEPA files (``sepa``), refunds (``refunds``), medical aid (``medical``) and
art. 60 §7 (``employment``)."""
