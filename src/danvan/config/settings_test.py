"""Test settings: the base settings with fast hashing, eager tasks and no outside mail."""

import os
import tempfile

os.environ.setdefault("DANVAN_ENV", "test")
os.environ.setdefault("DANVAN_VAR_DIR", os.path.join(tempfile.gettempdir(), "danvan-test-var"))

from danvan.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_BROKER_URL = "memory://"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
