"""A Telegram Bot API stand-in served on loopback, for end-to-end tests of the real bot stack.

The bot under test talks to it over real HTTP exactly as it talks to api.telegram.org
(`base_url=api.base_url`, the token appended as python-telegram-bot does). It answers with JSON
shaped like Telegram's, enforces the limits that catch real bugs (4096 characters after HTML
parsing, supported HTML tags only, callback data <= 64 bytes, <= 50 inline results, answering a
callback query twice), records every call, and can be scripted to fail.

Start and stop (the `botapi` fixture in tests/conftest.py does this)::

    api = BotAPI()
    await api.start()            # 127.0.0.1, a free port; api.base_url, api.token, api.bot_user
    ...
    await api.stop()

Push updates, built with tests/fakes/updates.py (commands and @mentions get their entities)::

    api.push(private_message("hello", user=alice))   # queued for getUpdates (long polling)
    api.push(channel_post("/today", chat=channel()))
    api.add_chat(channel(username="news"))           # known to getChat("@news") without an update

To talk like a chat, use the conversation driver in tests/fakes/chat.py.

Script faults (matched in order of registration; `times=None` means for ever)::

    api.fail("sendMessage", status=429, retry_after=1)              # flood control, once
    api.fail("sendMessage", chat_id=42, status=403, description=BLOCKED, times=None)
    api.fail("sendMessage", status=502, description="Bad Gateway", times=2)
    api.fail("*", chat_id=-5, status=400, description=MIGRATED, migrate_to_chat_id=-1005)
    api.fail("getUpdates", drop=True)                               # connection dropped
    api.fail("sendMessage", drop=True, delivered=True)              # sent, then the link died
    api.fail("sendMessage", delay=0.5)                              # slow Telegram

Read what happened::

    api.calls                        # every call: Call(method, params, outcome, at, result)
    api.calls_to("sendMessage", chat_id=42)
    api.sent(chat_id=42)             # messages that reached the chat (even if the reply was lost)
    await api.wait_for("sendMessage", count=3, chat_id=42)   # event-driven, bounded by a timeout
    await api.wait_for("getUpdates", outcome="error 401")     # a call that failed so

Chat members for admin checks: `api.set_member(chat_id, user_id, "administrator")`; getChatMember
answers "member" for anyone not set, getChatAdministrators lists the creators and administrators.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from aiohttp import web

from tests.fakes.errors import CHAT_NOT_FOUND, DEFAULT_DESCRIPTIONS, QUERY_TOO_OLD, ApiError
from tests.fakes.updates import BOT_USER, next_id, utf16_len

TOKEN = "123456789:AAHf4ke-t0ken-for-tests_abcdefghijkl"


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Methods whose calls are the bot's visible reaction to an update.
REPLY_METHODS = _names(
    """
    sendMessage editMessageText editMessageReplyMarkup answerCallbackQuery answerInlineQuery
    sendPhoto sendDocument deleteMessage
    """
)
# Parameters that are plain strings on the wire; python-telegram-bot JSON-encodes all others.
_STRING_PARAMS = _names(
    """
    text caption query parse_mode callback_query_id inline_query_id url secret_token
    language_code next_offset description short_description name title inline_message_id
    ip_address
    """
)
_DEFAULT_ALLOWED = _names(
    """
    message edited_message channel_post edited_channel_post inline_query chosen_inline_result
    callback_query shipping_query pre_checkout_query poll poll_answer my_chat_member
    chat_join_request chat_boost removed_chat_boost business_connection business_message
    edited_business_message deleted_business_messages purchased_paid_media
    """
)
_ALLOWED_TAGS = _names(
    """
    b strong i em u ins s strike del span tg-spoiler a code pre blockquote tg-emoji
    """
)
_BOT_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")


# --- Records and faults --------------------------------------------------------------------------


@dataclass
class Call:
    """One request the bot made: method, decoded parameters, and what the stand-in did."""

    method: str
    params: dict[str, Any]
    outcome: str = "ok"  # "ok", "error <code>: <description>", or "dropped"
    at: float = 0.0  # loop time when it arrived
    result: Any = None

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"

    @property
    def chat_id(self) -> int | str | None:
        return self.params.get("chat_id")

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """Inline keyboard buttons as (label, callback_data or url), row by row."""
        markup = self.params.get("reply_markup") or {}
        return [
            (button["text"], button.get("callback_data") or button.get("url", ""))
            for row in markup.get("inline_keyboard", [])
            for button in row
        ]


@dataclass
class Fault:
    """A scripted failure for calls of `method` ("*" for any), optionally only for one chat."""

    method: str
    chat_id: int | str | None = None
    status: int | None = 500  # None: no error response (with `drop` or `delay`)
    description: str | None = None  # Telegram's usual text for `status` when not given
    retry_after: int | None = None
    migrate_to_chat_id: int | None = None
    drop: bool = False  # close the connection without any response
    delay: float = 0.0  # seconds before responding
    delivered: bool = False  # the call takes effect before the failure (the ambiguous case)
    times: int | None = 1  # how many matching calls it affects; None for ever

    def matches(self, method: str, params: Mapping[str, Any]) -> bool:
        if self.times == 0 or self.method not in ("*", method):
            return False
        return self.chat_id is None or params.get("chat_id") == self.chat_id


class _HtmlCheck(HTMLParser):
    """Telegram's HTML parse mode: only its tags, properly nested; yields the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.visible: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ALLOWED_TAGS:
            raise ApiError(
                400, f'Bad Request: can\'t parse entities: Unsupported start tag "{tag}"'
            )
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            raise ApiError(400, f'Bad Request: can\'t parse entities: Unexpected end tag "{tag}"')

    def handle_data(self, data: str) -> None:
        self.visible.append(data)


