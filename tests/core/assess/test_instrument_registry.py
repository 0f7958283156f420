"""The one registry of instruments."""

from __future__ import annotations

import json

import pytest

from backstride.assess import instruments
from backstride.errors import InputError


def test_registry_lists_the_four_instruments() -> None:
    assert instruments.names() == ["startback", "rmdq", "odi", "run_outcome"]
    for entry in instruments.instruments():
        assert entry.version
        assert entry.source
        assert entry.licence
        assert entry.items


def test_unknown_instrument_is_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        instruments.score("sf36", [])
    assert caught.value.source == "instrument"


def test_score_as_dict_is_json_ready() -> None:
    result = instruments.score("rmdq", [0] * 24)
    data = json.loads(json.dumps(result.as_dict()))
    assert data["instrument"] == "rmdq"
    assert set(data) >= {"instrument", "version", "score", "subscores", "category"}
