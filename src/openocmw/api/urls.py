"""Everything under /api/v1/: each app's routes, the leefloon calculation, the OpenAPI document.

An address that matches no route answers a JSON 404 (never Django's HTML page), also for ids
that are not positive whole numbers (``/persons/-1``).
"""

from django.urls import include, path, re_path

from .leefloon import Calculate
from .schema import OpenApi, no_such_endpoint

urlpatterns = [
    path("openapi.json", OpenApi.as_view(), name="openapi"),
    path("", include("openocmw.registry.api_urls")),
    path("", include("openocmw.journal.api_urls")),
    path("register/", include("openocmw.casework.api_urls")),
    path("gpmi/", include("openocmw.gpmi.api_urls")),
    path("rights/", include("openocmw.rights.api_urls")),
    path("", include("openocmw.rights.catalogue_api_urls")),
    path("exchange/", include("openocmw.exchange.api_urls")),
    path("finance/", include("openocmw.finance.api_urls")),
    path("stats/", include("openocmw.stats.api_urls")),
    path("circle/", include("openocmw.circle.api_urls")),
    path("leefloon/calculate", Calculate.as_view(), name="api_leefloon"),
    re_path(r"^.*$", no_such_endpoint, name="api_not_found"),
]
