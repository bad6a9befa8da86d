import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_int, env_list, env_secret, env_url


def test_env_bool(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG") is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG") is False
    monkeypatch.delenv("FLAG")
    assert env_bool("FLAG", "true") is True
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG")


def test_env_int(monkeypatch):
    monkeypatch.setenv("NUMBER", "42")
    assert env_int("NUMBER", "1") == 42
    monkeypatch.setenv("NUMBER", "forty")
    with pytest.raises(ImproperlyConfigured, match="NUMBER must be a whole number"):
        env_int("NUMBER", "1")


def test_env_list(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.example, b.example,,")
    assert env_list("HOSTS") == ["a.example", "b.example"]


def test_env_secret_reads_a_file(monkeypatch, tmp_path):
    monkeypatch.delenv("TOKEN", raising=False)
    with pytest.raises(ImproperlyConfigured, match="TOKEN"):
        env_secret("TOKEN")
    (tmp_path / "token").write_text("s3cret\n")
    monkeypatch.setenv("TOKEN_FILE", str(tmp_path / "token"))
    assert env_secret("TOKEN") == "s3cret"
    monkeypatch.setenv("TOKEN_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        env_secret("TOKEN")


def test_env_url_checks_the_scheme(monkeypatch):
    monkeypatch.setenv("BROKER", "redis://127.0.0.1:6379/1")
    assert env_url("BROKER", ("redis",)) == "redis://127.0.0.1:6379/1"
    monkeypatch.setenv("BROKER", "127.0.0.1:6379")
    with pytest.raises(ImproperlyConfigured, match="BROKER must start with"):
        env_url("BROKER", ("redis",))


def test_production_settings_refuse_to_start_without_a_secret_key():
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "SECRET_KEY_FILE", "DEBUG"}}
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True
    )
    assert out.returncode != 0
    assert "SECRET_KEY (or SECRET_KEY_FILE) must be set" in out.stderr
