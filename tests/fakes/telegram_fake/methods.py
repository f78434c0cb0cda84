"""The Bot API methods a bot uses in private chats: messages, edits, commands, callbacks, files.

``BotApiMethods`` adds them to ``ServerState``; each handler takes the request ``Params`` and returns
the ``result`` or raises ``ApiError`` with the description real Telegram gives.
"""

from __future__ import annotations

import copy
import json
import mimetypes
import re
import time
from typing import Any

from tests.fakes.telegram_fake.html import HtmlParseError, parse_html, strip_entities, utf16_len
from tests.fakes.telegram_fake.models import BotMessage, ChatState, GroupBase, scope_key
from tests.fakes.telegram_fake.protocol import (
    Params,
    bad_request,
    decode_params,
    image_size,
    validate_inline_keyboard,
)
from tests.fakes.telegram_fake.state import ServerState

__all__ = ["BotApiMethods"]

MAX_TEXT = 4096
MAX_CAPTION = 1024
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the same "
    "as a current message content and reply markup of the message"
)
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
        "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
    }
)  # fmt: skip


class BotApiMethods(ServerState):
    """Handlers of the message, command and callback methods (``_handlers`` in the server maps names)."""

    # ----------------------------------------------------------------- text & markup

    def _parse_text(
        self, params: Params, key: str, entities_key: str
    ) -> tuple[str, str, list[dict[str, Any]]]:
        """(raw, plain, entities) of a text/caption field according to parse_mode."""
        raw = params.get_str(key) or ""
        mode = (params.get_str("parse_mode") or "").lower()
        if mode == "html":
            try:
                plain, entities = parse_html(raw)
            except HtmlParseError as error:
                raise bad_request(f"can't parse entities: {error}") from None
        elif mode:
            raise bad_request(f"unsupported parse_mode {mode!r} (the fake Telegram implements HTML only)")
        else:
            given = params.get_json(entities_key)
            plain, entities = strip_entities(raw, given if isinstance(given, list) else [])
        return raw, plain, entities

    def _message_text(self, params: Params) -> tuple[str, str, list[dict[str, Any]]]:
        raw, plain, entities = self._parse_text(params, "text", "entities")
        if not plain:
            raise bad_request("message text is empty")
        if utf16_len(plain) > MAX_TEXT:  # Telegram counts UTF-16 code units after entity parsing
            raise bad_request("message is too long")
        return raw, plain, entities

    def _caption(self, params: Params) -> tuple[str, str, list[dict[str, Any]]]:
        raw, plain, entities = self._parse_text(params, "caption", "caption_entities")
        if utf16_len(plain) > MAX_CAPTION:
            raise bad_request("message caption is too long")
        return raw, plain, entities

    def _markup(
        self, params: Params, *, inline_only: bool = False
    ) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        """(inline keyboard, other reply markup) from the reply_markup field."""
        raw = params.get_str("reply_markup")
        if not raw:
            return None, None
        try:
            data = json.loads(raw)
        except ValueError:
            raise bad_request("can't parse reply keyboard markup JSON object") from None
        if not isinstance(data, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in data:
            return validate_inline_keyboard(data), None
        if inline_only:
            raise bad_request("inline keyboard expected")
        if not any(k in data for k in ("keyboard", "remove_keyboard", "force_reply")):
            raise bad_request("can't parse reply keyboard markup JSON object")
        return None, data

    def _find_message(self, chat: ChatState, params: Params, missing: str) -> BotMessage:
        if params.get_str("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        message_id = params.get_int("message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        msg = chat.messages.get(message_id)
        if msg is None or msg.deleted:
            raise bad_request(missing)
        return msg

    def _input_file(self, params: Params, key: str, prefix: str) -> tuple[bytes, str, str, str]:
        """(content, file name, file_id, file_unique_id) of an uploaded or re-sent file."""
        ref = params.get_str(key)
        if ref is None and key in params.files:
            content, name = params.files[key], params.filenames.get(key) or key
        elif not ref:
            raise bad_request(f"there is no {key} in the request")
        elif ref.startswith("attach://"):
            part = ref[len("attach://") :]
            if part not in params.files:
                raise bad_request(f"there is no {key} in the request (part {part!r} missing)")
            content, name = params.files[part], params.filenames.get(part) or part
        elif ref in self._files:
            content, name = self._files[ref]
            return content, name, ref, "AgAD" + ref[-12:]
        else:
            raise bad_request("wrong file identifier/HTTP URL specified")
        return content, name, *self._new_file(content, name, prefix)

    # ----------------------------------------------------------------- methods

    async def _get_me(self, params: Params) -> dict[str, Any]:
        return {
            **self._bot_user_json(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _commands_key(self, params: Params) -> tuple[str, str]:
        language = params.get_str("language_code") or ""
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise bad_request("LANG_CODE_INVALID")
        return scope_key(params.get_json("scope")), language

    async def _set_my_commands(self, params: Params) -> bool:
        commands = params.get_json("commands")
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            if not isinstance(command, dict) or not _COMMAND_RE.match(str(command.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        key = self._commands_key(params)
        if commands:
            self.commands[key] = [
                {"command": c["command"], "description": c["description"]} for c in commands
            ]
        else:
            self.commands.pop(key, None)
        return True

    async def _get_my_commands(self, params: Params) -> list[dict[str, Any]]:
        return copy.deepcopy(self.commands.get(self._commands_key(params), []))

    async def _delete_my_commands(self, params: Params) -> bool:
        self.commands.pop(self._commands_key(params), None)
        return True

    async def _send_message(self, params: Params) -> dict[str, Any]:
        _user, chat = self._resolve_chat(params)
        raw, plain, entities = self._message_text(params)
        inline, other = self._markup(params)
        msg = self._new_message(
            chat,
            text=plain,
            html=raw,
            from_bot=True,
            entities=entities,
            reply_markup=inline,
            reply_keyboard=other,
        )
        self._record(chat, "sent", msg)
        return self._message_json(msg)

    async def _edit_message_text(self, params: Params) -> dict[str, Any]:
        return self._edit_words(params, caption=False)

    async def _edit_message_caption(self, params: Params) -> dict[str, Any]:
        """A media message's caption (and buttons); a text message has none to edit, like Telegram."""
        return self._edit_words(params, caption=True)

    def _edit_words(self, params: Params, *, caption: bool) -> dict[str, Any]:
        """editMessageText (a text message) or editMessageCaption (a media message): the words and
        the buttons; Telegram refuses the other kind of message and an edit that changes nothing."""
        _user, chat = self._resolve_chat(params)
        msg = self._find_message(chat, params, "message to edit not found")
        if not msg.from_bot:
            raise bad_request("message can't be edited")
        if (msg.media is None) == caption:
            raise bad_request(f"there is no {'caption' if caption else 'text'} in the message to edit")
        raw, plain, entities = self._caption(params) if caption else self._message_text(params)
        inline, _ = self._markup(params, inline_only=True)
        if plain == msg.text and entities == msg.entities and inline == msg.reply_markup:
            raise bad_request(NOT_MODIFIED)
        msg.text, msg.html, msg.entities, msg.reply_markup = plain, raw, entities, inline
        msg.edits += 1
        msg.edit_date = int(time.time())
        self._record(chat, "edited", msg)
        return self._message_json(msg)

    async def _edit_message_reply_markup(self, params: Params) -> dict[str, Any]:
        _user, chat = self._resolve_chat(params)
        msg = self._find_message(chat, params, "message to edit not found")
        if not msg.from_bot:
            raise bad_request("message can't be edited")
        inline, _ = self._markup(params, inline_only=True)
        if inline == msg.reply_markup or (not inline and not msg.reply_markup):
            raise bad_request(NOT_MODIFIED)
        msg.reply_markup = inline
        msg.edits += 1
        msg.edit_date = int(time.time())
        self._record(chat, "edited", msg, markup_only=True)
        return self._message_json(msg)

    async def _delete_message(self, params: Params) -> bool:
        _user, chat = self._resolve_chat(params)
        msg = self._find_message(chat, params, "message to delete not found")
        msg.deleted = True
        self._record(chat, "deleted", msg)
        return True

    async def _answer_callback_query(self, params: Params) -> bool:
        query_id = params.get_str("callback_query_id") or ""
        if query_id not in self._open_callbacks:
            raise bad_request("query is too old and response timeout expired or query ID is invalid")
        answer = decode_params(params.raw)
        if len(str(answer.get("text") or "")) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        self._open_callbacks.discard(query_id)
        answer.setdefault("show_alert", False)
        self.callback_answers[query_id] = answer
        return True

    async def _send_document(self, params: Params) -> dict[str, Any]:
        _user, chat = self._resolve_chat(params)
        content, name, file_id, unique_id = self._input_file(params, "document", "BQAC")
        if not content:
            raise bad_request("file must be non-empty")
        raw, plain, entities = self._caption(params)
        inline, other = self._markup(params)
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        meta = {"file_id": file_id, "file_unique_id": unique_id, "file_name": name, "mime_type": mime,
                "file_size": len(content)}  # fmt: skip
        msg = self._new_message(
            chat, text=plain, html=raw, from_bot=True, entities=entities, reply_markup=inline,
            reply_keyboard=other, media={"document": meta},
            document={"file_name": name, "content": content, "caption": plain, "file_id": file_id,
                      "mime_type": mime, "file_size": len(content)},
        )  # fmt: skip
        self._record(chat, "document", msg)
        return self._message_json(msg)

    async def _send_photo(self, params: Params) -> dict[str, Any]:
        _user, chat = self._resolve_chat(params)
        content, _name, file_id, unique_id = self._input_file(params, "photo", "AgAC")
        size = image_size(content)
        if size is None:
            raise bad_request("IMAGE_PROCESS_FAILED")
        raw, plain, entities = self._caption(params)
        inline, other = self._markup(params)
        sizes = [{"file_id": file_id, "file_unique_id": unique_id, "width": size[0], "height": size[1],
                  "file_size": len(content)}]  # fmt: skip
        msg = self._new_message(
            chat, text=plain, html=raw, from_bot=True, entities=entities, reply_markup=inline,
            reply_keyboard=other, media={"photo": sizes}, photo=content,
        )  # fmt: skip
        self._record(chat, "photo", msg)
        return self._message_json(msg)

    async def _get_file(self, params: Params) -> dict[str, Any]:
        """A file a user sent (or the bot uploaded): its ``file_path`` for ``/file/bot<token>/<path>``."""
        file_id = params.get_str("file_id") or ""
        if file_id not in self._files:
            raise bad_request("invalid file_id")
        content, name = self._files[file_id]
        return {"file_id": file_id, "file_unique_id": "AgAD" + file_id[-12:], "file_size": len(content),
                "file_path": f"documents/{file_id}/{name}"}  # fmt: skip

    async def _send_chat_action(self, params: Params) -> bool:
        self._resolve_chat(params)
        if params.get_str("action") not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    async def _get_chat(self, params: Params) -> dict[str, Any]:
        user, _chat = self._resolve_chat(params, check_blocked=False)
        gifts = dict.fromkeys(
            (
                "unlimited_gifts",
                "limited_gifts",
                "unique_gifts",
                "premium_subscription",
                "gifts_from_channels",
            ),
            True,
        )
        return {
            **user.chat_json(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": gifts,
        }

    async def _get_chat_member(self, params: Params) -> dict[str, Any]:
        chat, _state = self._resolve_chat(params, check_blocked=False)
        user_id = params.get_int("user_id")
        person = self._users.get(user_id) if user_id is not None else None
        if person is None or isinstance(person, GroupBase):
            raise bad_request("PARTICIPANT_ID_INVALID")
        if isinstance(chat, GroupBase):
            status = self.chat_members.get((chat.id, person.id), "left")
        else:
            status = "member" if chat.id == person.id else "left"
        member: dict[str, Any] = {"status": status, "user": person.user_json()}
        if status == "creator":
            member["is_anonymous"] = False
        elif status == "administrator":
            member |= dict.fromkeys(
                (
                    "can_be_edited", "is_anonymous", "can_manage_chat", "can_delete_messages",
                    "can_manage_video_chats", "can_restrict_members", "can_promote_members",
                    "can_change_info", "can_invite_users", "can_post_stories", "can_edit_stories",
                    "can_delete_stories", "can_send_welcome_messages",
                ),
                False,
            )  # fmt: skip
            member["can_manage_chat"] = True
        elif status == "kicked":
            member["until_date"] = 0
        return member
