"""One error body for every failure of the API::

    {"error": {"code": "not_found", "message": "Not found", "field": null}}

``code`` is stable and machine-readable; ``message`` is for people; ``field`` names the
parameter or body field at fault (``"peak"``, ``"limit"``) when there is one. Every exception
ends up here: nothing in the API answers with an HTML page.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, UnreadablePostError
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import BaseModel

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger(__name__)

CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "too_many_requests",
    500: "server_error",
}


class ErrorDetail(BaseModel):
    code: str
    message: str
    field: str | None = None


class ErrorOut(BaseModel):
    """The body of every error answer."""

    error: ErrorDetail


class ApiError(Exception):
    """Raise in an endpoint to answer ``status`` with the standard error body."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field


def error_response(
    status: int, code: str, message: str, field: str | None = None, **headers: str
) -> HttpResponse:
    body = {"error": {"code": code, "message": message, "field": field}}
    return JsonResponse(body, status=status, headers=headers or None)


def _field(loc: Sequence[Any]) -> str | None:
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body" and len(parts) > 2:
        parts = parts[2:]  # ("body", "<parameter>", "peak") -> "peak"
    elif parts and parts[0] in ("body", "query", "path", "header", "cookie", "form", "file"):
        parts = parts[1:]
    return ".".join(parts) or None


def _validation(request: HttpRequest, exc: Any) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    message = str(first.get("msg", "Invalid input"))
    field = _field(first.get("loc", ()))
    if len(exc.errors) > 1:
        message += f" (and {len(exc.errors) - 1} more problem(s))"
    return error_response(422, "invalid", message, field)


def _api_error(request: HttpRequest, exc: Any) -> HttpResponse:
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else {}
    return error_response(exc.status, exc.code, exc.message, exc.field, **headers)


def _authentication(request: HttpRequest, exc: Any) -> HttpResponse:
    return error_response(
        401,
        "unauthenticated",
        "Log in, or send 'Authorization: Bearer <token>' with a valid API token.",
        **{"WWW-Authenticate": "Bearer"},
    )


def _http_error(request: HttpRequest, exc: Any) -> HttpResponse:
    status = exc.status_code
    code = CODES.get(status, "error")
    message = str(exc.message) if hasattr(exc, "message") else str(exc)
    if status == 400 and message.startswith("Cannot parse request body"):
        message = "The request body is not valid JSON."
    if status == 403 and "CSRF" in message:
        code, message = "csrf_failed", "CSRF check failed: send the X-CSRFToken header."
    return error_response(status, code, message)


def _not_found(request: HttpRequest, exc: Any) -> HttpResponse:
    return error_response(404, "not_found", "Not found")


def _forbidden(request: HttpRequest, exc: Any) -> HttpResponse:
    return error_response(403, "forbidden", str(exc) or "Forbidden")


def _suspicious(request: HttpRequest, exc: Any) -> HttpResponse:
    return error_response(400, "bad_request", f"The request was refused: {exc}")


def _unexpected(request: HttpRequest, exc: Any) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path)
    return error_response(500, "server_error", "Something went wrong on our side.")


def install(api: NinjaAPI) -> None:
    """Route every exception of ``api`` to the standard error body."""
    api.add_exception_handler(ValidationError, _validation)
    api.add_exception_handler(ApiError, _api_error)
    api.add_exception_handler(AuthenticationError, _authentication)
    api.add_exception_handler(HttpError, _http_error)
    api.add_exception_handler(Http404, _not_found)
    api.add_exception_handler(PermissionDenied, _forbidden)
    api.add_exception_handler(SuspiciousOperation, _suspicious)
    api.add_exception_handler(UnreadablePostError, _suspicious)
    api.add_exception_handler(Exception, _unexpected)
