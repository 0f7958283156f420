"""The core never imports Django; the CLI stays light until a command needs the web layer."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["backstride", "backstride.errors", "backstride.cli"])
def test_importing_the_core_loads_no_django(module: str) -> None:
    code = (
        f"import sys, {module}; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert completed.stdout.strip() == "[]"


def test_no_core_module_mentions_django() -> None:
    from pathlib import Path

    import backstride

    root = Path(backstride.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.parts[-3:-1] != ("cli", "commands")
        and path.name != "django_env.py"
        and any(
            line.lstrip().startswith(("import django", "from django", "from backstride_web"))
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []
