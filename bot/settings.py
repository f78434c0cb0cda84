"""Configuration contract (see DESIGN.md): environment variables and `.env`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import unquote, urlsplit, urlunsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

IdList = Annotated[frozenset[int], NoDecode]
_SECRET_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # Every field's description (and ``shown_default`` where the bare default says too little) is
    # the configuration table of ``python -m bot --help``; the README's table says the same.
    bot_token: SecretStr = Field(
        description="Telegram bot token (from @BotFather)",
        json_schema_extra={"shown_default": "required"},
    )
    telegram_api_url: str = Field(
        "https://api.telegram.org",
        description="base URL of the Bot API server (a local Bot API server, or a fake in tests)",
    )
    database_path: Path = Field(Path("data/bot.sqlite3"), description="SQLite file")
    database_url: SecretStr | None = Field(
        None,
        description="postgresql://user:password@host:5432/db switches storage to PostgreSQL "
        "(then DATABASE_PATH is unused)",
        json_schema_extra={"shown_default": "unset = SQLite"},
    )
    redis_url: SecretStr | None = Field(
        None,
        description="redis://host:6379/0: conversation state, per-user ordering and the shared send "
        "budget in Redis (required for several workers)",
        json_schema_extra={"shown_default": "unset = in process"},
    )
    workers: int = Field(1, ge=1, le=64, description="webhook worker processes (several need REDIS_URL)")
    secret_key: SecretStr | None = Field(
        None,
        description="key that encrypts stored secrets (at least 16 characters); back up the key file",
        json_schema_extra={"shown_default": "generated into secret.key beside the database"},
    )
    admin_ids: IdList = Field(frozenset(), description="Telegram user ids of bot admins, comma-separated")
    allowed_user_ids: IdList = Field(frozenset(), description="who may use the bot; empty = anyone")
    allow_private_tracker_addresses: bool = Field(
        False, description="allow tracker URLs on loopback/private/link-local networks"
    )
    webhook_url: str | None = Field(
        None,
        description="receive updates by a webhook at this URL instead of long polling",
        json_schema_extra={"shown_default": "unset = polling"},
    )
    webhook_secret: SecretStr | None = Field(
        None,
        description="the webhook's secret token (A-Za-z0-9_-, up to 256); every call without it is refused",
        json_schema_extra={"shown_default": "derived from the secret key"},
    )
    http_host: str = Field(
        "0.0.0.0",  # noqa: S104 - the bot's own server listens on all interfaces by design
        description="address of the bot's own HTTP server (webhook, /healthz)",
    )
    http_port: int = Field(8080, ge=0, le=65535, description="port of the bot's own HTTP server")
    keitaro_user_agent: str = Field(
        "keitaro-oncall-bot",
        min_length=1,
        max_length=200,
        description="User-Agent of every request to trackers (Cloudflare's error 1010 blocks unknown ones)",
    )
    alert_interval_seconds: int = Field(60, ge=1, description="how often alert rules are evaluated")
    alert_group_window_seconds: int = Field(
        60, ge=0, le=3600, description="alerts of one tracker firing within this many seconds are one message"
    )
    startup_retries: int = Field(
        5, ge=0, le=100, description="retries when Telegram cannot be reached at start-up"
    )
    startup_retry_seconds: float = Field(
        1.0, ge=0, le=600, description="wait before the first retry; doubled each time"
    )
    log_level: str = Field("INFO", description="DEBUG, INFO, WARNING, ERROR or CRITICAL")
    default_language: Literal["ru", "en"] = Field(
        "en", description="ru or en, for users whose Telegram language is neither"
    )
    heartbeat_url: SecretStr | None = Field(
        None,
        description="pinged (HTTP GET) after every alert-engine tick: an external dead man's switch "
        "(e.g. https://hc-ping.com/<uuid>); shown masked",
        json_schema_extra={"shown_default": "unset = no ping"},
    )

    @field_validator("admin_ids", "allowed_user_ids", mode="before")
    @classmethod
    def _parse_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p for p in value.replace(";", ",").replace(" ", ",").split(",") if p]
            try:
                return frozenset(int(p) for p in parts)
            except ValueError as exc:
                raise ValueError("must be Telegram user ids separated by commas, e.g. 12345,67890") from exc
        return value

    @field_validator(
        "webhook_url",
        "secret_key",
        "webhook_secret",
        "database_url",
        "redis_url",
        "heartbeat_url",
        mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        token = value.get_secret_value().strip()
        if not token:
            raise ValueError("is empty")
        if ":" not in token:
            raise ValueError("does not look like a Telegram bot token (123456:ABC…)")
        return SecretStr(token)

    @field_validator("webhook_secret")
    @classmethod
    def _secret_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _SECRET_TOKEN_RE.fullmatch(value.get_secret_value()):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and - (what Telegram accepts)")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith(("postgresql://", "postgres://")):
            raise ValueError("must be a PostgreSQL URL: postgresql://user:password@host:5432/database")
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_url_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith(
            ("redis://", "rediss://", "unix://")
        ):
            raise ValueError("must be a Redis URL: redis://host:6379/0 (rediss:// for TLS)")
        return value

    @field_validator("heartbeat_url")
    @classmethod
    def _heartbeat_url_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().strip().startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL, e.g. https://hc-ping.com/<uuid>")
        return SecretStr(value.get_secret_value().strip()) if value is not None else None

    @field_validator("keitaro_user_agent")
    @classmethod
    def _user_agent_shape(cls, value: str) -> str:
        value = value.strip()
        if not value or any(ord(ch) < 32 or ord(ch) > 126 for ch in value):
            raise ValueError("must be one line of printable ASCII, e.g. keitaro-oncall-bot")
        return value

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        value = value.upper()
        if value not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return value

    @property
    def key_file(self) -> Path:
        return self.database_path.parent / "secret.key"

    def is_allowed(self, user_id: int) -> bool:
        return not self.allowed_user_ids or user_id in self.allowed_user_ids or user_id in self.admin_ids

    def is_admin(self, user_id: int) -> bool:
        return user_id in self.admin_ids


def describe_settings_error(exc: Exception) -> str:
    """One readable line per bad variable, for the start-up error message."""
    from pydantic import ValidationError

    if not isinstance(exc, ValidationError):
        return str(exc)
    lines = []
    for err in exc.errors():
        name = str(err["loc"][0]).upper() if err["loc"] else "?"
        if err["type"] == "missing":
            lines.append(f"{name} is required but not set (environment variable or .env file).")
        else:
            lines.append(f"{name}: {err['msg']}")
    return "\n".join(lines)


_QUERY_PASSWORD = re.compile(r"(?i)(^|&)(password=)[^&]*")
_QUERY_PASSWORD_VALUE = re.compile(r"(?i)(^|&)(password=)([^&]*)")


def masked_url(url: str) -> str:
    """``url`` with its password (in the user part or a ``password=`` parameter) shown as ``***``."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        user, has_password, _ = userinfo.partition(":")
        netloc = f"{user}:***@{host}" if has_password else f"{user}@{host}"
    query = _QUERY_PASSWORD.sub(r"\1\2***", parts.query)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def database_label(settings: Settings) -> str:
    """How the configured database is named to the operator: the URL (password masked) or the file."""
    if settings.database_url is not None:
        return masked_url(settings.database_url.get_secret_value())
    return str(settings.database_path)


def url_passwords(url: str) -> set[str]:
    """The password as written in ``url`` and decoded (``%40`` is ``@``), wherever it stands."""
    parts = urlsplit(url)
    userinfo = parts.netloc.rpartition("@")[0]
    found = [userinfo.partition(":")[2]] if ":" in userinfo else []
    found += [m.group(3) for m in _QUERY_PASSWORD_VALUE.finditer(parts.query)]
    return {form for secret in found if secret for form in (secret, unquote(secret))}
