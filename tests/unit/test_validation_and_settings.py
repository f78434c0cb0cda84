from __future__ import annotations

import pytest

from bot.logsetup import Redactor
from bot.settings import Settings, describe_settings_error
from handlers.input import InputError
from handlers.secret_input import clean_api_key
from handlers.trackers.validation import clean_name, clean_timezone


def test_clean_name() -> None:
    assert clean_name("  Main   tracker ") == "Main tracker"
    for bad, key in (("", "name-err-empty"), ("x" * 41, "name-err-long"), ("/start", "name-err-slash")):
        with pytest.raises(InputError) as exc:
            clean_name(bad)
        assert exc.value.key == key


def test_clean_api_key() -> None:
    assert clean_api_key(" abcDEF123456 ") == "abcDEF123456"
    with pytest.raises(InputError, match="key-err-spaces"):
        clean_api_key("abc def 123456")
    with pytest.raises(InputError, match="key-err-format"):
        clean_api_key("short")
    with pytest.raises(InputError, match="key-err-format"):
        clean_api_key("ключ-кириллицей-123")


def test_clean_timezone() -> None:
    assert clean_timezone("europe/moscow") == "Europe/Moscow"
    assert clean_timezone("utc") == "UTC"
    assert clean_timezone("America/New York") == "America/New_York"
    with pytest.raises(InputError):
        clean_timezone("Mars/Base")


def test_settings_parse_ids_and_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "ADMIN_IDS",
        "ALLOWED_USER_IDS",
        "WEBHOOK_URL",
        "SECRET_KEY",
        "DEFAULT_LANGUAGE",
        "HTTP_PORT",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BOT_TOKEN", "123:abc")
    monkeypatch.setenv("ADMIN_IDS", "1, 2;3")
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.admin_ids == frozenset({1, 2, 3}) and s.allowed_user_ids == frozenset()
    assert s.is_allowed(999)  # empty allow-list: anyone
    assert s.http_port == 8080 and s.default_language == "en" and s.webhook_url is None
    monkeypatch.setenv("ALLOWED_USER_IDS", "10")
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.is_allowed(10) and s.is_allowed(2) and not s.is_allowed(999)


def test_settings_errors_are_readable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    monkeypatch.setenv("ADMIN_IDS", "alice")
    with pytest.raises(Exception) as exc:
        Settings(_env_file=None)  # type: ignore[call-arg]
    text = describe_settings_error(exc.value)
    assert "BOT_TOKEN is required but not set" in text
    assert "ADMIN_IDS" in text and "Telegram user ids" in text


def test_redactor_masks_registered_secrets_and_known_shapes() -> None:
    r = Redactor()
    r.add("s3cr3tValue123456")
    out = r.redact(
        "key=s3cr3tValue123456 "
        "url=https://tr.example/bot1234567:AAtest-token-for-the-fake-server-0001/getMe "
        "hdr {'Api-Key': 'zzzzzzzzzzzz1234'} pb=https://t.example/k3yk3yk3y/postback?subid=1 "
        'tracker log: Received postback "GET /pAthKey77/postback?subid=abc"'
    )
    for leaked in (
        "s3cr3tValue123456",
        "AAtest-token-for-the-fake-server-0001",
        "zzzzzzzzzzzz1234",
        "k3yk3yk3y",
    ):
        assert leaked not in out
    assert "s3cr…3456" in out


def test_every_menu_command_is_in_exactly_one_help_group() -> None:
    from handlers.commands import HELP_BASICS, HELP_GROUPS
    from handlers.features import menu

    assert list(HELP_GROUPS) == ["diagnose", "numbers", "objects", "duty"]
    placed = [name for names in HELP_GROUPS.values() for name in names] + list(HELP_BASICS)
    assert len(placed) == len(set(placed)), "a command is in two groups"
    missing = [name for name in menu() if name not in placed]
    assert missing == [], f"menu commands in no /help group: {missing}"
    assert "flows" in HELP_GROUPS["objects"]  # /flows (with /streams as its alias)


def test_the_name_offered_for_a_tracker_is_its_host() -> None:
    from handlers.trackers.validation import NAME_MAX, name_from_url

    assert name_from_url("https://tracker.example.com/admin/") == "tracker.example.com"
    assert name_from_url("https://www.tracker.example.com/admin/") == "tracker.example.com"
    assert name_from_url("http://203.0.113.10:8080/admin/") == "203.0.113.10"
    assert len(name_from_url("https://" + "a" * 60 + ".example.com/")) == NAME_MAX
