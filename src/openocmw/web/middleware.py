"""Response headers for pages with personal data."""

from __future__ import annotations

from django.conf import settings
from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every response that is not a static file: no browser,
    shared computer or proxy keeps a copy of a page with personal data. A signed-in user's
    responses always get it (even if a view asked for caching); anonymous ones unless the view
    set its own caching."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.static = settings.STATIC_URL or "/static/"

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.static):
            return response
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or not response.has_header("Cache-Control"):
            if response.has_header("Cache-Control"):
                del response["Cache-Control"]
            patch_cache_control(response, no_store=True, private=True)
        return response
