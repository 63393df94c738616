"""The bot without Telegram: `kzun-bot ask` (one reply, or JSON lines) and `kzun-bot shell`."""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from bot.chat.replies import Reply
from bot.chat.session import Session
from bot.clock import local_today
from bot.config import Settings
from bot.engine.conversation import Conversations
from bot.engine.decision import Match
from bot.engine.generation import Knowledge
from bot.engine.knowledge import KnowledgeBase, KnowledgeError
from bot.engine.matcher import Matcher
from bot.engine.render import render_match
from bot.lang import Lang
from bot.services import load_knowledge_for
from bot.texts import text

QUIT_WORDS = frozenset({"/quit", "/exit", "quit", "exit"})


def load_knowledge(settings: Settings) -> Knowledge | None:
    """The validated, indexed knowledge, or None after printing why it cannot be used."""
    try:
        return load_knowledge_for(settings)
    except KnowledgeError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print("kzun-bot: the knowledge has problems (listed above)", file=sys.stderr)
        return None


def load_matcher(settings: Settings) -> tuple[KnowledgeBase, Matcher] | None:
    """The validated knowledge and its matcher, or None after printing why it cannot be used."""
    knowledge = load_knowledge(settings)
    return None if knowledge is None else (knowledge.kb, knowledge.matcher)


def match_json(match: Match, kb: KnowledgeBase) -> dict[str, Any]:
    """The stable scripting form of a reply (see `kzun-bot ask --json`)."""
    shown = match.facts if match.status == "answer" else ()
    source_ids = dict.fromkeys(quote.source for fact in shown for quote in fact.quotes)
    sources = [kb.sources[i] for i in source_ids if i in kb.sources]
    return {
        "question": match.question,
        "status": match.status,
        "fact": match.fact.id if match.fact else None,
        "lang": match.lang,
        "text": render_match(match, kb, "text"),
        "score": round(match.score, 4),
        "suggestions": [f.id for f in match.facts] if match.status == "clarify" else [],
        "sources": [{"id": s.id, "title": s.title, "url": s.url} for s in sources],
        "quotes": list(dict.fromkeys(quote.text for fact in shown for quote in fact.quotes)),
    }


def ask(
    settings: Settings,
    question: str | None,
    lang: Lang | None,
    as_json: bool,
    stdin: TextIO | None = None,
) -> int:
    """Print the reply to `question`; with `as_json` and no question, answer every stdin line."""
    if question is None and not as_json:
        print(
            "kzun-bot ask: give a QUESTION, or --json to read questions from stdin",
            file=sys.stderr,
        )
        return 2
    loaded = load_matcher(settings)
    if loaded is None:
        return 1
    kb, matcher = loaded
    conversations = Conversations()
    today = local_today(settings.timezone)
    if not as_json:
        match = conversations.match(matcher, None, str(question), lang, today)
        print(render_match(match, kb, "text"))
        return 0
    lines = [question] if question is not None else _lines(stdin or sys.stdin)
    for line in lines:
        chat, text = _chat_line(line) if question is None else (None, line)
        key = None if chat is None else ("chat", chat)
        match = conversations.match(matcher, key, text, lang, today)
        print(json.dumps(match_json(match, kb), ensure_ascii=False), flush=True)
    return 0


def _lines(stream: TextIO) -> list[str]:
    return [line.rstrip("\r\n") for line in stream]


def _chat_line(line: str) -> tuple[str | None, str]:
    """`{"chat": ..., "text": ...}` -> (chat, text): lines of one chat share context; any other
    line, JSON or not, is a question of its own."""
    if not line.lstrip().startswith("{"):
        return None, line
    try:
        data = json.loads(line)
    except ValueError:
        return None, line
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        return None, line
    chat = data.get("chat")
    return (None if chat is None else str(chat)), data["text"]


def shell(settings: Settings, lang: Lang | None, stdin: TextIO | None = None) -> int:
    """Chat in the terminal with the Telegram bot's replies; choices are picked by number.

    Ctrl-D and Ctrl-C leave on a fresh line with status 0: for a chat, leaving is no failure.
    """
    knowledge = load_knowledge(settings)
    if knowledge is None:
        return 1
    stream = stdin or sys.stdin
    interactive = stream.isatty()
    session = Session(knowledge, lang, lambda: local_today(settings.timezone))
    try:
        if interactive:
            import readline  # noqa: F401 - gives input() line editing and history

            _show(session.respond("/start"))
            print(text("shell_hint", session.reply_lang), end="\n\n")
        while (line := _read(stream, interactive)) is not None:
            if line.strip().lower() in QUIT_WORDS:
                return 0
            _show(session.respond(line))
    except KeyboardInterrupt:
        pass
    if interactive:
        print()  # the prompt's line is left open: end it, so the shell's prompt starts clean
    return 0


def _show(reply: Reply | None) -> None:
    """A reply as the console shows it: its text, then its choices numbered from 1."""
    if reply is None:
        return
    print(reply.text)
    for number, choice in enumerate(reply.choices, start=1):
        print(f"  {number}. {choice.label}")
    print()


def _read(stream: TextIO, interactive: bool) -> str | None:
    """One line typed by the user, or None at the end of input (Ctrl-D, closed pipe)."""
    if interactive:
        try:
            return input("> ")
        except EOFError:
            return None
    line = stream.readline()
    return line.rstrip("\r\n") if line else None
