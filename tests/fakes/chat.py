"""The conversation driver: one chat talking to the bot through the Bot API stand-in.

    tg = Conversation(api, chat=private_chat(alice), user=alice, deliver=...)
    replies = await tg.send("which missions")       # list[Call]
    replies[0].text, replies[0].buttons             # text sent, [(label, callback_data or url)]
    answered, shown = await tg.press(replies[0].buttons[0][1])  # on the bot's last message
    [answer] = await tg.inline("peacekeepers")           # answerInlineQuery call
    await tg.send(None, extra=STICKER)                   # also PHOTO, VOICE; reply_to=a message
    await tg.edit(tg.history[-1], "new text")            # an edited_message update

A conversation makes its chat known to the stand-in as soon as it exists, as on Telegram, where
a private chat exists once its user has started the bot, and a bot reads a group it was added to
and a channel only as an administrator; so the stand-in refuses only chats no test introduced.

`deliver` decides how an update reaches the bot: an async function that processes one update
dict (the conftest passes `application.process_update`, which returns only when every handler has
finished, so "no reply" is a real observation), or None to queue it for the bot's own getUpdates
loop, in which case `send` waits until `expect` reply-like calls have arrived.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.botapi import REPLY_METHODS, BotAPI, Call
from tests.fakes.updates import ANONYMOUS_ADMIN, entities, message, next_id

Deliver = Callable[[dict[str, Any]], Awaitable[None]]


@dataclass
class Conversation:
    """One chat talking to the bot: `replies = await tg.send("which missions")`.

    With `deliver` set, each update is handed straight to the application and the call returns
    when its handlers are done; without it, updates go through getUpdates and `send` waits for
    `expect` reply-like calls.
    """

    api: BotAPI
    chat: dict[str, Any]
    user: dict[str, Any] | None
    deliver: Deliver | None = None
    history: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.api.add_chat(self.chat)
        bot = self.api.bot_user["id"]
        if self.chat["type"] == "channel" and (self.chat["id"], bot) not in self.api.members:
            self.api.set_member(self.chat["id"], bot, "administrator")

    async def send(
        self,
        text: str | None,
        *,
        reply_to: Mapping[str, Any] | None = None,
        extra: Mapping[str, Any] | None = None,
        expect: int = 1,
    ) -> list[Call]:
        """Send a message (text, or `extra` content like STICKER) and return the bot's replies."""
        sent = message(text, chat=self.chat, sender=self.user, reply_to=reply_to, extra=extra)
        self.history.append(sent)
        kind = "channel_post" if self.chat["type"] == "channel" else "message"
        return await self.update({kind: sent}, expect=expect)

    async def edit(self, original: Mapping[str, Any], text: str, *, expect: int = 1) -> list[Call]:
        """Edit an earlier message of this chat (an edited_message update)."""
        edited = {**original, "text": text, "edit_date": int(time.time())}
        edited["entities"] = entities(text)
        kind = "edited_channel_post" if self.chat["type"] == "channel" else "edited_message"
        return await self.update({kind: edited}, expect=expect)

    async def press(
        self, data: str, *, on: Mapping[str, Any] | None = None, expect: int = 2
    ) -> list[Call]:
        """Press a button with callback `data` on message `on` (by default the bot's last one)."""
        shown = on or self.last_bot_message()
        query = {
            "id": str(next_id()),
            "from": self.user or ANONYMOUS_ADMIN,
            "chat_instance": str(self.chat["id"]),
            "data": data,
            "message": shown,
        }
        return await self.update({"callback_query": query}, expect=expect)

    async def inline(self, query: str, *, expect: int = 1) -> list[Call]:
        """Type `@bot query` in some chat: an inline_query update."""
        inline = {
            "id": str(next_id()),
            "from": self.user or ANONYMOUS_ADMIN,
            "query": query,
            "offset": "",
            "chat_type": "sender",
        }
        return await self.update({"inline_query": inline}, expect=expect)

    async def update(self, update: Mapping[str, Any], *, expect: int = 1) -> list[Call]:
        """Deliver any update and return the reply-like calls the bot made for it."""
        start = len(self.api.calls)
        if self.deliver is not None:
            await self.deliver(self.api.register(update))
            return [c for c in self.api.calls[start:] if c.method in REPLY_METHODS]
        self.api.push(update)
        if expect == 0:
            return []
        return await self.api.wait_for(REPLY_METHODS, expect, since=start)

    def last_bot_message(self) -> dict[str, Any]:
        """The latest message the bot sent to this chat, as the stand-in stored it."""
        ids = [mid for (chat_id, mid) in self.api.messages if chat_id == self.chat["id"]]
        own = [
            self.api.messages[(self.chat["id"], mid)]
            for mid in sorted(ids)
            if self.api.messages[(self.chat["id"], mid)].get("from", {}).get("id")
            == self.api.bot_user["id"]
        ]
        if not own:
            raise LookupError("the bot has sent nothing to this chat yet")
        return own[-1]
