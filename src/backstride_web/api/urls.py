"""``/api/``: the token page (``api:tokens``) and the JSON API at ``/api/v1/`` (``api-v1:*``).

The API's URL patterns are ninja's, each wrapped so that a wrong method answers with the
API's JSON error body; any other path under ``/api/v1/`` is a JSON 404, never an HTML page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path, re_path

from backstride_web.api import views
from backstride_web.api.errors import error_response
from backstride_web.api.main import api

View = Callable[..., HttpResponse]


def _json_405(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = ", ".join(sorted(m.strip() for m in response.get("Allow", "").split(",")))
            return error_response(
                405,
                "method_not_allowed",
                f"{request.method} is not allowed here; use {allowed or 'another method'}.",
                Allow=allowed,
            )
        return response

    return wrapped


def _api_patterns() -> list[URLPattern]:
    patterns, _app_name, _namespace = api.urls
    wrapped = []
    for pattern in patterns:
        assert isinstance(pattern, URLPattern)
        wrapped.append(
            URLPattern(
                pattern.pattern, _json_405(pattern.callback), pattern.default_args, pattern.name
            )
        )
    return wrapped


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return error_response(404, "not_found", f"No API endpoint at {request.path}")


token_patterns = [
    path("", views.token_list, name="tokens"),
    path("<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("tokens/", include((token_patterns, "api"))),
    path("v1/", include((_api_patterns(), "api-v1"))),
    re_path(r"^v1/(?P<rest>.*)$", not_found),
]
