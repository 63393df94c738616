"""A Telegram Bot API stand-in served on loopback, as strict as Telegram, for end-to-end tests.

The bot under test talks to it over real HTTP exactly as it talks to api.telegram.org
(`base_url=api.base_url`, the token appended as python-telegram-bot does). It answers with JSON
shaped like Telegram's, refuses what Telegram refuses in Telegram's words, records every call, and
can be scripted to fail.

What it refuses, as Telegram does (tests/test_botapi_fake.py feeds it each case):
- text, captions and inline results' texts in parse_mode HTML or Markdown that TDLib's own parser
  refuses (tests/fakes/checks.py, tests/fakes/telegram_html.py); over 4096 characters after
  parsing and trimming; empty; an unknown parse_mode;
- chats it has never seen (400 "chat not found"), users who never started the bot (403), chats
  the bot was kicked from or blocked in (403), channels it may not post in (400);
- a second long poll (the first gets 409), polling while a webhook is set, webhooks over http://
  or on other ports, secret tokens with other characters;
- buttons without an action, with an empty label, a bad URL or callback_data over 64 bytes;
  inline results with duplicate, empty or long ids, missing fields, unknown types, over 50;
- edits of messages the bot did not send, getChatMember in channels where the bot is no admin,
  answers to queries that are unknown or already answered.

What Telegram accepts but the Bot API documents otherwise (an undocumented parameter, a missing
required one, a value of the wrong type, a button with two actions) is answered as Telegram would
and listed in `api.violations`; the `botapi` fixture fails the test that caused any
(tests/fakes/contract.py explains why).

Start and stop (the `botapi` fixture in tests/conftest.py does this)::

    api = BotAPI()
    await api.start()            # 127.0.0.1, a free port; api.base_url, api.token, api.bot_user
    ...
    await api.stop()

Updates (built with tests/fakes/updates.py) make chats and users known, as on Telegram::

    api.push(private_message("hello", user=alice))   # queued for getUpdates (long polling)
    api.add_chat(private_chat(alice))                # alice started the bot, without an update
    api.add_chat(channel(username="news"))           # known to getChat("@news"); the bot is not
    api.set_member(news_id, BOT_USER["id"], "administrator")    # ... until it is made an admin

To talk like a chat, use tests/fakes/chat.py (`Conversation`), which registers its chat.

Script faults (matched in order of registration; `times=None` means for ever)::

    api.fail("sendMessage", status=429, retry_after=1)              # flood control, once
    api.fail("sendMessage", chat_id=42, status=403, description=BLOCKED, times=None)
    api.fail("sendMessage", status=502, description="Bad Gateway", times=2)
    api.fail("*", chat_id=-5, status=400, description=MIGRATED, migrate_to_chat_id=-1005)
    api.fail("getUpdates", drop=True)                               # connection dropped
    api.fail("sendMessage", drop=True, delivered=True)              # sent, then the link died
    api.fail("sendMessage", delay=0.5)                              # slow Telegram
    hold = api.fail("sendMessage", status=None, delay=60, times=None)   # answers held ...
    hold.release()                                                  # ... until now

Read what happened::

    api.calls                        # every call: Call(method, params, outcome, at, result)
    api.calls_to("sendMessage", chat_id=42)
    api.sent(chat_id=42)             # messages that reached the chat (even if the reply was lost)
    await api.wait_for("sendMessage", count=3, chat_id=42)   # event-driven, bounded by a timeout
    await api.wait_for("getUpdates", outcome="error 401")     # a call that failed so

Chat members for admin checks: `api.set_member(chat_id, user_id, "administrator")`; getChatMember
answers "member" for anyone not set (in a channel only if the bot is an admin there),
getChatAdministrators lists the creators and administrators.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes import contract
from tests.fakes.checks import check_inline_results, check_markup, message_text, parse_url
from tests.fakes.errors import (
    BLOCKED,
    CANT_EDIT,
    CANT_INITIATE,
    CHAT_ID_EMPTY,
    CHAT_NOT_FOUND,
    DEFAULT_DESCRIPTIONS,
    MEMBER_LIST_INACCESSIBLE,
    MESSAGE_TOO_LONG_CODE,
    METHOD_NOT_FOUND,
    NEED_ADMIN_RIGHTS,
    NOT_MODIFIED,
    POLL_ENDED_BY_WEBHOOK,
    POLLING_CONFLICT,
    QUERY_TOO_OLD,
    SECRET_BAD_CHARACTERS,
    SECRET_TOO_LONG,
    WEBHOOK_BAD_PORT,
    WEBHOOK_BAD_URL,
    WEBHOOK_CONFLICT,
    WEBHOOK_NEEDS_HTTPS,
    ApiError,
    bad_request,
)
from tests.fakes.updates import BOT_USER, next_id

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
_DEFAULT_ALLOWED = _names(
    """
    message edited_message channel_post edited_channel_post inline_query chosen_inline_result
    callback_query shipping_query pre_checkout_query poll poll_answer my_chat_member
    chat_join_request chat_boost removed_chat_boost business_connection business_message
    edited_business_message deleted_business_messages purchased_paid_media
    """
)
_CHAT_ACTIONS = _names(
    """
    typing upload_photo record_video upload_video record_voice upload_voice upload_document
    choose_sticker find_location record_video_note upload_video_note
    """
)
_BOT_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_WEBHOOK_PORTS = (80, 88, 443, 8443)
_LONG_POLL_MAX = 50  # seconds: the server's LONG_POLL_MAX_TIMEOUT
_ADMINS = ("creator", "administrator")


# --- Records and faults --------------------------------------------------------------------------


@dataclass
class Call:
    """One request the bot made: method, decoded parameters, and what the stand-in did."""

    method: str
    params: dict[str, Any]
    outcome: str = "ok"  # "ok", "error <code>: <description>", or "dropped"
    at: float = 0.0  # loop time when it arrived
    result: Any = None
    violations: list[str] = field(default_factory=list)  # what Telegram tolerates in it

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
    delay: float = 0.0  # seconds before responding, or until `release()`
    delivered: bool = False  # the call takes effect before the failure (the ambiguous case)
    times: int | None = 1  # how many matching calls it affects; None for ever
    released: asyncio.Event = field(default_factory=asyncio.Event, repr=False)

    def release(self) -> None:
        """Answer the calls its `delay` holds now, and hold none from here on."""
        self.released.set()

    def matches(self, method: str, params: Mapping[str, Any]) -> bool:
        if self.times == 0 or self.method not in ("*", method):
            return False
        return self.chat_id is None or params.get("chat_id") == self.chat_id


@dataclass
class _LongPoll:
    """A getUpdates waiting for updates; `ended` is the 409 another request ended it with."""

    ended: str | None = None


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
        self.users: dict[int, dict[str, Any]] = {}
        self.members: dict[tuple[int | str, int], dict[str, Any]] = {}
        self.messages: dict[tuple[int | str, int], dict[str, Any]] = {}
        self.allowed_updates: list[str] | None = None
        self.problems: list[str] = []  # the stand-in's own failures, which a test must not hide
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._open_queries: set[str] = set()
        self._poll: _LongPoll | None = None
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
        for fault in self.faults:  # and so do slow answers: shutdown waits for every handler
            fault.release()
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

    @property
    def violations(self) -> list[str]:
        """What Telegram accepted but the Bot API documents otherwise, and the stand-in's own
        failures: a test that leaves any here relies on luck (the `botapi` fixture fails it)."""
        accepted = [call for call in self.calls if call.ok or call.result is not None]
        return [v for call in accepted for v in call.violations] + self.problems

    def accept_violations(self) -> list[str]:
        """The violations so far, forgiven: for a test that causes them on purpose."""
        found = self.violations
        for call in self.calls:
            call.violations = []
        self.problems.clear()
        return found

    # --- scripting ---

    def push(self, update: Mapping[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates; returns it with its update_id."""
        data = self.register(update)
        self._updates.append(data)
        self._notify()
        return data

    def register(self, update: Mapping[str, Any]) -> dict[str, Any]:
        """Give an update its id and learn from it what Telegram would know: its chats, users,
        messages, open queries, and the bot's own membership changes."""
        data = {"update_id": next(self._update_ids), **update}
        for kind, value in data.items():
            if isinstance(value, dict):
                self._learn(kind, value)
        return data

    def _learn(self, kind: str, value: dict[str, Any]) -> None:
        for person in (value.get("from"), value.get("new_chat_member", {}).get("user")):
            if person and person["id"] != self.bot_user["id"]:
                self.users[person["id"]] = person
        if kind in ("callback_query", "inline_query"):
            self._open_queries.add(value["id"])
        if "chat" not in value:
            return
        chat = value["chat"]
        self.add_chat(chat)
        if "message_id" in value:
            self.messages[(chat["id"], value["message_id"])] = value
        if kind == "my_chat_member":
            self.members[(chat["id"], self.bot_user["id"])] = value["new_chat_member"]
        if kind == "channel_post" and (chat["id"], self.bot_user["id"]) not in self.members:
            # a bot reads a channel only as its administrator
            self.set_member(chat["id"], self.bot_user["id"], "administrator")

    def add_chat(self, chat: Mapping[str, Any]) -> None:
        """Make a chat known without an update from it: for a private chat, the user has started
        the bot; a supergroup or channel with a username is also known as "@username"."""
        self.chats[chat["id"]] = dict(chat)
        if chat["type"] == "private":
            person = {"id": chat["id"], "is_bot": False, "first_name": chat.get("first_name", "")}
            self.users.setdefault(chat["id"], person)
        if (username := chat.get("username")) and chat["type"] in ("supergroup", "channel"):
            self.chats[f"@{username}"] = dict(chat)

    def fail(self, method: str, **fault: Any) -> Fault:
        """Script a failure; the keyword arguments are the fields of `Fault`."""
        scripted = Fault(method, **fault)
        self.faults.append(scripted)
        return scripted

    def set_member(self, chat_id: int | str, user_id: int, status: str, **rights: Any) -> None:
        """What getChatMember says about `user_id` in `chat_id` (e.g. "administrator", "left")."""
        person = self.bot_user if user_id == self.bot_user["id"] else {"id": user_id}
        member: dict[str, Any] = {
            "status": status,
            "user": {"is_bot": False, "first_name": "U", **person},
        }
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
        method = contract.method_name(request.match_info["method"])
        params = contract.decode(method, await _raw_params(request))
        call = Call(method or request.match_info["method"], params)
        call.at = asyncio.get_running_loop().time()
        self.calls.append(call)
        self._notify()  # a long poll is seen when it starts, not only when it returns
        try:
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            if method is None:
                raise ApiError(404, METHOD_NOT_FOUND)
            call.violations = contract.check(method, params)
            fault = next((f for f in self.faults if f.matches(method, params)), None)
            if fault is not None:
                return await self._inject(fault, call, request)
            call.result = await self._perform(method, params)
        except ApiError as error:
            call.outcome = f"error {error.status}: {error.description}"
            return _error_response(error)
        except Exception as error:  # a stand-in bug must not look like a 5xx PTB would retry
            self.problems.append(f"the stand-in failed on {method}: {error!r}")
            call.outcome = "error 400: the stand-in failed"
            return _error_response(bad_request(f"The stand-in could not handle it: {error!r}"))
        finally:
            self._notify()
        return web.json_response({"ok": True, "result": call.result})

    async def _inject(self, fault: Fault, call: Call, request: web.Request) -> web.StreamResponse:
        if fault.times is not None:
            fault.times -= 1
        if fault.delivered:
            call.result = await self._perform(call.method, call.params)
        if fault.delay:
            with contextlib.suppress(TimeoutError):  # the delay passed, or it was released
                await asyncio.wait_for(fault.released.wait(), fault.delay)
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
            raise ApiError(404, METHOD_NOT_FOUND)
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
            "getWebhookInfo": self._webhook_info,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "answerInlineQuery": self._answer_inline_query,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": lambda p: self.commands.get(_scope_key(p), []),
            "deleteMyCommands": lambda p: bool(self.commands.pop(_scope_key(p), True)),
            "sendChatAction": self._send_chat_action,
            "getChat": self._get_chat,
            "getChatMember": self._get_chat_member,
            "getChatAdministrators": self._administrators,
        }

    # --- updates and webhooks ---

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook.get("url"):
            raise ApiError(409, WEBHOOK_CONFLICT)
        if "allowed_updates" in params:  # "If not specified, the previous setting will be used"
            self.allowed_updates = list(params["allowed_updates"] or [])
        offset = _integer(params.get("offset"))
        if offset:  # Telegram forgets every update below the offset: they are confirmed
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        limit = min(max(_integer(params.get("limit"), 100), 1), 100)
        timeout = min(max(_integer(params.get("timeout")), 0), _LONG_POLL_MAX)
        allowed = set(self.allowed_updates or _DEFAULT_ALLOWED)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        poll = _LongPoll()
        try:
            while True:
                ready = [u for u in self._updates if allowed & u.keys()][:limit]
                remaining = deadline - loop.time()
                if ready or remaining <= 0 or self._closing:
                    return ready
                self._start_long_poll(poll)
                self._changed.clear()
                try:
                    async with asyncio.timeout(remaining):
                        await self._changed.wait()
                except TimeoutError:
                    return []
                if poll.ended:
                    raise ApiError(409, poll.ended)
        finally:
            if self._poll is poll:
                self._poll = None

    def _start_long_poll(self, poll: _LongPoll) -> None:
        """A new long poll ends the one waiting, as the server's abort_long_poll does."""
        if self._poll is not poll:
            self._end_long_poll(POLLING_CONFLICT)
            self._poll = poll

    def _end_long_poll(self, reason: str) -> None:
        if self._poll is not None:
            self._poll.ended = reason
            self._poll = None
            self._notify()

    def _set_webhook(self, params: dict[str, Any]) -> bool:
        url = str(params.get("url") or "")
        if not url:  # Client::process_set_webhook_query: no URL deletes the webhook
            return self._delete_webhook(params)
        try:
            parsed = parse_url(url, "https")
        except ValueError:
            raise ApiError(400, WEBHOOK_BAD_URL) from None
        secret = str(params.get("secret_token") or "")
        if len(secret) > 256:
            raise ApiError(400, SECRET_TOO_LONG)
        if not re.fullmatch(r"[A-Za-z0-9_-]*", secret):
            raise ApiError(400, SECRET_BAD_CHARACTERS)
        if parsed.protocol != "https":
            raise ApiError(400, WEBHOOK_NEEDS_HTTPS)
        if parsed.port not in _WEBHOOK_PORTS:
            raise ApiError(400, WEBHOOK_BAD_PORT)
        self._end_long_poll(POLL_ENDED_BY_WEBHOOK)
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self.webhook = {
            "url": url,
            "secret_token": secret or None,
            "allowed_updates": params.get("allowed_updates"),
            "max_connections": min(max(_integer(params.get("max_connections"), 40), 1), 100),
        }
        return True

    def _delete_webhook(self, params: dict[str, Any]) -> bool:
        self.webhook = {}
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        """WebhookInfo: never the secret token, which Telegram does not give back."""
        info = {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        if self.webhook:
            info |= {"url": self.webhook["url"], "pending_update_count": len(self._updates)}
            info |= {"max_connections": self.webhook["max_connections"]}
            if self.webhook["allowed_updates"] is not None:
                info["allowed_updates"] = self.webhook["allowed_updates"]
        return info

    # --- chats and members ---

    def _chat(self, chat_id: Any) -> dict[str, Any]:
        """The chat `chat_id` names (an id or "@username"), as the bot may read it."""
        if chat_id is None or chat_id == "":
            raise ApiError(400, CHAT_ID_EMPTY)
        found = self.chats.get(chat_id)
        if found is None:
            raise ApiError(400, CHAT_NOT_FOUND)
        outside = found["type"] != "private" and self._bot_status(found) in ("left", "kicked")
        if outside and not found.get("username"):  # only a public chat is open to outsiders
            raise ApiError(403, _not_member(found, self._bot_status(found)))
        return found

    def _writable(self, chat_id: Any) -> dict[str, Any]:
        """The chat, if the bot may post there; else the error Telegram gives."""
        if isinstance(chat_id, int) and chat_id not in self.chats and chat_id in self.users:
            raise ApiError(403, CANT_INITIATE)
        chat = self._chat(chat_id)
        status = self._bot_status(chat)
        if chat["type"] == "private" and status == "kicked":
            raise ApiError(403, BLOCKED)
        if chat["type"] != "private" and status in ("left", "kicked"):
            raise ApiError(403, _not_member(chat, status))
        me = self.members.get((chat["id"], self.bot_user["id"]), {})
        if chat["type"] == "channel" and not (
            status == "creator" or (status == "administrator" and me.get("can_post_messages"))
        ):
            raise ApiError(400, NEED_ADMIN_RIGHTS)
        return chat

    def _bot_status(self, chat: Mapping[str, Any]) -> str:
        """The bot's status in `chat`: as set or learnt; a member of the private chats and groups
        it knows, but of no channel until it is made an administrator there."""
        member = self.members.get((chat["id"], self.bot_user["id"]))
        if member is not None:
            return str(member["status"])
        return "left" if chat["type"] == "channel" else "member"

    def _get_chat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params.get("chat_id"))
        return {"accent_color_id": 0, "max_reaction_count": 11, **chat}  # a ChatFullInfo

    def _member_list(self, chat_id: Any) -> dict[str, Any]:
        """A chat whose members the bot may see: in a channel, only as an administrator."""
        chat = self._chat(chat_id)
        if chat["type"] == "channel" and self._bot_status(chat) not in _ADMINS:
            raise ApiError(400, MEMBER_LIST_INACCESSIBLE)
        return chat

    def _get_chat_member(self, params: dict[str, Any]) -> dict[str, Any]:
        user_id = _integer(params.get("user_id"))
        if user_id <= 0:
            raise bad_request("Invalid user_id specified")
        chat = self._member_list(params.get("chat_id"))
        if (chat["id"], user_id) in self.members:
            return self.members[(chat["id"], user_id)]
        person = self.bot_user if user_id == self.bot_user["id"] else self.users.get(user_id)
        person = person or {"id": user_id, "is_bot": False, "first_name": "U"}
        return {"status": "member", "user": person}

    def _administrators(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        chat = self._member_list(params.get("chat_id"))
        if chat["type"] == "private":
            raise bad_request("there are no administrators in the private chat")
        return [
            member
            for (chat_id, _), member in self.members.items()
            if chat_id == chat["id"] and member["status"] in _ADMINS
        ]

    def _send_chat_action(self, params: dict[str, Any]) -> bool:
        if params.get("action") not in _CHAT_ACTIONS:
            raise bad_request("Wrong parameter action in request")
        self._writable(params.get("chat_id"))
        return True

    # --- messages ---

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        shown = message_text(params.get("text"), params.get("parse_mode"))
        chat = self._writable(params.get("chat_id"))
        check_markup(params.get("reply_markup"))
        sent: dict[str, Any] = {
            "message_id": next_id(),
            "date": int(time.time()),
            "chat": chat,
            "from": self.bot_user,
            "text": shown.text,
        }
        if shown.entities:
            sent["entities"] = shown.entities
        if chat["type"] == "channel":
            sent["sender_chat"] = chat
        if thread := params.get("message_thread_id"):
            sent["message_thread_id"] = thread
        if params.get("reply_markup"):
            sent["reply_markup"] = params["reply_markup"]
        reply = params.get("reply_parameters") or {}
        target = self.messages.get((chat["id"], reply.get("message_id", 0)))
        if reply and target is None and not reply.get("allow_sending_without_reply"):
            raise bad_request("message to be replied not found")
        if target is not None:
            sent["reply_to_message"] = target
        self.messages[(chat["id"], sent["message_id"])] = sent
        return sent

    def _delete_message(self, params: dict[str, Any]) -> bool:
        if not params.get("chat_id"):
            raise bad_request("Chat identifier is not specified")
        if not params.get("message_id"):
            raise bad_request("Message identifier is not specified")
        chat = self._chat(params["chat_id"])
        found = self.messages.get((chat["id"], params["message_id"]))
        if found is None:
            raise bad_request("message to delete not found")
        mine = found.get("from", {}).get("id") == self.bot_user["id"]
        me = self.members.get((chat["id"], self.bot_user["id"]), {})
        if not mine and chat["type"] != "private" and not me.get("can_delete_messages"):
            raise bad_request("message can't be deleted")
        del self.messages[(chat["id"], params["message_id"])]
        return True

    def _edited(self, params: dict[str, Any]) -> dict[str, Any]:
        """The bot's own message an edit names; {} for an inline message (sent by a user via
        the bot, which the stand-in does not keep)."""
        if not params.get("chat_id") and not params.get("message_id"):
            if not params.get("inline_message_id"):
                raise bad_request("Message identifier is not specified")
            return {}
        chat = self._chat(params.get("chat_id"))
        found = self.messages.get((chat["id"], params.get("message_id") or 0))
        if found is None:
            raise bad_request("message to edit not found")
        if found.get("from", {}).get("id") != self.bot_user["id"]:
            raise ApiError(400, CANT_EDIT)
        return found

    def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        shown = message_text(
            params.get("text"), params.get("parse_mode"), too_long=MESSAGE_TOO_LONG_CODE
        )
        target = self._edited(params)
        check_markup(params.get("reply_markup"))
        if target and "text" not in target:
            raise bad_request("There is no text in the message to edit")
        markup = params.get("reply_markup")
        content = (shown.text, shown.entities, markup)
        if target and (target["text"], target.get("entities", []), target.get("reply_markup")) == (
            content
        ):
            raise ApiError(400, NOT_MODIFIED)
        if not target:
            return True
        target |= {"text": shown.text, "entities": shown.entities, "reply_markup": markup}
        target["edit_date"] = int(time.time())
        return target

    def _edit_reply_markup(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        target = self._edited(params)
        check_markup(params.get("reply_markup"))
        if not target:
            return True
        if target.get("reply_markup") == params.get("reply_markup"):
            raise ApiError(400, NOT_MODIFIED)
        target["reply_markup"] = params.get("reply_markup")
        return target

    # --- queries and commands ---

    def _answer_query(self, query_id: Any) -> None:
        if str(query_id) not in self._open_queries:
            raise ApiError(400, QUERY_TOO_OLD)
        self._open_queries.discard(str(query_id))

    def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        if len(str(params.get("text", ""))) > 200:
            raise ApiError(400, MESSAGE_TOO_LONG_CODE)
        self._answer_query(params.get("callback_query_id"))
        return True

    def _answer_inline_query(self, params: dict[str, Any]) -> bool:
        check_inline_results(params.get("results"))
        if len(str(params.get("next_offset", "")).encode()) > 64:
            raise ApiError(400, "Bad Request: NEXT_OFFSET_INVALID")
        self._answer_query(params.get("inline_query_id"))
        return True

    def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands") or []
        if not isinstance(commands, list):
            raise bad_request("Expected an Array of BotCommand")
        language = str(params.get("language_code") or "")
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise bad_request("Invalid language code specified")
        for command in commands:
            name = str(command.get("command", "")).strip().removeprefix("/")
            description = str(command.get("description", "")).strip()
            if not name:
                raise bad_request("Command must be non-empty")
            if len(name) > 32:
                raise bad_request("Command length must not exceed 32")
            if not description:
                raise bad_request("Command description must be non-empty")
            if len(description) > 256:
                raise bad_request("Command description length must not exceed 256")
            if not _BOT_COMMAND.match(name):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        if len(commands) > 100:
            raise ApiError(400, "Bad Request: BOT_COMMANDS_TOO_MUCH")
        self.commands[_scope_key(params)] = commands
        return True


def _not_member(chat: Mapping[str, Any], status: str) -> str:
    kind = "group" if chat["type"] == "group" else chat["type"]
    if status == "kicked":
        return f"Forbidden: bot was kicked from the {kind} chat"
    return f"Forbidden: bot is not a member of the {kind} chat"


def _integer(value: Any, default: int = 0) -> int:
    """td::to_integer as the server reads a number: what does not parse counts as 0."""
    if value is None or value == "":
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _scope_key(params: Mapping[str, Any]) -> tuple[str, str]:
    scope = params.get("scope") or {"type": "default"}
    return scope["type"], params.get("language_code", "")


def _error_response(error: ApiError) -> web.Response:
    body: dict[str, Any] = {
        "ok": False,
        "error_code": error.status,
        "description": error.description,
    }
    if error.parameters:
        body["parameters"] = error.parameters
    return web.json_response(body, status=error.status)


async def _raw_params(request: web.Request) -> dict[str, Any]:
    """Parameters from the query string, a form, multipart or JSON, as the server reads them."""
    raw: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        if request.content_type == "application/json":
            raw.update(await request.json())
            return raw
        form = await request.post()
        raw.update({key: value for key, value in form.items() if isinstance(value, str)})
    return raw
