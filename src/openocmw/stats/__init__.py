"""The statistical observatory of the right to social integration (issue 15)."""
