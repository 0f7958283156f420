"""The kinds of background job, registered by the apps that own them.

A kind is a function ``handler(job, progress) -> result`` where ``progress(pct, message)``
reports how far it got and ``result`` is a small JSON-able dict kept on the Job. Apps
register their kinds in ``AppConfig.ready`` with :func:`job_kind`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from backstride_web.jobs.models import Job


class Progress(Protocol):
    def __call__(self, percent: float, message: str = "") -> None: ...


Handler = Callable[["Job", Progress], dict[str, Any]]


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str
    handler: Handler
    result_template: str | None = None
    """Template that shows a finished job's ``result`` (it gets ``job`` in its context)."""


KINDS: dict[str, JobKind] = {}


def job_kind(
    name: str, *, label: str, result_template: str | None = None
) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        if name in KINDS and KINDS[name].handler is not handler:
            raise ValueError(f"job kind {name!r} is registered twice")
        KINDS[name] = JobKind(name, label, handler, result_template)
        return handler

    return register


def get_kind(name: str) -> JobKind:
    try:
        return KINDS[name]
    except KeyError:
        raise LookupError(f"unknown job kind {name!r}; known: {', '.join(sorted(KINDS))}") from None
