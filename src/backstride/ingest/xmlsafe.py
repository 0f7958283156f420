"""Safe XML parsing for GPX and TCX, and helpers shared by both readers.

User files are untrusted: an XML "billion laughs" entity bomb or an external entity can
exhaust memory or read local files. We parse with ``defusedxml``, which refuses any
entity declaration and external reference, and turn its refusal into a clear
:class:`~backstride.errors.CorruptFileError`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime

import defusedxml  # type: ignore[import-untyped]
import defusedxml.ElementTree as SafeET  # type: ignore[import-untyped]

from backstride.errors import CorruptFileError


def parse_xml(data: bytes, *, source: str, kind: str) -> ET.Element:
    """Parse ``data`` safely; raise CorruptFileError naming what is wrong."""
    try:
        root: ET.Element = SafeET.fromstring(
            data, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except defusedxml.EntitiesForbidden:
        raise CorruptFileError(
            f"{kind} file declares XML entities, which we refuse "
            "(this is how XML entity-expansion 'bomb' attacks work)",
            source=source,
        ) from None
    except defusedxml.DefusedXmlException as exc:
        raise CorruptFileError(
            f"{kind} file refused by the safe XML parser: {exc}", source=source
        ) from None
    except ET.ParseError as exc:
        raise CorruptFileError(
            f"{kind} file is not well-formed XML: {exc}", source=source
        ) from None
    except (LookupError, ValueError) as exc:  # e.g. encoding="UTF-9" in the declaration
        raise CorruptFileError(
            f"{kind} file declares a text encoding we cannot read: {exc}", source=source
        ) from None
    return root


def local(tag: str) -> str:
    """Tag name without its ``{namespace}``: GPX 1.0/1.1 and extension versions differ."""
    return tag.rsplit("}", 1)[-1]


def children(element: ET.Element, name: str) -> Iterator[ET.Element]:
    for child in element:
        if local(child.tag) == name:
            yield child


def child(element: ET.Element, name: str) -> ET.Element | None:
    return next(children(element, name), None)


def descendants(element: ET.Element, names: set[str]) -> Iterator[ET.Element]:
    for node in element.iter():
        if local(node.tag) in names:
            yield node


def number(text: str | None) -> float:
    """Float of an element's text; NaN when absent or not a number."""
    if text is None:
        return float("nan")
    try:
        return float(text.strip())
    except ValueError:
        return float("nan")


def child_number(element: ET.Element, *path: str) -> float:
    node: ET.Element | None = element
    for name in path:
        if node is None:
            break
        node = child(node, name)
    return number(node.text) if node is not None else float("nan")


def timestamp_s(text: str | None) -> float:
    """Unix seconds of an ISO 8601 time (``Z`` or offset; no zone means UTC); NaN if bad."""
    if not text:
        return float("nan")
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return float("nan")
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC).timestamp()
    return moment.timestamp()
