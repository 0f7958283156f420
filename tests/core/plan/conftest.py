"""Red-flag states for plan tests, built in code."""

from __future__ import annotations

import pytest

from backstride.assess.redflags import Allowed, Tier


@pytest.fixture
def allowed() -> Allowed:
    return Allowed(True, True, True, Tier.NONE, False, "")


@pytest.fixture
def urgent() -> Allowed:
    return Allowed(False, True, False, Tier.URGENT, False, "see a doctor within 24-48 h")


@pytest.fixture
def emergency() -> Allowed:
    return Allowed(False, False, False, Tier.EMERGENCY, False, "go to the emergency department")
