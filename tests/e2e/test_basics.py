"""Points 2, 3, 4, 7 and 9 of the foundation: greeting, help and menu, language, cancel, access."""

from __future__ import annotations

import pytest

from storage.timefmt import to_iso
from tests.conftest import BotRunner
from tests.e2e.helpers import active_tracker_id, add_tracker
from tests.fakes.keitaro import KeitaroEmulator
from tests.fakes.telegram import FakeTelegram

pytestmark = pytest.mark.usefixtures("bot")


async def test_start_greets_in_english_and_points_to_connecting_a_tracker(tg: FakeTelegram) -> None:
    user = tg.user(1001, first_name="Ann", language_code="en")
    await user.send("/start")
    msg = await user.expect("Hi, Ann")
    assert "Keitaro" in msg.text
    assert "connect your tracker" in msg.text
    assert any("Connect a tracker" in b for row in msg.buttons() for b in row)


async def test_start_greets_in_russian_when_telegram_says_ru(tg: FakeTelegram) -> None:
    user = tg.user(1002, first_name="Иван", language_code="ru")
    await user.send("/start")
    msg = await user.expect("Привет, Иван")
    assert "Первый шаг: подключите трекер — понадобятся адрес админки и ключ Admin API." in msg.text


async def test_other_languages_fall_back_to_english(tg: FakeTelegram) -> None:
    user = tg.user(1003, first_name="Hans", language_code="de")
    await user.send("/start")
    await user.expect("Hi, Hans")


async def test_user_name_is_escaped_in_html(tg: FakeTelegram) -> None:
    user = tg.user(1004, first_name="<b>Bob & Co</b>", language_code="en")
    await user.send("/start")
    msg = await user.expect("Hi,")
    assert "<b>Bob & Co</b>" in msg.text  # shown literally, and the fake accepted the HTML


async def test_help_shows_four_short_groups_with_every_command_once(tg: FakeTelegram) -> None:
    from handlers.features import menu

    user = tg.user(1005, language_code="en")
    await user.send("/help")
    msg = await user.expect("What I can do")
    lines = msg.text.splitlines()
    heads = [ln for ln in lines if ln.split(" ")[0] in ("🩺", "📊", "🗂", "📟")]
    assert [h.split(" — ")[0] for h in heads] == ["🩺 Diagnose", "📊 Numbers", "🗂 Objects", "📟 On duty"]
    assert lines[lines.index(heads[0]) + 1] == "/postback · /logs · /clicks"
    assert lines[lines.index(heads[1]) + 1] == "/stats · /conversions · /costs"
    assert "/start — main menu · /lang — language · /cancel — leave a conversation without saving" in lines
    shown = [word for ln in lines for word in ln.split() if word.startswith("/")]
    for name in menu():
        if name != "help":
            assert shown.count(f"/{name}") == 1, f"/{name} is not in /help exactly once"
    assert len(lines) <= 16


async def test_command_menu_is_set_in_both_languages(tg: FakeTelegram) -> None:
    from handlers.features import menu

    COMMANDS = menu()

    # the default menu (no language_code) is set last, after ru and en
    call = await tg.wait_call("setMyCommands", lambda c: not c.params.get("language_code"))
    assert call is not None
    by_lang = {lang: cmds for (_scope, lang), cmds in tg.commands.items()}
    assert set(by_lang) >= {"en", "ru", ""}
    for lang in ("en", "ru", ""):
        assert [c["command"] for c in by_lang[lang]] == list(COMMANDS)
    ru = {c["command"]: c["description"] for c in by_lang["ru"]}
    en = {c["command"]: c["description"] for c in by_lang["en"]}
    assert ru["trackers"] != en["trackers"] and "трекер" in ru["trackers"].lower()


async def test_lang_switches_and_survives_a_restart(tg: FakeTelegram, runner: BotRunner) -> None:
    user = tg.user(1006, language_code="en")
    await user.send("/lang")
    await user.expect("Language")
    await user.press("Русский")
    await user.expect("Язык: русский")
    await user.send("/help")
    await user.expect("Что я умею")

    await runner.restart()
    await user.send("/help")
    await user.expect("🩺 Диагностика — дошёл ли постбек, есть ли клик")
    await user.send("/lang")
    await user.expect("Язык")
    await user.press("English")
    await user.expect("Language: English")
    await user.send("/start")
    await user.expect("Hi,")


async def test_cancel_with_nothing_running_says_so(tg: FakeTelegram) -> None:
    user = tg.user(1007)
    await user.send("/cancel")
    await user.expect("Nothing to cancel")


async def test_unknown_command_and_text_get_an_answer(tg: FakeTelegram) -> None:
    user = tg.user(1008)
    await user.send("/nope")
    await user.expect("don't know this command")
    await user.send("hello?")
    await user.expect("/help")


