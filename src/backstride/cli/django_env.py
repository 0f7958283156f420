"""Start Django from the CLI, on demand.

Kept apart so that commands which do not need the web layer never import it.
"""

from __future__ import annotations

import os
from typing import Any

import typer

SETTINGS_MODULE = "backstride_web.config.settings"


def setup_django() -> None:
    """Configure settings and populate Django's app registry (idempotent)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    import django

    django.setup()


def call_management(*args: str) -> None:
    """Run a Django management command as ``manage.py`` would."""
    setup_django()
    from django.core.management import call_command

    call_command(*args)


def user_by_email(email: str) -> Any:
    """Return the account for ``email`` or stop the CLI with a clear message."""
    setup_django()
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    try:
        return user_model.objects.get(email__iexact=email.strip())
    except user_model.DoesNotExist:
        raise typer.BadParameter(f"no account with e-mail {email!r}", param_hint="--user") from None
