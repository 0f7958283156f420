from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse

from backstride_web.pages.navigation import AREAS


@lru_cache(maxsize=16)
def area_urls(script_prefix: str, urlconf: str | None) -> tuple[str | None, ...]:
    """The menu's links, reversed once per script prefix and URLconf (not on every page).

    ``reverse`` reads the script prefix and URLconf of the current thread, so both are the
    cache key: a site mounted under another prefix, or a request with its own URLconf,
    gets its own links.
    """
    return tuple(
        reverse(area.url_name, urlconf=urlconf) if area.url_name else None for area in AREAS
    )


def navigation(request: HttpRequest) -> dict[str, object]:
    current = request.resolver_match.view_name if request.resolver_match else ""
    urls = area_urls(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    items = [
        {
            "label": area.label,
            "purpose": area.purpose,
            "url": url,
            "current": area.url_name == current,
        }
        for area, url in zip(AREAS, urls, strict=True)
    ]
    return {"nav_items": items}
