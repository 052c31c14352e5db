"""Settings from the environment: the embedded default with no variables, DATABASE_URL and
REDIS_URL switching the stores, and what production turns on. Each case is a fresh process
(settings are read once at import)."""
from __future__ import annotations

import json
import secrets
import subprocess

from config.env import new_field_key
from tests.conftest import BASE_DIR, PYTHON, clean_env

DUMP = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "db": s.DATABASES["default"]["ENGINE"], "db_name": str(s.DATABASES["default"]["NAME"]),
    "db_options": s.DATABASES["default"].get("OPTIONS", {}),
    "cache": s.CACHES["default"]["BACKEND"], "layer": s.CHANNEL_LAYERS["default"]["BACKEND"],
    "q_orm": s.Q_CLUSTER.get("orm"), "q_redis": s.Q_CLUSTER.get("redis"), "email": s.EMAIL_BACKEND,
    "debug": s.DEBUG, "secure_cookies": getattr(s, "SESSION_COOKIE_SECURE", False),
    "csrf_secure": getattr(s, "CSRF_COOKIE_SECURE", False), "hsts": getattr(s, "SECURE_HSTS_SECONDS", 0),
    "static": s.STORAGES["staticfiles"]["BACKEND"], "sandbox": s.SANDBOX_ENABLED,
}))
"""


def _settings(env: dict[str, str]) -> dict:
    done = subprocess.run([PYTHON, "-c", DUMP], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_embedded_default_uses_local_stores(tmp_path):
    s = _settings(clean_env(tmp_path / "var"))
    assert s["db"] == "django.db.backends.sqlite3" and s["db_name"] == str(tmp_path / "var" / "bozor.sqlite3")
    assert s["cache"].endswith("LocMemCache")
    assert s["layer"] == "channels.layers.InMemoryChannelLayer"
    assert s["q_orm"] == "default" and s["q_redis"] is None
    assert s["email"] == "django.core.mail.backends.console.EmailBackend"
    assert s["debug"] is True and s["sandbox"] is True


def test_database_url_and_redis_url_switch_to_postgresql_and_redis(tmp_path):
    redis_url = "redis://127.0.0.1:6390/3"
    s = _settings(clean_env(tmp_path / "var", DATABASE_URL="postgres://bozor:pw@127.0.0.1:5432/bozor_x",
                            REDIS_URL=redis_url))
    assert s["db"] == "django.db.backends.postgresql" and s["db_name"] == "bozor_x"
    assert s["db_options"]["connect_timeout"] == 5  # a down server fails fast
    assert s["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert s["layer"] == "channels_redis.core.RedisChannelLayer"
    assert s["q_redis"] == redis_url and s["q_orm"] is None


def test_production_turns_on_security_and_real_mail(tmp_path):
    s = _settings(clean_env(
        tmp_path / "var", DJANGO_ENV="production", DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        FIELD_ENCRYPTION_KEYS=new_field_key(), DATABASE_URL="postgres://bozor@127.0.0.1:5432/bozor",
        ALLOWED_HOSTS="bozor.example.com"))
    assert s["debug"] is False and s["secure_cookies"] and s["csrf_secure"] and s["hsts"] >= 31536000
    assert s["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert s["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert s["sandbox"] is False


S3_DUMP = """
import json, django
django.setup()
from django.core.files.storage import storages
d = storages["default"]
print(json.dumps({"cls": type(d).__name__, "url": d.url("content/1/x.jpg"), **{k: getattr(d, k, "-") for k in (
    "bucket_name", "endpoint_url", "region_name", "access_key", "default_acl", "querystring_auth", "custom_domain",
    "signature_version", "file_overwrite")}}))
"""


def test_s3_bucket_switches_media_to_s3_storage(tmp_path):
    """S3_BUCKET alone moves media to S3-compatible storage; without it files stay on local disk."""
    def storage(**extra: str) -> dict:
        done = subprocess.run([PYTHON, "-c", S3_DUMP], cwd=BASE_DIR, env=clean_env(tmp_path / "var", **extra),
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    assert storage(S3_BUCKET="")["cls"] == "FileSystemStorage"  # unset or empty: local disk
    s3 = storage(S3_BUCKET="bozor-media", S3_ENDPOINT_URL="https://storage.yandexcloud.net", S3_REGION="ru-central1",
                 S3_ACCESS_KEY_ID="AKIDEXAMPLE", S3_SECRET_ACCESS_KEY="s3-secret-value")
    assert s3["cls"] == "S3Storage" and s3["bucket_name"] == "bozor-media"
    assert s3["endpoint_url"] == "https://storage.yandexcloud.net" and s3["region_name"] == "ru-central1"
    assert s3["access_key"] == "AKIDEXAMPLE" and s3["default_acl"] is None and s3["signature_version"] == "s3v4"
    assert s3["querystring_auth"] is True and s3["custom_domain"] is None and s3["file_overwrite"] is False
    assert s3["url"].startswith("https://") and "X-Amz-Signature=" in s3["url"] and "s3-secret-value" not in s3["url"]
    cdn = storage(S3_BUCKET="bozor-media", S3_CUSTOM_DOMAIN="media.bozor.example.com")
    assert cdn["querystring_auth"] is False and cdn["url"] == "https://media.bozor.example.com/content/1/x.jpg"
