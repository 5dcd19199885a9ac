"""Settings for the test suite: the same settings module, with test-only environment defaults."""

import os

os.environ.setdefault("POLICYHUB_TESTING", "1")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
