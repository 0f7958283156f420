"""The menu's context processor: links reversed once, the same links as ``reverse`` gives."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import RequestFactory
from django.urls import get_script_prefix, resolve, reverse, set_script_prefix

from backstride_web.pages.context_processors import area_urls, navigation
from backstride_web.pages.navigation import AREAS


@pytest.fixture
def prefix_restored() -> Iterator[None]:
    before = get_script_prefix()
    yield
    set_script_prefix(before)


def _menu(path: str) -> list[dict[str, object]]:
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    items = navigation(request)["nav_items"]
    assert isinstance(items, list)
    return items


def test_the_menu_links_are_what_reverse_gives_and_the_current_area_is_marked() -> None:
    items = _menu(reverse("activities:list"))
    assert [item["label"] for item in items] == [area.label for area in AREAS]
    assert [item["purpose"] for item in items] == [area.purpose for area in AREAS]
    assert [item["url"] for item in items] == [
        reverse(area.url_name) if area.url_name else None for area in AREAS
    ]
    assert [item["label"] for item in items if item["current"]] == ["Runs"]


def test_a_page_outside_the_menu_marks_no_area() -> None:
    assert not any(item["current"] for item in _menu(reverse("pages:healthz")))


def test_each_request_gets_its_own_items_from_the_cached_links() -> None:
    first, second = _menu("/"), _menu("/")
    assert first == second
    assert first is not second
    assert first[0] is not second[0]
    assert area_urls.cache_info().hits >= 1


def test_a_site_under_a_script_prefix_gets_prefixed_links(prefix_restored: None) -> None:
    plain = [item["url"] for item in _menu("/")]
    set_script_prefix("/clinic/")
    prefixed = [item["url"] for item in _menu("/")]
    assert prefixed == [f"/clinic{url}" if isinstance(url, str) else None for url in plain]
    assert prefixed == [reverse(area.url_name) if area.url_name else None for area in AREAS]
