"""Test settings: the same settings, with synchronous q2, fast hashing and plain static files.
DATABASE_URL / REDIS_URL still choose PostgreSQL and Redis, as in CI."""
from config.settings import *  # noqa: F401,F403
from config.settings import Q_CLUSTER, STORAGES

DJANGO_ENV = "test"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
REST_FRAMEWORK = {**REST_FRAMEWORK}  # noqa: F405
AXES_ENABLED = True
# Intents stay pending in tests unless a test turns the after-commit push on (marketplaces/sync).
SYNC_AUTOPUSH = False
