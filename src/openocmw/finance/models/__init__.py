"""The finance models, one module per concept."""

from .employment import Art60Contract, SpiUse
from .medical import InvoiceLine, MedicalDecision
from .payments import (
    BankAccount,
    ClaimOrigin,
    ClaimState,
    LineKind,
    LineStatus,
    PayerAccount,
    Payment,
    PaymentRun,
    Recovery,
    RecoveryClaim,
    RunState,
    Suspension,
    SuspensionBasis,
)
from .refunds import Law65Form, RefundClaim
from .subsidies import GpmiSubsidyLine, PsaCost, PsaGrant

__all__ = [
    "Art60Contract",
    "GpmiSubsidyLine",
    "PsaCost",
    "PsaGrant",
    "BankAccount",
    "ClaimOrigin",
    "ClaimState",
    "InvoiceLine",
    "Law65Form",
    "LineKind",
    "LineStatus",
    "MedicalDecision",
    "PayerAccount",
    "Payment",
    "PaymentRun",
    "Recovery",
    "RecoveryClaim",
    "RefundClaim",
    "RunState",
    "SpiUse",
    "Suspension",
    "SuspensionBasis",
]
