"""Answers: what the matcher's outcomes and their rendering say."""

from __future__ import annotations

from collections.abc import Mapping

from bot.lang import Lang

TEXTS: Mapping[str, Mapping[Lang, str]] = {
    "source": {"en": "Source", "ru": "Источник", "kk": "Дереккөз"},
    "quote": {"en": "In the article's words", "ru": "Слова статьи", "kk": "Мақаладағы сөздер"},
    "source_in_english": {
        "en": " (in English)",
        "ru": " (статья на английском)",
        "kk": " (мақала ағылшын тілінде)",
    },
    # Before the answer to a yes/no question the fact confirms word for word.
    "yes": {"en": "Yes.", "ru": "Да.", "kk": "Иә."},
    "decline": {
        "en": "Sorry, I don't know the answer to that. I can tell you about Kazakhstan and the "
        "United Nations: see /topics for what I know.",
        "ru": "К сожалению, я не знаю ответа на этот вопрос. Я рассказываю о Казахстане и ООН: "
        "список тем — /topics.",
        "kk": "Кешіріңіз, бұл сұрақтың жауабын білмеймін. Мен Қазақстан мен БҰҰ туралы айтып "
        "бере аламын: тақырыптар тізімі — /topics.",
    },
    "clarify": {
        "en": "I'm not sure I understood. Did you mean:",
        "ru": "Я не уверен, что понял вопрос. Вы имели в виду:",
        "kk": "Сұрағыңызды дұрыс түсінгеніме сенімді емеспін. Мынаны сұрадыңыз ба:",
    },
    "on_day": {"en": "On {day}:", "ru": "{day}:", "kk": "{day}:"},
    "in_year": {"en": "In {year}:", "ru": "В {year} году:", "kk": "{year} жылы:"},
    "no_facts_on_day": {
        "en": "I have no facts about {day}. See /topics for what I know.",
        "ru": "У меня нет фактов о событиях {day}. Список тем — /topics.",
        "kk": "{day} күнгі оқиғалар туралы деректерім жоқ. Тақырыптар тізімі — /topics.",
    },
    "no_facts_in_year": {
        "en": "I have no facts about {year}. See /topics for what I know.",
        "ru": "У меня нет фактов о событиях {year} года. Список тем — /topics.",
        "kk": "{year} жылғы оқиғалар туралы деректерім жоқ. Тақырыптар тізімі — /topics.",
    },
    "small_talk_greeting": {
        "en": "Hello! Ask me anything about Kazakhstan and the United Nations, for example "
        "“When did Kazakhstan join the UN?”, or browse /topics.",
        "ru": "Здравствуйте! Спросите меня о Казахстане и ООН, например: «Когда Казахстан "
        "вступил в ООН?» — или загляните в /topics.",
        "kk": "Сәлеметсіз бе! Қазақстан мен БҰҰ туралы сұраңыз, мысалы: «Қазақстан БҰҰ-ға "
        "қашан мүше болды?» — немесе /topics тізімін қараңыз.",
    },
    "small_talk_thanks": {
        "en": "You're welcome! Ask me anything else about Kazakhstan and the UN.",
        "ru": "Пожалуйста! Спрашивайте ещё о Казахстане и ООН.",
        "kk": "Оқасы жоқ! Қазақстан мен БҰҰ туралы тағы сұраңыз.",
    },
}
