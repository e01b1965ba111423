import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

from config.settings import load_env_file


def test_env_file_fills_only_what_the_environment_lacks(tmp_path, monkeypatch):
    env_file = tmp_path / ".env"
    env_file.write_text("# comment\nTHIDUA_A=from-file\nTHIDUA_B=from-file\n", encoding="utf-8")
    monkeypatch.setenv("THIDUA_B", "from-environment")
    monkeypatch.delenv("THIDUA_A", raising=False)
    load_env_file(env_file)
    assert os.environ["THIDUA_A"] == "from-file"
    assert os.environ["THIDUA_B"] == "from-environment"
    monkeypatch.delenv("THIDUA_A")


def test_missing_secret_key_fails_loudly_when_debug_is_off(tmp_path):
    # A copy of the settings module away from any .env file, with no SECRET_KEY in the environment.
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.py").write_text(
        (settings.BASE_DIR / "config" / "settings.py").read_text(encoding="utf-8"), encoding="utf-8"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"], cwd=tmp_path, env=env,
        capture_output=True, text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def _start(tmp_path, **env):
    """Import the settings (a copy away from any .env file) in a fresh process with `env`."""
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "settings.py").write_text(
        (settings.BASE_DIR / "config" / "settings.py").read_text(encoding="utf-8"), encoding="utf-8"
    )
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "-c", "import config.settings"], cwd=tmp_path, env=base | env,
        capture_output=True, text=True,
    )


@pytest.mark.parametrize("key", [
    "x", "ci-only-secret-key", "a" * 80, "abab" * 20, "django-insecure-" + "0123456789abcdef" * 4, "Ab1-" * 12,
])
def test_a_weak_secret_key_is_refused_when_debug_is_off(tmp_path, key):
    result = _start(tmp_path, SECRET_KEY=key)
    assert result.returncode != 0
    assert "SECRET_KEY is too weak when DEBUG is off" in result.stderr


def test_a_strong_secret_key_starts_and_debug_takes_any(tmp_path):
    assert _start(tmp_path, SECRET_KEY=secrets.token_urlsafe(50)).returncode == 0
    assert _start(tmp_path, SECRET_KEY="x", DEBUG="1").returncode == 0
