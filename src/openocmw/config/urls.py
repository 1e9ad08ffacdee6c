from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("openocmw.api.urls")),
    path("gpmi/", include("openocmw.gpmi.urls")),
    path("circle/", include("openocmw.circle.urls")),
    path("exchange/", include("openocmw.exchange.urls")),
    path("finance/", include("openocmw.finance.urls")),
    path("stats/", include("openocmw.stats.urls")),
    path("public/", include("openocmw.public.urls")),
    path("", include("openocmw.web.urls")),
    path("", include("openocmw.accounts.urls")),
    path("", include("openocmw.registry.urls")),
    path("", include("openocmw.casework.urls")),
    path("", include("openocmw.jobs.urls")),
    path("", include("openocmw.journal.urls")),
    path("", include("openocmw.rights.urls")),
    path("", include("openocmw.rights.catalogue_urls")),
]

# An unexpected error under /api/v1/ is answered in JSON too (openocmw.guard).
handler500 = "openocmw.guard.server_error"
