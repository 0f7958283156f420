"""Make this folder's helper modules (``samples``, ``fitbuilder``) importable by its tests.

pytest's importlib import mode does not put test folders on ``sys.path``, and ``tests/core``
is not a package, so the helpers are added here explicitly.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)
