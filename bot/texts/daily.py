"""The daily post and subscriptions to it."""

from __future__ import annotations

from collections.abc import Mapping

from bot.lang import Lang

TEXTS: Mapping[str, Mapping[Lang, str]] = {
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
}
