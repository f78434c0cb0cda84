"""The timeline and post-mortem texts (issue 19, part 5): newest last, long timelines paged with a
count of what is above and below, deliveries grouped into one line, notes escaped and cut on a page
but whole in the post-mortem, the file's plain text, and messages split on whole lines."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.i18n import LANGUAGES
from handlers.alerts.timeline import chunks, send_postmortem
from handlers.alerts.timeline_text import PAGE_SIZE, Incident, plain, postmortem_lines, timeline_page
from handlers.notices import translator
from storage.alert_events import AlertEvent
from storage.alerts import to_iso
from tests.alert_fakes import CORE, NOW, make_alert, make_rule
from tests.fakes.telegram import parse_html

OPENED = NOW - timedelta(hours=2)


def event(number: int, kind: str, minutes: float, **over: Any) -> AlertEvent:
    values: dict[str, Any] = {
        "id": number,
        "alert_id": 41,
        "at": to_iso(OPENED + timedelta(minutes=minutes)),
        "kind": kind,
        "actor_id": None,
        "actor_name": None,
        "chat_id": None,
        "detail": {},
    }
    values.update(over)
    return AlertEvent(**values)


def incident(events: list[AlertEvent], **alert: Any) -> Incident:
    opened = {"opened_at": to_iso(OPENED), **alert}
    return Incident(make_alert(**opened), make_rule(), "Main <prod>", "Europe/Moscow", events,
                    {7: "Olga", 8: "Boris", -100: "Night & day"})  # fmt: skip


def story() -> list[AlertEvent]:
    return [
        event(1, "fired", 0, detail={"value": -12.5, "severity": "warning"}),
        event(2, "notified", 0, chat_id=7),
        event(3, "notified", 0, chat_id=-100),
        event(4, "acked", 3, actor_id=8, actor_name="Boris"),
        event(
            5,
            "snoozed",
            4,
            actor_name="Olga",
            detail={"until": to_iso(OPENED + timedelta(hours=1, minutes=4))},
        ),
        event(6, "action", 5, actor_name="Olga", detail={"what": "disable", "campaign": "Summer"}),
        event(7, "note", 7, actor_name="Boris", detail={"text": "<b>lander</b> & " + "z" * 400}),
        event(8, "resolved", 40, detail={"value": 3.0}),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_short_timeline_in_order_escaped_with_deliveries_grouped(language: str) -> None:
    tr = translator(CORE, language)
    text, page, pages = timeline_page(
        tr, incident(story(), resolved_at=to_iso(OPENED + timedelta(minutes=40))), NOW, 0
    )
    assert (page, pages) == (0, 1)
    plain_text, _ = parse_html(text)  # valid Telegram HTML
    lines = plain_text.splitlines()
    assert lines[0].endswith("Main <prod>")
    sent = "📨 Sent to Olga, Night & day" if language == "en" else "📨 Отправлено: Olga, Night & day"
    order = [
        "13:30  🔥",
        sent,
        "13:33  ✅",
        "13:34  💤",
        "13:35  ⏸",
        "13:37  📝 Boris: <b>lander</b> & zz",
        "14:10  ✅",
    ]
    at = 0
    for part in order:  # times in the tracker's zone (Moscow: UTC+3)
        found = next(i for i, line in enumerate(lines) if part in line)
        assert found >= at, (part, lines)
        at = found
    note = next(line for line in lines if "📝" in line)
    assert note.endswith("…") and len(note) < 260  # cut on the page
    assert "&lt;b&gt;lander&lt;/b&gt; &amp;" in text


def test_a_long_timeline_is_paged_newest_last_with_counts() -> None:
    tr = translator(CORE, "en")
    events = [event(1, "fired", 0)] + [
        event(n, "note", n, actor_name="Ann", detail={"text": f"step {n}"}) for n in range(2, 31)
    ]
    inc = incident(events)
    text, page, pages = timeline_page(tr, inc, NOW, 0)
    assert (page, pages) == (0, 3)
    assert "step 30" in text and "step 19" in text and "step 18" not in text
    assert f"… {30 - PAGE_SIZE} earlier events above (◀️ Earlier)" in text
    assert text.index("step 19") < text.index("step 30")  # newest last
    middle, page, _ = timeline_page(tr, inc, NOW, 1)
    assert page == 1 and "step 18" in middle and "step 7" in middle and "step 6" not in middle
    assert "… 12 later events below (Later ▶️)" in middle
    oldest, page, _ = timeline_page(tr, inc, NOW, 99)  # clamped to the last page
    assert page == 2 and "Fired" in oldest and "earlier" not in oldest


def test_the_postmortem_says_who_when_how_long_and_keeps_notes_whole() -> None:
    tr = translator(CORE, "en")
    resolved = to_iso(OPENED + timedelta(minutes=40))
    lines = postmortem_lines(
        tr,
        incident(story(), resolved_at=resolved, acked_at=to_iso(OPENED + timedelta(minutes=3)), acked_by=8,
                 acked_by_name="Boris", worst_value=-30.0, last_value=3.0),
        NOW,
    )  # fmt: skip
    text = "\n".join(lines)
    parse_html(text)
    expected = [
        "Tracker: Main &lt;prod&gt;",
        "Campaign: Summer",
        "Fired: 26.11.2026 13:30 (Europe/Moscow)",
        "Resolved: 26.11.2026 14:10 · lasted 40 min",
        "Worst value: -30%",
        "Who was told: Olga, Night &amp; day",
        "Acked by Boris at 26.11.2026 13:33, 3 min after it fired",
        "Actions:",
        "Notes:",
    ]
    for part in expected:
        assert part in text, part
    file_text = plain(text)
    assert "<b>" not in file_text.split("\n")[0] and file_text.startswith("Post-mortem: ")
    assert "<b>lander</b> & " + "z" * 400 in file_text  # whole, as typed
    assert "Who was told: Olga, Night & day" in file_text


def test_messages_are_split_on_whole_lines_and_an_entity_is_never_cut() -> None:
    parts = chunks(["a" * 30, "b" * 30, "c" * 30], limit=70)
    assert parts == ["a" * 30 + "\n" + "b" * 30, "c" * 30]
    (cut,) = chunks(["x" * 8 + "&amp;" * 5], limit=12)
    assert cut == "x" * 8 + "…"


class _Bot:
    """Records what send_postmortem sends."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.documents: list[tuple[str, bytes, str]] = []

    async def send_message(self, chat_id: int, text: str) -> None:
        self.sent.append(text)

    async def send_document(self, chat_id: int, document: Any, caption: str) -> None:
        self.documents.append((document.filename, document.data, caption))


async def test_a_long_postmortem_is_three_messages_at_most_and_whole_in_the_file() -> None:
    tr = translator(CORE, "en")
    notes = [
        event(n, "note", n, actor_name="Ann", detail={"text": f"note {n} " + "w" * 300})
        for n in range(2, 200)
    ]
    inc = incident([event(1, "fired", 0), *notes], resolved_at=to_iso(OPENED + timedelta(hours=4)))
    bot = _Bot()
    await send_postmortem(bot, 1, tr, inc, NOW, as_file=False)  # type: ignore[arg-type]
    assert len(bot.sent) == 3 and all(len(m) <= 4096 for m in bot.sent)
    for message in bot.sent:
        parse_html(message)
    assert bot.sent[-1].endswith("… the rest is in the file: 📎 Send as a file")
    await send_postmortem(bot, 1, tr, inc, NOW, as_file=True)  # type: ignore[arg-type]
    [(name, data, caption)] = bot.documents
    assert name == "alert-41-postmortem.md" and caption.startswith("📎 Post-mortem: ")
    content = data.decode()
    assert "note 2 " in content and "note 199 " in content  # every note, whole
