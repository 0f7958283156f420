"""Test settings: the real settings, with a throw-away BACKSTRIDE_HOME.

The test database on SQLite is a file (not ``:memory:``) so that a worker started in a
subprocess by a test sees the same data the test wrote.
"""

import os
import tempfile

os.environ.setdefault("BACKSTRIDE_HOME", tempfile.mkdtemp(prefix="backstride-test-"))

from backstride_web.config.settings import *  # noqa: F403
from backstride_web.config.settings import DATABASES, HOME

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(HOME / "test.sqlite3")}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; Argon2 is tested apart
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
