"""Sending and editing HTML replies within Telegram's limit of 4096 characters per message.

Telegram counts the limit in UTF-16 code units of the text after parsing the HTML. Replies are cut
at paragraph and then line boundaries, measured on the raw HTML (never shorter than what Telegram
counts), so no cut falls inside a tag. A single line longer than the limit loses its markup and is
cut between words, as plain escaped text: a broken tag would lose the whole message.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable

from telegram import CallbackQuery, InlineKeyboardMarkup, Message
from telegram.error import BadRequest

from bot.chat.replies import Reply
from bot.engine.render import from_html, utf16_units
from bot.telegram.handlers.keyboards import keyboard

log = logging.getLogger(__name__)

MAX_MESSAGE_UNITS = 4096


def split_html(text: str, limit: int = MAX_MESSAGE_UNITS) -> list[str]:
    """`text` in pieces that each fit one message, cut at the largest boundary that works."""
    return [piece for piece in _split(text.strip(), limit, ("\n\n", "\n")) if piece.strip()]


def _split(text: str, limit: int, separators: tuple[str, ...]) -> list[str]:
    if utf16_units(text) <= limit:
        return [text]
    if not separators:
        plain = from_html(text, "text")
        return [html.escape(piece, quote=False) for piece in _pack(plain.split(" "), " ", limit)]
    separator, finer = separators[0], separators[1:]
    return _pack(
        text.split(separator), separator, limit, lambda part, size: _split(part, size, finer)
    )


def _pack(
    parts: list[str],
    separator: str,
    limit: int,
    cut: Callable[[str, int], list[str]] | None = None,
) -> list[str]:
    """Parts joined greedily into pieces within `limit`; a part too long on its own is `cut`
    (by default between characters), and its last piece stays open for the parts after it."""
    pieces: list[str] = []
    current = ""
    for part in parts:
        joined = f"{current}{separator}{part}" if current else part
        if utf16_units(joined) <= limit:
            current = joined
            continue
        if current:
            pieces.append(current)
        *full, current = [part] if utf16_units(part) <= limit else (cut or _cut)(part, limit)
        pieces.extend(full)
    if current:
        pieces.append(current)
    return pieces


def _cut(word: str, limit: int) -> list[str]:
    """A word longer than a message, in pieces of at most `limit` units."""
    pieces = []
    while utf16_units(word) > limit:
        head = _prefix_within(word, limit)
        pieces.append(head)
        word = word[len(head) :]
    return [*pieces, word]


def _prefix_within(word: str, limit: int) -> str:
    """The longest prefix of `word` within `limit` units; never splits a character."""
    units = 0
    for index, char in enumerate(word):
        units += utf16_units(char)
        if units > limit:
            return word[:index]
    return word


async def send_html(
    message: Message, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> Message | None:
    """Reply in the message's chat (and forum topic); the keyboard goes under the last piece,
    which is returned (a reply to it continues the conversation)."""
    sent = None
    pieces = split_html(text)
    for number, piece in enumerate(pieces, start=1):
        sent = await message.reply_text(
            piece, reply_markup=keyboard if number == len(pieces) else None
        )
    return sent


async def edit_html(
    query: CallbackQuery, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> None:
    """Turn the message a button was on into `text`; pressing the same button twice is no error."""
    first, *rest = split_html(text)
    try:
        await query.edit_message_text(first, reply_markup=None if rest else keyboard)
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            raise
        log.debug("button pressed again on an unchanged message")
    if rest and isinstance(query.message, Message):
        await send_html(query.message, "\n\n".join(rest), keyboard)


async def send_reply(message: Message, reply: Reply) -> Message | None:
    """Send what the bot says (`bot.chat.replies`), its choices as buttons under it; the last
    message sent, as `send_html` returns it."""
    return await send_html(message, reply.text, keyboard(reply))


async def edit_reply(query: CallbackQuery, reply: Reply) -> None:
    """Turn the message a button was on into `reply`, its choices as buttons under it."""
    await edit_html(query, reply.text, keyboard(reply))
