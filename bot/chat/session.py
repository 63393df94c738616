"""One conversation in the console chat: what each typed line gets, with the replies of Telegram.

The console has no buttons, so the choices of the last reply are numbered and a typed number
picks one; commands are the bot's own (/help, /topics, /today, /sources, /lang, /about, /ask)
plus /quote, the article's own words behind the last answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.chat.replies import (
    Action,
    Choice,
    Reply,
    about_reply,
    answer_reply,
    browse,
    console_help_reply,
    example_question,
    greeting_reply,
    language_menu_reply,
    language_set_reply,
    quote_reply,
    sources_reply,
    today_post,
    topics_reply,
    unknown_command_reply,
)
from bot.engine.conversation import Conversations
from bot.engine.generation import Knowledge
from bot.engine.knowledge import Fact
from bot.lang import LANGS, Lang
from bot.texts import text

CONSOLE = "console"  # the one conversation a console session holds


class Session:
    """The reply language, the choices on screen and the last answer of one console chat."""

    def __init__(
        self, knowledge: Knowledge, lang: Lang | None, today: Callable[[], dt.date]
    ) -> None:
        self.knowledge = knowledge
        self.lang = lang  # None: as Telegram without /lang, each question in its own language
        self.today = today
        self.conversations = Conversations()  # follow-ups, read as Telegram reads them
        self.choices: tuple[Choice, ...] = ()
        self.shown: tuple[tuple[Fact, ...], Lang] = ((), "en")  # the facts on screen, for /quote

    @property
    def reply_lang(self) -> Lang:
        """The language of commands' replies: the /lang choice, else English."""
        return self.lang or "en"

    def respond(self, line: str) -> Reply | None:
        """The reply to one typed line; None for an empty line, which does nothing."""
        line = line.strip()
        if not line:
            return None
        if line.isdigit() and self.choices:  # before any list, "1992" is a question
            reply = self.pick(int(line))
        elif line.startswith("/"):
            reply = self.command(line)
        else:
            reply = self.ask(line)
        if reply.choices:  # numbers pick from the latest list, as older buttons stay in Telegram
            self.choices = reply.choices
        return reply

    def ask(self, question: str) -> Reply:
        """Answer a question as a turn of this conversation: a follow-up ("and when was it
        founded?") is read with the subject of the last answer, as in a Telegram chat."""
        matcher = self.knowledge.matcher
        match = self.conversations.match(matcher, CONSOLE, question, self.lang, self.today())
        if match.status == "answer":
            self.shown = (match.facts, match.lang)
        return answer_reply(match, self.knowledge.kb, "text")

    def pick(self, number: int) -> Reply:
        """Do what choice `number` (from 1) of the last list does."""
        if not 1 <= number <= len(self.choices):
            return Reply(text("shell_no_such_choice", self.reply_lang, number=number))
        return self.act(self.choices[number - 1].action)

    def act(self, action: Action) -> Reply:
        if action.kind == "example":
            question = example_question(action)
            return self.ask(question) if question else self.command("/start")
        if action.kind == "language":
            self.lang = action.lang
            return language_set_reply(action.lang)
        fact = self.knowledge.kb.fact(action.arg) if action.kind in ("related", "fact") else None
        if fact is not None:
            self.shown = ((fact,), action.lang)
        shown = browse(action, self.knowledge.kb, "text")
        return shown or Reply(text("expired", action.lang))

    def command(self, line: str) -> Reply:
        """A /command, as the Telegram bot understands it in a private chat."""
        name, _, argument = line.partition(" ")
        argument = argument.strip()
        kb, lang = self.knowledge.kb, self.reply_lang
        match name.lower():
            case "/start":
                return greeting_reply(lang, "text")
            case "/help":
                return console_help_reply(lang)
            case "/topics":
                return topics_reply(kb, lang)
            case "/today":
                return today_post(kb, self.today(), lang, "text")
            case "/sources":
                return sources_reply(kb, lang, "text")
            case "/about":
                return about_reply(kb, lang, "text")
            case "/quote":
                return self.quote()
            case "/lang":
                chosen = argument.lower()
                for choice in LANGS:
                    if chosen == choice:
                        self.lang = choice
                        return language_set_reply(choice)
                return language_menu_reply(lang)
            case "/ask":
                return self.ask(argument) if argument else Reply(text("ask_usage", lang))
        return unknown_command_reply(lang)

    def quote(self) -> Reply:
        """The seed sentences quoted by the facts last shown."""
        facts, lang = self.shown
        if not facts:
            return Reply(text("shell_nothing_to_quote", self.reply_lang))
        return quote_reply(facts, self.knowledge.kb, lang, "text")
