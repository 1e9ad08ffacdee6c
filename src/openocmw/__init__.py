"""OpenOCMW: the information system of a Belgian OCMW/CPAS for the right to social integration."""

__version__ = "0.1.0"
