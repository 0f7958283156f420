from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from backstride_web.pages.navigation import AREAS


def navigation(request: HttpRequest) -> dict[str, object]:
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = [
        {
            "label": area.label,
            "purpose": area.purpose,
            "url": reverse(area.url_name) if area.url_name else None,
            "current": area.url_name == current,
        }
        for area in AREAS
    ]
    return {"nav_items": items}
