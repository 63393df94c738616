"""The console chat (`kzun-bot shell`): plain text, no Telegram markup."""

from __future__ import annotations

from collections.abc import Mapping

from bot.lang import Lang

TEXTS: Mapping[str, Mapping[Lang, str]] = {
    # /help in the console: this, then its commands with their Telegram menu descriptions.
    "shell_help": {
        "en": "Ask a question in your own words, in English, Russian or Kazakh: every answer "
        "names its source. Type the number of a choice to pick it.",
        "ru": "Задайте вопрос своими словами на русском, казахском или английском: в каждом "
        "ответе указан источник. Чтобы выбрать вариант, введите его номер.",
        "kk": "Сұрағыңызды өз сөзіңізбен қазақ, орыс немесе ағылшын тілінде жазыңыз: әр "
        "жауаптың дереккөзі көрсетіледі. Нұсқаны таңдау үшін оның нөмірін жазыңыз.",
    },
    "shell_quote": {
        "en": "The article's words behind the last answer",
        "ru": "Слова статьи, на которых основан последний ответ",
        "kk": "Соңғы жауап негізделген мақаладағы сөздер",
    },
    "shell_quit": {
        "en": "Leave (or Ctrl-D)",
        "ru": "Выйти (или Ctrl-D)",
        "kk": "Шығу (немесе Ctrl-D)",
    },
    "shell_hint": {
        "en": "Type a number to pick, /help for commands, Ctrl-D to leave.",
        "ru": "Введите номер, чтобы выбрать; /help — команды; Ctrl-D — выход.",
        "kk": "Таңдау үшін нөмірін жазыңыз; /help — командалар; Ctrl-D — шығу.",
    },
    "shell_nothing_to_quote": {
        "en": "Ask a question first: /quote shows the article's own words behind my answer.",
        "ru": "Сначала задайте вопрос: /quote показывает дословную цитату из статьи к ответу.",
        "kk": "Алдымен сұрақ қойыңыз: /quote жауабымның мақаладағы түпнұсқа сөздерін көрсетеді.",
    },
    "shell_no_such_choice": {
        "en": "There is no choice {number} here. Type a number from the last list, or ask a "
        "question.",
        "ru": "Варианта {number} здесь нет. Введите номер из последнего списка или задайте "
        "вопрос.",
        "kk": "Мұнда {number} нұсқасы жоқ. Соңғы тізімдегі нөмірді жазыңыз немесе сұрақ қойыңыз.",
    },
}
