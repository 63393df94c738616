"""Operations: the admins' /stats and /reload."""

from __future__ import annotations

from collections.abc import Mapping

from bot.lang import Lang

TEXTS: Mapping[str, Mapping[Lang, str]] = {
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
