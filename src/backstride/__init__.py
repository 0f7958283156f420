"""backstride core: plain Python that parses, scores and analyses a runner's data.

This package never imports Django (``tests/test_architecture.py`` checks it). The web
project in ``backstride_web`` persists and shows what the core computes.
"""

from backstride.errors import BackstrideError

__version__ = "0.1.0"

__all__ = ["BackstrideError", "__version__"]
