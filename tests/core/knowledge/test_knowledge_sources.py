"""Every knowledge entry carries a source and an evidence grade (DESIGN.md §4, STYLE.md habit 4).

Generic over every ``.toml`` under ``src/backstride/knowledge`` (subfolders included), so a
file added later is checked without editing this test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from backstride import knowledge
from backstride.errors import ConfigurationError

KNOWLEDGE_DIR = Path(knowledge.__file__).parent


def test_names_cover_every_toml_file_on_disk() -> None:
    on_disk = sorted(
        str(p.relative_to(KNOWLEDGE_DIR).with_suffix("")) for p in KNOWLEDGE_DIR.rglob("*.toml")
    )
    assert knowledge.names() == on_disk
    assert "redflags" in on_disk


@pytest.mark.parametrize("name", knowledge.names())
def test_every_entry_has_a_source_and_evidence_grade(name: str) -> None:
    assert knowledge.validate(knowledge.load(name), name) == []


def test_validate_reports_an_entry_without_source() -> None:
    data = {"meta": {"title": "t", "version": "1"}, "thing": [{"id": "a", "evidence": "weak"}]}
    assert knowledge.validate(data, "f") == ["f.thing[0]: no 'source'"]


def test_validate_reports_an_unknown_grade_and_a_missing_grade() -> None:
    data = {
        "meta": {"title": "t", "version": "1"},
        "a": {"source": "x", "evidence": "very strong"},
        "b": {"source": "x"},
    }
    problems = knowledge.validate(data, "f")
    assert any("'very strong' is not one of" in p for p in problems)
    assert "f.b: no 'evidence' grade" in problems


def test_validate_reports_empty_sources_and_missing_meta() -> None:
    data = {"a": {"source": [], "evidence": "weak"}, "b": {"source": " ", "evidence": "weak"}}
    problems = knowledge.validate(data, "f")
    assert "f: no [meta] table" in problems
    assert sum("non-empty" in p for p in problems) == 2


def test_nested_tables_inherit_source_and_evidence() -> None:
    data = {
        "meta": {"title": "t", "version": "1"},
        "instrument": {"source": "x", "evidence": "strong", "item": [{"n": 1}, {"n": 2}]},
    }
    assert knowledge.validate(data, "f") == []


def test_nested_table_with_a_bad_grade_is_still_reported() -> None:
    data = {
        "meta": {"title": "t", "version": "1"},
        "instrument": {"source": "x", "evidence": "strong", "item": [{"evidence": "meh"}]},
    }
    assert len(knowledge.validate(data, "f")) == 1


def test_grades_are_the_house_vocabulary() -> None:
    assert knowledge.EVIDENCE_GRADES == ("strong", "moderate", "weak", "case reports", "anecdotal")


def test_load_returns_a_copy_that_callers_cannot_corrupt() -> None:
    first = knowledge.load("redflags")
    first["meta"]["title"] = "changed"
    assert knowledge.load("redflags")["meta"]["title"] != "changed"


def test_unknown_file_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="no knowledge file"):
        knowledge.load("nope")


def test_accessors_reject_wrong_types() -> None:
    data = {"n": "1", "s": 3, "t": [1]}
    with pytest.raises(ConfigurationError):
        knowledge.as_int(data, "n")
    with pytest.raises(ConfigurationError):
        knowledge.as_str(data, "s")
    with pytest.raises(ConfigurationError):
        knowledge.as_tables(data, "t")
    assert knowledge.as_str({"s": ["a", "b"]}, "s") == "a; b"
