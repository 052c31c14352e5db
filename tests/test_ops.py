"""Production settings: `check --deploy` passes with the required variables, refuses without."""
from __future__ import annotations

import os
import secrets
import subprocess

import pytest

from config.env import PRODUCTION_REQUIRED, new_field_key
from tests.conftest import BASE_DIR, PYTHON, clean_env


def _production_env(tmp_path) -> dict[str, str]:
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        database_url = "postgres://postgres@127.0.0.1:5432/bozor"
    return clean_env(
        tmp_path / "var",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        FIELD_ENCRYPTION_KEYS=f"{new_field_key()},{new_field_key()}",
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="bozor.example.com,www.bozor.example.com",
    )


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True,
                          timeout=120)


def test_production_passes_check_deploy_without_warnings(tmp_path):
    done = _manage(_production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout
    assert "WARNINGS" not in done.stdout + done.stderr


def test_production_writes_no_local_secret_files(tmp_path):
    """Production never falls back to generated keys in the var dir."""
    _manage(_production_env(tmp_path), "check")
    assert not (tmp_path / "var" / "secret_key").exists()
    assert not (tmp_path / "var" / "field_keys").exists()


@pytest.mark.parametrize("missing", PRODUCTION_REQUIRED)
def test_production_refuses_to_start_without_required_variable(tmp_path, missing):
    env = _production_env(tmp_path)
    del env[missing]
    done = _manage(env, "check")
    assert done.returncode != 0
    assert f"missing {missing}" in done.stderr
    others = [name for name in PRODUCTION_REQUIRED if name != missing]
    assert not any(f"missing {name}" in done.stderr for name in others)
    assert env["DJANGO_SECRET_KEY" if missing != "DJANGO_SECRET_KEY" else "DATABASE_URL"] not in done.stderr


def test_production_refuses_blank_variable(tmp_path):
    env = _production_env(tmp_path)
    env["FIELD_ENCRYPTION_KEYS"] = "   "
    done = _manage(env, "check")
    assert done.returncode != 0 and "missing FIELD_ENCRYPTION_KEYS" in done.stderr


def test_embedded_default_needs_no_variables(tmp_path):
    done = _manage(clean_env(tmp_path / "var"), "check")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "var" / "secret_key").exists() and (tmp_path / "var" / "field_keys").exists()


def test_procfile_declares_web_worker_release():
    entries = dict(line.split(":", 1) for line in (BASE_DIR / "Procfile").read_text().splitlines() if line.strip())
    assert "daphne" in entries["web"] and "$PORT" in entries["web"] and "config.asgi:application" in entries["web"]
    assert entries["worker"].strip() == "python manage.py qcluster"
    assert "migrate --noinput" in entries["release"] and "collectstatic --noinput" in entries["release"]


def test_readme_configuration_table_names_every_variable():
    """Keep the README's configuration table in sync with what the code reads."""
    import re

    sources = [BASE_DIR / "config" / "settings.py", BASE_DIR / "scripts" / "run.py"]
    names = set()
    for source in sources:
        text = source.read_text()
        names |= set(re.findall(r'env\.(?:str|int|bool|float|list|db_url)\(\s*"([A-Z][A-Z0-9_]+)"', text))
        names |= set(re.findall(r'environ\.get\(\s*"([A-Z][A-Z0-9_]+)"', text))
    readme = (BASE_DIR / "README.md").read_text()
    table = readme[readme.index("## Configuration"):readme.index("## Production")]
    assert len(names) > 20
    assert sorted(name for name in names if f"`{name}`" not in table) == []
