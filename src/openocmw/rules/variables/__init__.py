"""Variables of the leefloon system, grouped by subject."""
