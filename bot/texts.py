"""Everything the bot says to people, in English, Russian and Kazakh: translators edit only here.

Keys are grouped by feature. Placeholders use str.format names; values that come from users are
escaped by the caller before they are put in, never here.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.lang import Lang

TEXTS: Mapping[str, Mapping[Lang, str]] = {
    # --- answers: matcher and rendering ---------------------------------------------------------
    "source": {"en": "Source", "ru": "Источник", "kk": "Дереккөз"},
    "quote": {"en": "In the article's words", "ru": "Слова статьи", "kk": "Мақаладағы сөздер"},
    "source_in_english": {
        "en": " (in English)",
        "ru": " (статья на английском)",
        "kk": " (мақала ағылшын тілінде)",
    },
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
    # --- console chat (`kzun-bot shell`): plain text, no Telegram markup ------------------------
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
    # --- bot: commands, questions, inline mode ---------------------------------------------------
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
    # --- daily posts and subscriptions -----------------------------------------------------------
    # The post: "34 years ago today, on 2 March 1992:"; {date} is "2 March", "2 марта", "2 наурыз".
    "daily_title": {
        "en": "On this day — {date}",
        "ru": "В этот день — {date}",
        "kk": "Тарихта бүгін — {date}",
    },
    "daily_years_ago": {
        "en": "{years} {word} ago today, on {date}:",
        "ru": "{years} {word} назад, {date}:",
        "kk": "{date} — бұдан {years} {word} бұрын:",
    },
    "daily_today": {"en": "Today, {date}:", "ru": "Сегодня, {date}:", "kk": "Бүгін, {date}:"},
    "daily_date_year": {
        "en": "{day} {year}",
        "ru": "{day} {year} года",
        "kk": "{year} жылғы {day}",
    },
    # Plural forms: English uses _one and _many, Russian all three, Kazakh one form.
    "daily_year_one": {"en": "year", "ru": "год", "kk": "жыл"},
    "daily_year_few": {"en": "years", "ru": "года", "kk": "жыл"},
    "daily_year_many": {"en": "years", "ru": "лет", "kk": "жыл"},
    "daily_day_one": {"en": "day", "ru": "день", "kk": "күн"},
    "daily_day_few": {"en": "days", "ru": "дня", "kk": "күн"},
    "daily_day_many": {"en": "days", "ru": "дней", "kk": "күн"},
    "daily_nothing": {
        "en": "No anniversaries in the history of Kazakhstan and the UN fall on {date}.",
        "ru": "На {date} не приходится памятных дат в истории Казахстана и ООН.",
        "kk": "{date} күні Қазақстан мен БҰҰ тарихындағы атаулы даталар жоқ.",
    },
    "daily_next": {
        "en": "The next one is in {days} {word}, on {date}:",
        "ru": "Ближайшая — через {days} {word}, {date}:",
        "kk": "Келесі атаулы күнге {days} {word} қалды — {date}:",
    },
    "daily_no_dates": {
        "en": "No dated events are in the knowledge base yet.",
        "ru": "В базе знаний пока нет событий с датами.",
        "kk": "Білім қорында әзірге күні көрсетілген оқиғалар жоқ.",
    },
    # Subscriptions: {time} is "09:00", {zone} "Asia/Almaty", {channel} "@name".
    "subscribe_done": {
        "en": "Subscribed: every day at {time} ({zone}) I will post the anniversaries of that "
        "day from the history of Kazakhstan and the UN. /unsubscribe stops the posts.",
        "ru": "Подписка оформлена: каждый день в {time} ({zone}) я буду присылать памятные даты "
        "этого дня из истории Казахстана и ООН. Отписаться — /unsubscribe.",
        "kk": "Жазылым рәсімделді: күн сайын белгіленген уақытта ({time}, {zone}) Қазақстан мен "
        "БҰҰ тарихындағы сол күнгі атаулы даталарды жіберіп отырамын. Жазылымнан бас тарту — "
        "/unsubscribe.",
    },
    "subscribe_channel_done": {
        "en": "{channel} is subscribed: every day at {time} ({zone}) the channel gets the "
        "anniversaries of that day from the history of Kazakhstan and the UN. "
        "/unsubscribe {channel} stops the posts.",
        "ru": "Канал {channel} подписан: каждый день в {time} ({zone}) туда будут приходить "
        "памятные даты этого дня из истории Казахстана и ООН. Отписать канал — "
        "/unsubscribe {channel}.",
        "kk": "{channel} арнасы жазылды: күн сайын белгіленген уақытта ({time}, {zone}) арнада "
        "Қазақстан мен БҰҰ тарихындағы сол күнгі атаулы даталар жарияланады. Жазылымды тоқтату — "
        "/unsubscribe {channel}.",
    },
    "subscribe_usage": {
        "en": "Send /subscribe for a daily post at {time}, or choose the time: /subscribe 08:30. "
        "To subscribe a channel you administer, send me /subscribe @channel in this private "
        "chat.",
        "ru": "Отправьте /subscribe, чтобы получать сообщение каждый день в {time}, или укажите "
        "время: /subscribe 08:30. Чтобы подписать канал, где вы администратор, отправьте мне в "
        "личном чате /subscribe @канал.",
        "kk": "Күн сайын {time} уақытта жазба алу үшін /subscribe жіберіңіз немесе уақытты "
        "көрсетіңіз: /subscribe 08:30. Өзіңіз әкімші болып табылатын арнаны жазылымға қосу үшін "
        "маған жеке чатта /subscribe @арна жіберіңіз.",
    },
    "unsubscribe_done": {
        "en": "Unsubscribed: no more daily posts here. /subscribe starts them again.",
        "ru": "Подписка отменена: ежедневных сообщений больше не будет. Возобновить — /subscribe.",
        "kk": "Жазылым тоқтатылды: күнделікті жазбалар енді келмейді. Қайта жазылу — /subscribe.",
    },
    "unsubscribe_channel_done": {
        "en": "{channel} is unsubscribed: no more daily posts there.",
        "ru": "Канал {channel} отписан: ежедневных публикаций там больше не будет.",
        "kk": "{channel} арнасының жазылымы тоқтатылды: онда күнделікті жазбалар енді "
        "жарияланбайды.",
    },
    "unsubscribe_none": {
        "en": "There is no daily-post subscription here. /subscribe starts one.",
        "ru": "Здесь нет подписки на ежедневные сообщения. Подписаться — /subscribe.",
        "kk": "Мұнда күнделікті жазбаларға жазылым жоқ. Жазылу — /subscribe.",
    },
    "subscribe_admins_only": {
        "en": "Sorry, only the group's administrators can change its daily posts.",
        "ru": "Извините, изменить подписку группы могут только её администраторы.",
        "kk": "Кешіріңіз, топтың жазылымын тек оның әкімшілері өзгерте алады.",
    },
    "subscribe_channel_user_not_admin": {
        "en": "Sorry, only an administrator of {channel} who may post there can change its "
        "daily posts.",
        "ru": "Извините, изменить подписку канала {channel} может только его администратор с "
        "правом публикации.",
        "kk": "Кешіріңіз, {channel} арнасының жазылымын тек жариялау құқығы бар әкімші өзгерте "
        "алады.",
    },
    "subscribe_channel_bot_not_admin": {
        "en": "I am not an administrator of {channel}. Add me there as an administrator who may "
        "post messages, then try again.",
        "ru": "Я не администратор канала {channel}. Добавьте меня туда администратором с правом "
        "публикации и повторите попытку.",
        "kk": "Мен {channel} арнасының әкімшісі емеспін. Мені арнаға жариялау құқығы бар әкімші "
        "ретінде қосып, қайталап көріңіз.",
    },
    "subscribe_channel_not_found": {
        "en": "I can't find the channel {channel}. Please check its @username.",
        "ru": "Не удалось найти канал {channel}. Проверьте его @username.",
        "kk": "{channel} арнасы табылмады. Оның @username атауын тексеріңіз.",
    },
    "subscribe_check_failed": {
        "en": "I couldn't check the administrators just now. Please try again in a minute.",
        "ru": "Сейчас не получилось проверить администраторов. Попробуйте через минуту.",
        "kk": "Әкімшілерді қазір тексеру мүмкін болмады. Бір минуттан кейін қайталап көріңіз.",
    },
    "subscription_paused": {
        "en": "Daily posts here were paused when I was removed. An administrator can send "
        "/subscribe to resume them.",
        "ru": "Ежедневные сообщения здесь приостановлены, когда меня удалили. Администратор может "
        "возобновить их командой /subscribe.",
        "kk": "Мені шығарып тастаған кезде мұндағы күнделікті жазбалар тоқтатылды. Әкімші оларды "
        "/subscribe арқылы қайта қоса алады.",
    },
    "subscription_resumed": {
        "en": "Welcome back: daily posts resume here every day at {time} ({zone}). /unsubscribe "
        "stops them.",
        "ru": "С возвращением: ежедневные сообщения снова будут приходить сюда в {time} ({zone}). "
        "Отписаться — /unsubscribe.",
        "kk": "Қайта қош келдіңіз: күнделікті жазбалар осында қайтадан белгіленген уақытта "
        "({time}, {zone}) келеді. Жазылымнан бас тарту — /unsubscribe.",
    },
    # --- operations: admin commands --------------------------------------------------------------
    "admin_stats": {
        "en": (
            "<b>Statistics</b> (version {version})\n"
            "Users: {users}\nGroups: {groups}\nChannels: {channels}\n"
            "Active subscriptions: {subscriptions}\n"
            "Questions today: {questions}\n"
            "Answered: {answer} · asked to clarify: {clarify} · declined: {decline}\n"
            "Knowledge: {facts} facts"
        ),
        "ru": (
            "<b>Статистика</b> (версия {version})\n"
            "Пользователи: {users}\nГруппы: {groups}\nКаналы: {channels}\n"
            "Активные подписки: {subscriptions}\n"
            "Вопросов сегодня: {questions}\n"
            "С ответом: {answer} · с уточнением: {clarify} · без ответа: {decline}\n"
            "Фактов в базе знаний: {facts}"
        ),
        "kk": (
            "<b>Статистика</b> (нұсқа {version})\n"
            "Пайдаланушылар: {users}\nТоптар: {groups}\nАрналар: {channels}\n"
            "Белсенді жазылымдар: {subscriptions}\n"
            "Бүгінгі сұрақтар: {questions}\n"
            "Жауап берілгені: {answer} · нақтылау сұралғаны: {clarify} · "
            "жауапсыз қалғаны: {decline}\n"
            "Білім қорында: {facts} факт"
        ),
    },
    "admin_reload_ok": {
        "en": "Knowledge reloaded in {seconds} s: {facts} facts, {questions} example questions.",
        "ru": "База знаний перезагружена за {seconds} с. Фактов: {facts}, примеров вопросов: "
        "{questions}.",
        "kk": "Білім қоры {seconds} с ішінде қайта жүктелді: {facts} факт, {questions} мысал "
        "сұрақ.",
    },
    "admin_reload_failed": {
        "en": "The knowledge was not reloaded: {count} problem(s) found. The bot keeps serving "
        "the previous version ({facts} facts).",
        "ru": "База знаний не перезагружена, найдено проблем: {count}. Бот продолжает работать "
        "с прежней версией (фактов: {facts}).",
        "kk": "Білім қоры қайта жүктелмеді: {count} қате табылды. Бот бұрынғы нұсқамен жұмысын "
        "жалғастырады ({facts} факт).",
    },
    "admin_reload_more": {
        "en": "…and {count} more: run kzun-bot check to see them all.",
        "ru": "…и ещё {count}: полный список покажет kzun-bot check.",
        "kk": "…тағы {count}: толық тізімді kzun-bot check көрсетеді.",
    },
}


def text(key: str, lang: Lang, **params: object) -> str:
    """The sentence `key` in `lang`, with its placeholders filled in."""
    return TEXTS[key][lang].format(**params)
