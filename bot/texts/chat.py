"""The bot in chats: commands, questions, buttons and inline mode."""

from __future__ import annotations

from collections.abc import Mapping

from bot.lang import Lang

TEXTS: Mapping[str, Mapping[Lang, str]] = {
    "greeting": {
        "en": "Hello! I answer questions about Kazakhstan and the United Nations, in English, "
        "Russian or Kazakh, and every answer names its source.\n\n"
        "Ask in your own words, browse /topics, or try one of these questions:",
        "ru": "Здравствуйте! Я отвечаю на вопросы о Казахстане и ООН на русском, казахском или "
        "английском и в каждом ответе указываю источник.\n\n"
        "Спросите своими словами, загляните в /topics или выберите один из вопросов:",
        "kk": "Сәлеметсіз бе! Мен Қазақстан мен БҰҰ туралы сұрақтарға қазақ, орыс немесе "
        "ағылшын тілінде жауап беремін және әр жауаптың дереккөзін көрсетемін.\n\n"
        "Өз сөзіңізбен сұраңыз, /topics тізімін қараңыз немесе мына сұрақтардың бірін "
        "таңдаңыз:",
    },
    # One example question per line: the /start buttons. Each must be answered by the knowledge.
    "examples": {
        "en": "When did Kazakhstan join the UN?\n"
        "When was Kazakhstan on the Security Council?\n"
        "Which UN missions have Kazakh peacekeepers served in?",
        "ru": "Когда Казахстан вступил в ООН?\n"
        "Когда Казахстан был членом Совета Безопасности?\n"
        "В каких миссиях ООН служили казахстанские миротворцы?",
        "kk": "Қазақстан БҰҰ-ға қашан мүше болды?\n"
        "Қазақстан Қауіпсіздік Кеңесіне қашан мүше болды?\n"
        "Қазақстан бітімгерлері БҰҰ-ның қандай миссияларында қызмет етті?",
    },
    "help": {
        "en": "<b>How to ask</b>\n"
        "Write a question in your own words, in English, Russian or Kazakh, for example: "
        "<i>When did Kazakhstan join the UN?</i> Every answer names its source.\n\n"
        "<b>Commands</b>\n"
        "/topics: browse what I know\n"
        "/today: what happened on this day\n"
        "/subscribe: a daily “on this day” post (/unsubscribe to stop it)\n"
        "/lang: the language of my replies (en, ru, kk)\n"
        "/sources: the articles my answers come from\n"
        "/about: about this bot\n\n"
        "<b>In groups</b>\n"
        "Mention me (@{bot}), reply to my message, or write /ask and your question.\n\n"
        "<b>In any chat</b>\n"
        "Type @{bot} and a few words to share an answer.",
        "ru": "<b>Как задать вопрос</b>\n"
        "Напишите вопрос своими словами на русском, казахском или английском, например: "
        "<i>Когда Казахстан вступил в ООН?</i> В каждом ответе указан источник.\n\n"
        "<b>Команды</b>\n"
        "/topics — темы, о которых я знаю\n"
        "/today — что произошло в этот день\n"
        "/subscribe — ежедневная рубрика «В этот день» (/unsubscribe — отписаться)\n"
        "/lang — язык ответов (en, ru, kk)\n"
        "/sources — статьи, на которых основаны ответы\n"
        "/about — о боте\n\n"
        "<b>В группах</b>\n"
        "Упомяните меня (@{bot}), ответьте на моё сообщение или напишите /ask и вопрос.\n\n"
        "<b>В любом чате</b>\n"
        "Наберите @{bot} и несколько слов, чтобы поделиться ответом.",
        "kk": "<b>Сұрақты қалай қоюға болады</b>\n"
        "Сұрағыңызды өз сөзіңізбен қазақ, орыс немесе ағылшын тілінде жазыңыз, мысалы: "
        "<i>Қазақстан БҰҰ-ға қашан мүше болды?</i> Әр жауаптың дереккөзі көрсетіледі.\n\n"
        "<b>Командалар</b>\n"
        "/topics — мен білетін тақырыптар\n"
        "/today — осы күні не болды\n"
        "/subscribe — күн сайынғы «Осы күні» хабарламасы (/unsubscribe — одан бас тарту)\n"
        "/lang — жауап тілі (en, ru, kk)\n"
        "/sources — жауаптарым алынған мақалалар\n"
        "/about — бот туралы\n\n"
        "<b>Топтарда</b>\n"
        "Мені атап өтіңіз (@{bot}), хабарламама жауап беріңіз немесе /ask деп жазып, "
        "сұрағыңызды қосыңыз.\n\n"
        "<b>Кез келген чатта</b>\n"
        "Жауаппен бөлісу үшін @{bot} деп теріп, бірнеше сөз жазыңыз.",
    },
    "about": {
        "en": "<b>Kazakhstan and the UN</b>, a knowledge bot, version {version}.\n"
        "I know {facts} facts from {sources} published articles (see /sources) and answer only "
        "from them: when the articles don't say, neither do I.\n"
        "Questions I could not answer are kept without names, only to learn what to add.",
        "ru": "<b>Казахстан и ООН</b> — бот-справочник, версия {version}.\n"
        "Фактов в базе: {facts}, статей-источников: {sources} (см. /sources). Я отвечаю только "
        "по ним: если в статьях об этом не сказано, не скажу и я.\n"
        "Вопросы, на которые я не ответил, хранятся без имён — только чтобы понять, что "
        "добавить.",
        "kk": "<b>Қазақстан және БҰҰ</b> — анықтамалық бот, нұсқасы {version}.\n"
        "Білім қорында {facts} факт бар, олар {sources} жарияланған мақаладан алынған "
        "(/sources). Мен тек солар бойынша жауап беремін: мақалаларда айтылмаса, мен де "
        "айтпаймын.\n"
        "Мен жауап бере алмаған сұрақтар есімсіз сақталады — тек не қосу керегін білу үшін.",
    },
    "lang_choose": {
        "en": "Choose the language of my replies:",
        "ru": "Выберите язык ответов:",
        "kk": "Жауап тілін таңдаңыз:",
    },
    "lang_set": {
        "en": "Done: I'll reply in English.",
        "ru": "Готово: теперь я отвечаю на русском.",
        "kk": "Дайын: енді қазақ тілінде жауап беремін.",
    },
    "topics": {"en": "Choose a topic:", "ru": "Выберите тему:", "kk": "Тақырыпты таңдаңыз:"},
    "topic_facts": {
        "en": "<b>{topic}</b>: choose a fact.",
        "ru": "<b>{topic}</b>: выберите факт.",
        "kk": "<b>{topic}</b>: фактіні таңдаңыз.",
    },
    "all_topics": {"en": "« All topics", "ru": "« Все темы", "kk": "« Барлық тақырып"},
    "sources_intro": {
        "en": "My answers come from these articles:",
        "ru": "Мои ответы основаны на этих статьях:",
        "kk": "Жауаптарым мына мақалаларға негізделген:",
    },
    "ask_usage": {
        "en": "Write your question after /ask, for example:\n"
        "/ask When did Kazakhstan join the UN?",
        "ru": "Напишите вопрос после /ask, например:\n/ask Когда Казахстан вступил в ООН?",
        "kk": "Сұрағыңызды /ask командасынан кейін жазыңыз, мысалы:\n"
        "/ask Қазақстан БҰҰ-ға қашан мүше болды?",
    },
    "too_long": {
        "en": "That's a lot of text. Please ask one short question, up to {limit} characters.",
        "ru": "Слишком длинный текст. Задайте, пожалуйста, один короткий вопрос — до {limit} "
        "символов.",
        "kk": "Мәтін тым ұзын. Бір қысқа сұрақ қойыңызшы — {limit} таңбадан аспасын.",
    },
    "non_text": {
        "en": "I can read only text. Please ask in words, for example: When did Kazakhstan join "
        "the UN?",
        "ru": "Я понимаю только текст. Напишите вопрос словами, например: Когда Казахстан "
        "вступил в ООН?",
        "kk": "Мен тек мәтінді түсінемін. Сұрағыңызды сөзбен жазыңыз, мысалы: Қазақстан "
        "БҰҰ-ға қашан мүше болды?",
    },
    "unknown_command": {
        "en": "I don't know this command. /help lists what I can do.",
        "ru": "Я не знаю такой команды. Что я умею, написано в /help.",
        "kk": "Мұндай команданы білмеймін. Не істей алатынымды /help көрсетеді.",
    },
    "inline_ask_bot": {
        "en": "Nothing found: ask the bot",
        "ru": "Ничего не найдено: спросите бота",
        "kk": "Ештеңе табылмады: боттан сұраңыз",
    },
    "group_decline": {
        "en": "Sorry, I don't know that. /topics shows what I can tell you about.",
        "ru": "Извините, этого я не знаю. О чём я могу рассказать — в /topics.",
        "kk": "Кешіріңіз, мұны білмеймін. Не айта алатынымды /topics көрсетеді.",
    },
    "expired": {
        "en": "This button is out of date. Please ask again.",
        "ru": "Эта кнопка устарела. Задайте вопрос ещё раз.",
        "kk": "Бұл батырманың мерзімі өтті. Сұрағыңызды қайта қойыңыз.",
    },
    "slow_down": {
        "en": "You're sending messages too fast. Please wait a few seconds.",
        "ru": "Вы отправляете сообщения слишком часто. Подождите несколько секунд.",
        "kk": "Хабарламаларды тым жиі жіберіп жатырсыз. Бірнеше секунд күте тұрыңыз.",
    },
    "error": {
        "en": "Sorry, something went wrong on my side. Please try again in a minute.",
        "ru": "Извините, у меня что-то пошло не так. Попробуйте ещё раз через минуту.",
        "kk": "Кешіріңіз, менде бір қате шықты. Бір минуттан кейін қайталап көріңіз.",
    },
    # The command menu (setMyCommands): at most 256 characters each.
    "menu_start": {"en": "What I can do", "ru": "Что я умею", "kk": "Не істей аламын"},
    "menu_help": {
        "en": "How to ask questions",
        "ru": "Как задавать вопросы",
        "kk": "Сұрақты қалай қою керек",
    },
    "menu_topics": {
        "en": "Browse topics and facts",
        "ru": "Темы и факты",
        "kk": "Тақырыптар мен фактілер",
    },
    "menu_today": {
        "en": "On this day in Kazakhstan–UN history",
        "ru": "В этот день: Казахстан и ООН",
        "kk": "Осы күні: Қазақстан және БҰҰ",
    },
    "menu_subscribe": {
        "en": "Daily “on this day” post",
        "ru": "Ежедневная рубрика «В этот день»",
        "kk": "Күн сайынғы «Осы күні» хабарламасы",
    },
    "menu_unsubscribe": {
        "en": "Stop the daily post",
        "ru": "Отписаться от ежедневной рубрики",
        "kk": "Күнделікті хабарламадан бас тарту",
    },
    "menu_ask": {
        "en": "Ask a question (in groups)",
        "ru": "Задать вопрос (в группах)",
        "kk": "Сұрақ қою (топтарда)",
    },
    "menu_lang": {
        "en": "Reply language: en, ru, kk",
        "ru": "Язык ответов: en, ru, kk",
        "kk": "Жауап тілі: en, ru, kk",
    },
    "menu_sources": {
        "en": "The source articles",
        "ru": "Статьи-источники",
        "kk": "Дереккөздер",
    },
    "menu_about": {"en": "About this bot", "ru": "О боте", "kk": "Бот туралы"},
}
