"""Production refuses to start without its secrets; nothing is loaded from outside."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "danvan"


def _import_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DANVAN_ENV"}
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import danvan.config.settings"],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_requires_a_secret_key():
    result = _import_settings(DANVAN_ENV="production", ALLOWED_HOSTS="example.test")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_requires_allowed_hosts():
    result = _import_settings(DANVAN_ENV="production", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_settings_load_with_both():
    result = _import_settings(
        DANVAN_ENV="production", SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.test"
    )
    assert result.returncode == 0, result.stderr


def test_templates_load_nothing_from_outside():
    pattern = re.compile(r"""(src|href)=["'](https?:)?//""")
    offenders = [
        str(path) for path in SRC.rglob("*.html") if pattern.search(path.read_text("utf-8"))
    ]
    assert offenders == []


def test_without_danvan_env_the_app_runs_as_production():
    result = _import_settings()
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_development_mode_needs_no_secret():
    result = _import_settings(DANVAN_ENV="development")
    assert result.returncode == 0, result.stderr
