"""The bot without Telegram: `kzun-bot ask` (one reply, or JSON lines) and `kzun-bot shell`."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any, TextIO

from bot.clock import local_now
from bot.config import Settings
from bot.engine.conversation import Conversations
from bot.engine.knowledge import KnowledgeBase, KnowledgeError
from bot.engine.matcher import Match, Matcher
from bot.engine.render import render_match
from bot.lang import Lang
from bot.services import load_knowledge_for

QUIT_WORDS = frozenset({"/quit", "/exit", "quit", "exit"})


def load_matcher(settings: Settings) -> tuple[KnowledgeBase, Matcher] | None:
    """The validated knowledge and its matcher, or None after printing why it cannot be used."""
    try:
        knowledge = load_knowledge_for(settings)
    except KnowledgeError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print("kzun-bot: the knowledge has problems (listed above)", file=sys.stderr)
        return None
    return knowledge.kb, knowledge.matcher


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
    if not as_json:
        print(render_match(matcher.match(str(question), lang), kb, "text"))
        return 0
    conversations = Conversations()
    today = local_now(dt.datetime.now(dt.UTC), settings.timezone).date()
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
    """Chat in the terminal: type questions, `/lang ru` to switch language, `/quit` to leave."""
    loaded = load_matcher(settings)
    if loaded is None:
        return 1
    kb, matcher = loaded
    stream = stdin or sys.stdin
    interactive = stream.isatty()
    if interactive:
        import readline  # noqa: F401 - gives input() line editing and history

        print("kzun-bot shell: ask about Kazakhstan and the UN; /lang en|ru|kk, /quit to leave.")
    while True:
        line = _read(stream, interactive)
        if line is None or line.strip().lower() in QUIT_WORDS:
            return 0
        command = line.strip().split()
        if command[:1] == ["/lang"] and len(command) == 2 and command[1] in ("en", "ru", "kk"):
            lang = command[1]  # type: ignore[assignment]  # checked against the three languages
            continue
        print(render_match(matcher.match(line, lang), kb, "text"))
        print()


def _read(stream: TextIO, interactive: bool) -> str | None:
    """One line typed by the user, or None at the end of input (Ctrl-D, Ctrl-C, closed pipe)."""
    try:
        if interactive:
            return input("> ")
        line = stream.readline()
    except (EOFError, KeyboardInterrupt):
        return None
    return line.rstrip("\r\n") if line else None