def visible_text(text: str, parse_mode: str | None) -> str:
    """The text a user would see, after Telegram parses the markup (HTML only)."""
    if (parse_mode or "").upper() != "HTML":
        return text
    check = _HtmlCheck()
    check.feed(text)
    check.close()
    if check.stack:
        raise ApiError(
            400,
            "Bad Request: can't parse entities: Can't find end tag corresponding to start tag "
            f'"{check.stack[-1]}"',
        )
    return "".join(check.visible)


# --- The server ----------------------------------------------------------------------------------


class BotAPI:
    """The Bot API stand-in; see the module docstring for how tests use it."""

    def __init__(self, token: str = TOKEN, bot_user: Mapping[str, Any] = BOT_USER) -> None:
        self.token = token
        self.bot_user = dict(bot_user)
        self.calls: list[Call] = []
        self.faults: list[Fault] = []
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.webhook: dict[str, Any] = {}
        self.chats: dict[int | str, dict[str, Any]] = {}
        self.members: dict[tuple[int | str, int], dict[str, Any]] = {}
        self.messages: dict[tuple[int | str, int], dict[str, Any]] = {}
        self.allowed_updates: list[str] | None = None
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._open_queries: set[str] = set()
        self._changed = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- lifecycle ---

    async def start(self) -> None:
        """Serve on 127.0.0.1 on a free port."""
        app = web.Application(client_max_size=10 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        self._closing = True  # long polls under way return at once instead of at their timeout
        self._notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotAPI:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    # --- scripting ---

    def push(self, update: Mapping[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates; returns it with its update_id."""
        data = self.register(update)
        self._updates.append(data)
        self._notify()
        return data

    def register(self, update: Mapping[str, Any]) -> dict[str, Any]:
        """Give an update its id and remember its chats and queries, without queueing it."""
        data = {"update_id": next(self._update_ids), **update}
        for value in data.values():
            if not isinstance(value, dict):
                continue
            if "chat" in value:
                self.add_chat(value["chat"])
            if "chat" in value and "message_id" in value:  # not my_chat_member
                self.messages[(value["chat"]["id"], value["message_id"])] = value
            if "query" in value or "data" in value:
                self._open_queries.add(value["id"])
        return data

    def add_chat(self, chat: Mapping[str, Any]) -> None:
        """Make a chat known (getChat, "@username" ids) without an update from it."""
        self.chats[chat["id"]] = dict(chat)
        if username := chat.get("username"):
            self.chats[f"@{username}"] = dict(chat)

    def fail(self, method: str, **fault: Any) -> Fault:
        """Script a failure; the keyword arguments are the fields of `Fault`."""
        scripted = Fault(method, **fault)
        self.faults.append(scripted)
        return scripted

    def set_member(self, chat_id: int | str, user_id: int, status: str, **rights: Any) -> None:
        """What getChatMember says about `user_id` in `chat_id` (e.g. "administrator", "left")."""
        person = self.bot_user if user_id == self.bot_user["id"] else {"id": user_id}
        member = {"status": status, "user": {"is_bot": False, "first_name": "U", **person}}
        if status == "creator":
            member |= {"is_anonymous": False}
        if status == "administrator":
            member |= {"can_be_edited": False, "can_manage_chat": True, "can_post_messages": True}
            member |= {"can_delete_messages": True, "can_manage_video_chats": True}
            member |= {"can_restrict_members": True, "can_promote_members": False}
            member |= {"can_change_info": True, "can_invite_users": True}
            member |= {"is_anonymous": False, "can_post_stories": False}
            member |= {"can_edit_stories": False, "can_delete_stories": False}
        self.members[(chat_id, user_id)] = member | rights

    # --- reading ---

    def calls_to(self, method: str, **params: Any) -> list[Call]:
        """Calls of `method` whose parameters include all of `params`."""
        return [
            call
            for call in self.calls
            if call.method == method and all(call.params.get(k) == v for k, v in params.items())
        ]

    def sent(self, chat_id: int | str | None = None) -> list[Call]:
        """sendMessage calls that reached the chat (also those whose response was then lost)."""
        return [
            call
            for call in self.calls
            if call.method == "sendMessage"
            and call.result is not None
            and (chat_id is None or call.chat_id == chat_id)
        ]

    async def wait_for(
        self,
        method: str | Iterable[str],
        count: int = 1,
        *,
        since: int = 0,
        timeout: float = 10.0,
        outcome: str = "ok",
        **params: Any,
    ) -> list[Call]:
        """Wait until `count` matching calls exist at index >= `since`; return them. Only
        successful calls count unless `outcome` names another start, such as "error 401"."""
        methods = {method} if isinstance(method, str) else set(method)

        def matching() -> list[Call]:
            return [
                call
                for call in self.calls[since:]
                if call.method in methods
                and call.outcome.startswith(outcome)
                and all(call.params.get(k) == v for k, v in params.items())
            ]

        async with asyncio.timeout(timeout):
            while len(found := matching()) < count:
                self._changed.clear()
                await self._changed.wait()
        return found

    def _notify(self) -> None:
        self._changed.set()

    # --- HTTP ---

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        params = await _decode(request)
        call = Call(method, params, at=asyncio.get_running_loop().time())
        self.calls.append(call)
        self._notify()  # a long poll is seen when it starts, not only when it returns
        try:
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            fault = next((f for f in self.faults if f.matches(method, params)), None)
            if fault is not None:
                return await self._inject(fault, call, request)
            call.result = await self._perform(method, params)
        except ApiError as error:
            call.outcome = f"error {error.status}: {error.description}"
            return _error_response(error)
        finally:
            self._notify()
        return web.json_response({"ok": True, "result": call.result})

    async def _inject(self, fault: Fault, call: Call, request: web.Request) -> web.StreamResponse:
        if fault.times is not None:
            fault.times -= 1
        if fault.delivered:
            call.result = await self._perform(call.method, call.params)
        if fault.delay:
            await asyncio.sleep(fault.delay)
        if fault.drop:
            call.outcome = "dropped"
            if request.transport is not None:
                request.transport.abort()
            return web.Response()
        if fault.status is None:
            return web.json_response({"ok": True, "result": call.result})
        default = DEFAULT_DESCRIPTIONS.get(fault.status, "Internal Server Error")
        raise ApiError(
            fault.status,
            fault.description or default.format(retry_after=fault.retry_after),
            retry_after=fault.retry_after,
            migrate_to_chat_id=fault.migrate_to_chat_id,
        )

    async def _perform(self, method: str, params: dict[str, Any]) -> Any:
        action = self._methods().get(method)
        if action is None:
            raise ApiError(404, "Not Found: method not found")
        result = action(params)
        return await result if asyncio.iscoroutine(result) else result

    def _methods(self) -> dict[str, Callable[[dict[str, Any]], Any]]:
        return {
            "getMe": lambda p: self.bot_user,
            "logOut": lambda p: True,
            "close": lambda p: True,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": lambda p: {"url": "", "pending_update_count": 0, **self.webhook},
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "answerInlineQuery": self._answer_inline_query,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": lambda p: self.commands.get(_scope_key(p), []),
            "deleteMyCommands": lambda p: bool(self.commands.pop(_scope_key(p), True)),
            "sendChatAction": lambda p: True,
            "getChat": lambda p: {  # a ChatFullInfo
                "accent_color_id": 0,
                "max_reaction_count": 11,
                **self._chat(p["chat_id"]),
            },
            "getChatMember": lambda p: self._member(p["chat_id"], p["user_id"]),
            "getChatAdministrators": self._administrators,
        }

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook.get("url"):
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        if "allowed_updates" in params:
            self.allowed_updates = list(params["allowed_updates"])
        offset = int(params.get("offset", 0))
        if offset:  # Telegram forgets every update below the offset: they are confirmed
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        limit = int(params.get("limit", 100))
        with_timeout = float(params.get("timeout", 0))
        allowed = set(self.allowed_updates or _DEFAULT_ALLOWED)
        deadline = asyncio.get_running_loop().time() + with_timeout
        while True:
            ready = [u for u in self._updates if allowed & u.keys()][:limit]
            remaining = deadline - asyncio.get_running_loop().time()
            if ready or remaining <= 0 or self._closing:
                return ready
            self._changed.clear()
            try:
                async with asyncio.timeout(remaining):
                    await self._changed.wait()
            except TimeoutError:
                return []

    def _set_webhook(self, params: dict[str, Any]) -> bool:
        self.webhook = {
            "url": params["url"],
            "secret_token": params.get("secret_token"),
            "allowed_updates": params.get("allowed_updates"),
        }
        return True

    def _delete_webhook(self, params: dict[str, Any]) -> bool:
        self.webhook = {}
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _chat(self, chat_id: int | str) -> dict[str, Any]:
        if chat_id in self.chats:
            return self.chats[chat_id]
        if isinstance(chat_id, str):
            raise ApiError(400, CHAT_NOT_FOUND)
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": "User"}
        kind = "supergroup" if chat_id < -1000000000000 else "group"
        return {"id": chat_id, "type": kind, "title": "Chat"}

    def _member(self, chat_id: int | str, user_id: int) -> dict[str, Any]:
        chat = self._chat(chat_id)
        default = {"status": "member", "user": {"id": user_id, "is_bot": False, "first_name": "U"}}
        return self.members.get((chat["id"], user_id)) or default

    def _administrators(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        chat = self._chat(params["chat_id"])
        return [
            member
            for (chat_id, _), member in self.members.items()
            if chat_id == chat["id"] and member["status"] in ("creator", "administrator")
        ]

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params["chat_id"])
        text = _checked_text(params)
        _check_markup(params.get("reply_markup"))
        sent: dict[str, Any] = {
            "message_id": next_id(),
            "date": int(time.time()),
            "chat": chat,
            "from": self.bot_user,
            "text": text,
        }
        if chat["type"] == "channel":
            sent["sender_chat"] = chat
        if thread := params.get("message_thread_id"):
            sent["message_thread_id"] = thread
        if params.get("reply_markup"):
            sent["reply_markup"] = params["reply_markup"]
        reply = params.get("reply_parameters") or {}
        target = self.messages.get((chat["id"], reply.get("message_id", 0)))
        if reply and target is None and not reply.get("allow_sending_without_reply"):
            raise ApiError(400, "Bad Request: message to be replied not found")
        if target is not None:
            sent["reply_to_message"] = target
        self.messages[(chat["id"], sent["message_id"])] = sent
        return sent

    def _delete_message(self, params: dict[str, Any]) -> bool:
        chat = self._chat(params["chat_id"])
        if self.messages.pop((chat["id"], params["message_id"]), None) is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        return True

    def _edited(self, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("inline_message_id"):
            return {}
        chat = self._chat(params["chat_id"])
        found = self.messages.get((chat["id"], params["message_id"]))
        if found is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        return found

    def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        target = self._edited(params)
        text = _checked_text(params)
        _check_markup(params.get("reply_markup"))
        markup = params.get("reply_markup")
        if target and target.get("text") == text and target.get("reply_markup") == markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        if not target:
            return True
        target["text"] = text
        target["reply_markup"] = markup
        target["edit_date"] = int(time.time())
        return target

    def _edit_reply_markup(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        target = self._edited(params)
        _check_markup(params.get("reply_markup"))
        if not target:
            return True
        target["reply_markup"] = params.get("reply_markup")
        return target

    def _answer_query(self, query_id: str) -> None:
        if query_id not in self._open_queries:
            raise ApiError(400, QUERY_TOO_OLD)
        self._open_queries.discard(query_id)

    def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        if len(params.get("text", "")) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self._answer_query(params["callback_query_id"])
        return True

    def _answer_inline_query(self, params: dict[str, Any]) -> bool:
        results = params.get("results", [])
        if len(results) > 50:
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        for result in results:
            if not 1 <= len(str(result.get("id", "")).encode()) <= 64:
                raise ApiError(400, "Bad Request: RESULT_ID_INVALID")
            content = result.get("input_message_content") or {}
            if "message_text" in content:
                _checked_text({"text": content["message_text"], **content})
            _check_markup(result.get("reply_markup"))
        if len(params.get("next_offset", "").encode()) > 64:
            raise ApiError(400, "Bad Request: NEXT_OFFSET_INVALID")
        self._answer_query(params["inline_query_id"])
        return True

    def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands", [])
        if len(commands) > 100:
            raise ApiError(400, "Bad Request: too many commands")
        for command in commands:
            if not _BOT_COMMAND.match(command.get("command", "")):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(command.get("description", "")) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[_scope_key(params)] = commands
        return True


def _scope_key(params: Mapping[str, Any]) -> tuple[str, str]:
    scope = params.get("scope") or {"type": "default"}
    return scope["type"], params.get("language_code", "")


def _checked_text(params: Mapping[str, Any]) -> str:
    """The visible text of a message, or the error Telegram gives for it."""
    raw = params.get("text")
    if raw is None:
        raw = params.get("message_text", "")
    text = visible_text(str(raw), params.get("parse_mode")).strip()
    if not text:
        raise ApiError(400, "Bad Request: message text is empty")
    if utf16_len(text) > 4096:
        raise ApiError(400, "Bad Request: message is too long")
    return text


def _check_markup(markup: Mapping[str, Any] | None) -> None:
    for row in (markup or {}).get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")


def _error_response(error: ApiError) -> web.Response:
    body: dict[str, Any] = {
        "ok": False,
        "error_code": error.status,
        "description": error.description,
    }
    if error.parameters:
        body["parameters"] = error.parameters
    return web.json_response(body, status=error.status)


async def _decode(request: web.Request) -> dict[str, Any]:
    """Parameters from the query string, a form, multipart or JSON, decoded like the server."""
    raw: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        if request.content_type == "application/json":
            raw.update(await request.json())
            return raw
        form = await request.post()
        raw.update({key: value for key, value in form.items() if isinstance(value, str)})
    return {key: _decode_value(key, value) for key, value in raw.items()}


def _decode_value(key: str, value: Any) -> Any:
    if key in _STRING_PARAMS or not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value
