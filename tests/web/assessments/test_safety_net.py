"""The cauda-equina safety-net card is public and linked from every page's footer."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from backstride.assess import redflags
from backstride_web.accounts.models import User

URL = reverse("assessments:safety_net")


@pytest.mark.django_db
def test_anyone_can_read_the_card() -> None:
    response = Client().get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    card = redflags.safety_net()
    assert card["title"] in page
    for line in card["lines"]:
        assert line in page
    assert "go to an emergency department now" in page


@pytest.mark.parametrize("persona", ["runner", "clinician", "stranger"])
def test_every_page_links_to_it(
    persona: str, request: pytest.FixtureRequest, client_for: Callable[[User], Client]
) -> None:
    client = client_for(request.getfixturevalue(persona))
    for url in (reverse("pages:home"), reverse("assessments:home"), reverse("jobs:list")):
        assert f'href="{URL}"' in client.get(url).content.decode(), url


@pytest.mark.django_db
def test_the_log_in_page_links_to_it() -> None:
    assert f'href="{URL}"' in Client().get(reverse("accounts:login")).content.decode()
