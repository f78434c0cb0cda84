"""compose.yaml, the Dockerfile and .dockerignore, checked without Docker (it does not run on this
machine): the compose file parses and wires the services the README describes, and every variable it
gives the bot is one the bot reads. The YAML check needs PyYAML; it is skipped, saying so, where
PyYAML is not installed (it is not a dependency of the bot)."""

from __future__ import annotations

import re

import pytest

from bot.settings import Settings
from tests.e2e.helpers import SOURCE_ROOT


def test_compose_file_wires_postgres_redis_the_workers_and_a_proxy() -> None:
    yaml = pytest.importorskip("yaml", reason="PyYAML is not installed: compose.yaml not parsed")
    compose = yaml.safe_load((SOURCE_ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert services["postgres"]["image"] == "postgres:16"
    assert services["redis"]["image"] == "redis:7"
    assert "noeviction" in services["redis"]["command"]
    bot = services["bot"]
    assert bot["build"] == "."
    env = bot["environment"]
    assert env["DATABASE_URL"].startswith("postgresql://bot:") and env["DATABASE_URL"].endswith(
        "@postgres:5432/bot"
    )
    assert env["REDIS_URL"] == "redis://redis:6379/0"
    assert env["WORKERS"].startswith("${WORKERS:-") and env["WEBHOOK_URL"].startswith("https://")
    assert set(bot["depends_on"]) == {"postgres", "redis"}
    assert all(dep["condition"] == "service_healthy" for dep in bot["depends_on"].values())
    for name in env:  # every variable given to the bot is a setting it reads
        assert name.lower() in Settings.model_fields, name
    assert "bot:8080" in services["caddy"]["command"]
    assert set(compose["volumes"]) >= {"pgdata", "redisdata"}


def test_the_image_runs_the_entry_point_as_a_plain_user_and_leaves_secrets_out() -> None:
    dockerfile = (SOURCE_ROOT / "Dockerfile").read_text()
    assert re.search(r'^ENTRYPOINT \["keitaro-bot"\]$', dockerfile, re.MULTILINE)
    assert re.search(r"^USER bot$", dockerfile, re.MULTILINE)
    assert re.search(r"^FROM python:3\.11", dockerfile, re.MULTILINE)
    ignored = (SOURCE_ROOT / ".dockerignore").read_text().split()
    for private in (".env", "data", "secret.key", "*.sqlite3", ".venv", ".git"):
        assert private in ignored, private
    for package in ("bot", "handlers", "keitaro", "storage", "alerts", "services"):
        assert f"COPY {package} ./{package}" in dockerfile, package