async def test_text_on_a_button_screen_is_answered_with_a_reason(tg: FakeTelegram) -> None:
    user = tg.user(1009)
    await user.send("/lang")
    await user.expect("Language")
    await user.send("english please")
    await user.expect("I expect a button press")
    # the screen is shown again below the answer, and still works
    await user.expect("Language", kind="sent")
    await user.press("Русский")
    await user.expect("Язык: русский")


async def test_pressing_a_button_of_a_closed_menu_is_explained(tg: FakeTelegram) -> None:
    user = tg.user(1010)
    await user.send("/lang")
    menu = await user.expect("Language")
    await user.send("/cancel")
    await user.expect("Cancelled")
    qid = await user.press("Русский", message=menu)
    answer = await user.callback_answer(qid)
    assert "closed or outdated" in (answer.get("text") or "")


async def test_stranger_is_refused_with_their_id_when_list_is_set(
    tg: FakeTelegram, runner: BotRunner
) -> None:
    await runner.stop()
    await runner.start(allowed_user_ids=frozenset({2001}), admin_ids=frozenset({2002}))
    stranger = tg.user(2999, language_code="ru")
    await stranger.send("/start")
    msg = await stranger.expect("⛔ Я работаю только для своих.")
    assert "2999" in msg.text
    await stranger.send("/trackers")
    msg = await stranger.expect("2999")
    assert "трекеры" not in msg.text.lower()

    allowed = tg.user(2001)
    await allowed.send("/start")
    await allowed.expect("Hi,")
    admin = tg.user(2002)
    await admin.send("/start")
    await admin.expect("Hi,")


async def test_unexpected_error_gives_an_error_id_and_polling_goes_on(
    tg: FakeTelegram, runner: BotRunner, caplog: pytest.LogCaptureFixture
) -> None:
    assert runner.app is not None

    async def broken(owner_id: int) -> list[object]:
        raise RuntimeError("boom in the repository")

    original = runner.app.ctx.trackers.list
    runner.app.ctx.trackers.list = broken  # type: ignore[method-assign]
    user = tg.user(1011)
    with caplog.at_level("ERROR"):
        await user.send("/start")
        msg = await user.expect("Error id")
    error_id = msg.text.split("Error id:")[1].split(".")[0].strip()
    assert len(error_id) == 8
    logged = [r for r in caplog.records if error_id in r.getMessage()]
    assert logged and "boom in the repository" in (logged[0].exc_text or "")

    runner.app.ctx.trackers.list = original  # type: ignore[method-assign]
    await user.send("/start")
    await user.expect("Hi,")


async def test_in_a_group_only_commands_get_answers(tg: FakeTelegram, runner: BotRunner) -> None:
    await runner.stop()
    await runner.start(allowed_user_ids=frozenset({2101}))
    team = tg.group(-100777, title="Night shift")
    member = tg.user(2101).in_group(team, status="member")
    stranger = tg.user(2199).in_group(team, status="member")
    await member.send("good night everyone")  # group talk: no "I did not understand"
    await stranger.send("hello bot?")  # not allowed, but plain talk: no refusal either
    await member.send("/nosuchcommand@someotherbot")  # another bot's command: not ours to answer
    await member.send("/help")
    answer = await member.expect()
    assert "/stats" in answer.text  # the very next message of the bot is the /help answer
    await stranger.send("/help")
    refusal = await stranger.expect("2199")  # a command from a stranger does get the refusal
    assert "/stats" not in refusal.text
    texts = [m.text for m in tg.bot_messages(team.id)]
    assert len(texts) == 2


@pytest.mark.date_sensitive
async def test_returning_menu_has_alerts_with_the_open_count_and_logs(
    tg: FakeTelegram, keitaro: KeitaroEmulator, runner: BotRunner
) -> None:
    user = tg.user(1012, language_code="en")
    await add_tracker(user, keitaro)
    app = runner.running
    repo = app.ctx.alerts.alerts
    tracker_id = await active_tracker_id(app, user)
    await user.send("/start")
    menu = await user.expect("Welcome back")
    assert menu.buttons()[1] == ["🚨 Alerts", "📜 Logs"]  # nothing open: no count
    now = to_iso(app.ctx.alerts.now())
    for scope in ("campaign:1", "campaign:2"):
        rule = await repo.create(
            user.id, tracker_id, "roi_below", "ROI below", 1, {"fire_below": 0.0}, "warning"
        )
        await repo.open_alert(rule.id, scope, tracker_id, "warning", now, -25.0)
    await user.send("/start")
    menu = await user.expect("Welcome back")
    assert menu.buttons() == [
        ["🧪 Test a postback", "📊 Statistics"],
        ["🚨 Alerts (2)", "📜 Logs"],
        ["📡 My trackers"],
        ["🌐 Language", "❓ Help"],
    ]
    await user.press("🚨 Alerts (2)", message=menu)
    await user.expect("🚨 Alerts · Main", kind="sent")
    await user.press("📜 Logs", message=menu)
    await user.expect("📜 Postbacks log — Main", kind="sent")
