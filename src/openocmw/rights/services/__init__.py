"""The only place that changes the rights app, by concept:

- `catalogue`: versions of a right applying from a date;
- `screening`: data-source authorisations, a run of one OCMW (synchronous or as the
  `rights.screening` job), its worklist entries, notices and campaign take-up;
- `worklists`: what a worker sees (scoped, audited), assignment to a worker;
- `outreach`: contacts (a letter as PDF, a call, a visit, a partner), outcomes, "apply";
- `campaigns`: a random control group and the uplift with its confidence interval;
- `aggregates`: the non-take-up per OCMW for the federal inspector, with small-cell
  suppression.
"""

from .aggregates import *  # noqa: F403
from .campaigns import *  # noqa: F403
from .catalogue import *  # noqa: F403
from .catalogue import _catalogue_error  # noqa: F401
from .outreach import *  # noqa: F403
from .screening import *  # noqa: F403
from .worklists import *  # noqa: F403
