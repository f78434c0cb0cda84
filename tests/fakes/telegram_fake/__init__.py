"""The fake Telegram Bot API server behind ``tests/fakes/telegram.py`` (import public names from there).

html      Telegram HTML (parse_mode=HTML) parsing/validation, UTF-16 lengths
models    the records: BotMessage, UserMessage, Call, BotEvent, WebhookPush, UserBase, ...
protocol  Bot API wire format: ApiError, request params, reply-markup and image validation
state     chats, message ids, the update queue, change notification
methods   the Bot API method handlers (messages, commands, callbacks, files)
server    the aiohttp app, long polling, webhook set-up, fault injection
webhook   webhook push: parallel across chats, in order within one, retries
"""
