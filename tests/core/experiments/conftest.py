"""Make this folder's helper module (``nof1_builders``) importable by its tests.

pytest's importlib import mode does not put test folders on ``sys.path``, and ``tests/core``
is not a package, so the helper is added here explicitly (as in ``tests/core/ingest``).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)
