"""bot/lazy_models.py: aiogram's models built at first use validate and serialise exactly as the models
aiogram builds at import, and only the models used get built."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import aiogram.types
from aiogram.methods import SendMessage

import tests

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, sys
if sys.argv[1] == "lazy":
    from bot.lazy_models import defer_aiogram_models
    assert defer_aiogram_models()
else:
    import aiogram.types
    from bot.lazy_models import defer_aiogram_models
    assert not defer_aiogram_models()  # too late: aiogram's own way
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.methods import EditMessageText, GetUpdates, SendMessage, SetMyCommands
from aiogram.types import (
    BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update, BufferedInputFile
)
from aiogram.methods import SendPhoto
built = {name: getattr(__import__("aiogram.types", fromlist=[name]), name).__pydantic_complete__
         for name in ("Message", "Update", "Poll", "RichMessage")}
out = {"built_at_import": built}
update = {
    "update_id": 7,
    "message": {
        "message_id": 3, "date": 1700000000, "chat": {"id": 5, "type": "private"},
        "from": {"id": 5, "is_bot": False, "first_name": "A", "language_code": "ru"},
        "text": "/help x", "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
        "reply_to_message": {"message_id": 2, "date": 1700000000, "chat": {"id": 5, "type": "private"},
                             "photo": [{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}]},
    },
}
callback = {"update_id": 8, "callback_query": {
    "id": "q", "from": {"id": 5, "is_bot": False, "first_name": "A"}, "chat_instance": "c", "data": "d",
    "message": {"message_id": 1, "date": 0, "chat": {"id": 5, "type": "private"}}}}
out["update"] = Update.model_validate(update).model_dump(mode="json")
out["callback"] = Update.model_validate(callback).model_dump(mode="json")
from aiogram_dialog.api.entities.update_event import DialogUpdate, DialogUpdateEvent, DialogAction
event = DialogUpdateEvent(
    from_user={"id": 5, "is_bot": False, "first_name": "A"}, chat={"id": 5, "type": "private"},
    action=DialogAction.UPDATE, data={}, intent_id=None, stack_id="s", thread_id=None,
    business_connection_id=None,
)
out["dialog_update"] = DialogUpdate(aiogd_update=event).model_dump(mode="json")
out["callback_message_type"] = type(Update.model_validate(callback).callback_query.message).__name__
try:
    Update.model_validate({"update_id": "x", "message": {"message_id": 1}})
except Exception as error:
    out["error"] = str(error).splitlines()[0]
bot = Bot("1:x", session=AiohttpSession())
session = bot.session
markup = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="a", callback_data="b")]])
for method in (
    SendMessage(chat_id=5, text="<b>x</b>", parse_mode="HTML", reply_markup=markup),
    EditMessageText(chat_id=5, message_id=3, text="y", reply_markup=markup),
    SetMyCommands(commands=[BotCommand(command="help", description="Help")]),
    SendPhoto(chat_id=5, photo=BufferedInputFile(b"png", "chart.png"), caption="c"),
):
    form = session.build_form_data(bot, method)
    fields = [(str(dict(o)), str(v).split("//")[0]) for o, _h, v in form._fields if "filename" not in o]
    out[type(method).__name__] = fields
answer = {"ok": True, "result": update["message"]}
out["response"] = session.check_response(
    bot, SendMessage(chat_id=5, text="x"), 200, json.dumps(answer)
).result.model_dump(mode="json")
answer = {"ok": True, "result": [update, callback]}
out["updates"] = [u.model_dump(mode="json") for u in session.check_response(
    bot, GetUpdates(), 200, json.dumps(answer)).result]
out["built_after"] = {name: getattr(__import__("aiogram.types", fromlist=[name]), name).__pydantic_complete__
                      for name in ("Update", "Poll", "RichMessage")}
print(json.dumps(out, sort_keys=True, default=str))
"""


BUILD_ALL = """
import json
from bot.lazy_models import defer_aiogram_models
assert defer_aiogram_models()
import bot.launch  # everything the bot imports
import pydantic

def subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)

def deep(n, use):  # pydantic's first-use build looks a few frames up for a namespace
    return use() if n == 0 else deep(n - 1, use)

deferred = [
    c for c in set(subclasses(pydantic.BaseModel))
    if not c.__pydantic_complete__ and not c.__pydantic_generic_metadata__["parameters"]
]
failed = []
for cls in deferred:
    try:
        deep(10, lambda: cls.__pydantic_validator__.validate_python)
    except Exception as error:
        failed.append(f"{cls.__module__}.{cls.__qualname__}: {error}")
print(json.dumps({"deferred": len(deferred), "failed": failed}))
"""


def _run(mode: str, script: str = SCRIPT) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script, mode],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_models_built_at_first_use_behave_as_built_at_import() -> None:
    eager, lazy = _run("eager"), _run("lazy")
    assert eager.pop("built_at_import") == {
        "Message": True,
        "Update": True,
        "Poll": True,
        "RichMessage": True,
    }
    assert lazy.pop("built_at_import") == {
        "Message": False,
        "Update": False,
        "Poll": False,
        "RichMessage": False,
    }
    assert eager.pop("built_after") == {"Update": True, "Poll": True, "RichMessage": True}
    # what was used is built; a type nothing used is not
    assert lazy.pop("built_after") == {"Update": True, "Poll": False, "RichMessage": False}
    assert lazy == eager
    assert lazy["callback_message_type"] == "InaccessibleMessage"
    assert "validation error" in str(lazy["error"])


def test_the_test_suite_runs_the_models_as_the_bot_does() -> None:
    """tests/__init__.py defers them before anything imports aiogram, as ``python -m bot`` does."""
    assert tests.AIOGRAM_MODELS_DEFERRED
    assert not aiogram.types.RichMessage.__pydantic_complete__  # nothing here uses it
    assert SendMessage(chat_id=1, text="x").text == "x"


def test_every_deferred_model_builds_at_first_use() -> None:
    """Each of the ~700 models left unbuilt (aiogram's types and methods, aiogram-dialog's, ours)
    builds when first used: no annotation left unresolved."""
    result = _run("lazy", BUILD_ALL)
    assert int(str(result["deferred"])) > 600
    assert result["failed"] == []
