"""Configuration contract (see DESIGN.md): environment variables and `.env`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

IdList = Annotated[frozenset[int], NoDecode]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr
    telegram_api_url: str = "https://api.telegram.org"
    database_path: Path = Path("data/bot.sqlite3")
    secret_key: SecretStr | None = None
    admin_ids: IdList = frozenset()
    allowed_user_ids: IdList = frozenset()
    allow_private_tracker_addresses: bool = False
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    http_host: str = "0.0.0.0"  # noqa: S104 - the bot's own server listens on all interfaces by design
    http_port: int = Field(8080, ge=0, le=65535)
    alert_interval_seconds: int = Field(60, ge=1)
    log_level: str = "INFO"
    default_language: Literal["ru", "en"] = "en"

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

    @field_validator("webhook_url", "secret_key", "webhook_secret", mode="before")
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
