"""Normalisation for matching: one question typed in different ways becomes the same tokens.

Folding removes differences that carry no meaning in a chat (case, punctuation, quotes and dashes,
Unicode forms, Latin letters typed inside Cyrillic words and the reverse, ё). Kazakh letters are
folded to the Russian letters people type on a Russian keyboard (ә→а, қ→к, ...), so "казакстан"
typed without Kazakh letters meets "қазақстан". Stemming then reduces word forms: Snowball for
English and Russian, and the suffix rules of `kazakh.py` for Kazakh.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

import snowballstemmer

from bot.engine.kazakh import stem_kazakh
from bot.lang import LANGS, Lang

KAZAKH_LETTERS = "әғқңөұүһі"
_KAZAKH_FOLD = tuple(zip(KAZAKH_LETTERS, "агкноуухи", strict=True))
# Letters that look the same in both scripts: what a mixed word meant is decided by its majority.
_LATIN_TO_CYRILLIC = str.maketrans("aceopxykmtbhi", "асеорхукмтвні")
_CYRILLIC_TO_LATIN = str.maketrans("асеорхукмтвні", "aceopxykmtbhi")
_APOSTROPHES = re.compile("['’`ʼ‘]")  # "o'malley" and "о'мэлли" stay one word
# An English possessive or contraction ending ("kazakhstan's", "what's") says nothing of what is
# asked, and left on the word it makes a false plural ("what was tokayevs rank" is no list).
_POSSESSIVE = re.compile(r"(?<=[a-z])['’`ʼ]s\b")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
LATIN_LETTER = re.compile(r"[a-z]")
CYRILLIC_LETTER = re.compile("[\u0400-\u04ff]")
_HYPHENS = re.compile("[-‐‑]")


def is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u04ff"


def is_latin(char: str) -> bool:
    return "a" <= char <= "z"


def _fix_lookalikes(word: str) -> str:
    """A word typed with letters of both scripts, rewritten in the script most of it uses."""
    if word.isascii() or not LATIN_LETTER.search(word):
        return word
    cyrillic = sum(is_cyrillic(c) for c in word)
    latin = sum(is_latin(c) for c in word)
    if not cyrillic:
        return word
    if cyrillic >= latin:
        return word.translate(_LATIN_TO_CYRILLIC)
    return word.translate(_CYRILLIC_TO_LATIN)


# A currency sign says what is asked ("how much $$ is in it?": money), though no word
# character: it is read as its word.
_CURRENCIES = {"$": "dollars", "€": "euros", "₸": "tenge", "£": "pounds", "₽": "rubles"}
_CURRENCY = re.compile("[" + "".join(_CURRENCIES) + "]")
# An abbreviation written with stops ("U.N.", "U.S.", "Б.Ұ.Ұ."): one word, as "UN" is.
_DOTTED = re.compile(r"\b(?:[^\W\d_]\.){2,}")


def clean(text: str) -> str:
    """Lowercase words separated by single spaces, Kazakh letters kept (for language detection).

    Each step first checks that the text has what it rewrites (regular expressions scan in C):
    most texts have no apostrophe and are in one script, and every knowledge text is cleaned
    once at each start."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    if _CURRENCY.search(text):
        text = _CURRENCY.sub(lambda found: f" {_CURRENCIES[found.group()]} ", text)
    if "." in text and _DOTTED.search(text):
        text = _DOTTED.sub(lambda found: found.group().replace(".", ""), text)
    if _APOSTROPHES.search(text):
        text = _APOSTROPHES.sub("", _POSSESSIVE.sub("", text))
    words = _WORD.findall(text)
    if text.isascii() or not LATIN_LETTER.search(text) or not CYRILLIC_LETTER.search(text):
        return " ".join(words)  # one script: no word has letters of both
    return " ".join(_fix_lookalikes(word) for word in words)


@lru_cache(maxsize=32768)
def fold(text: str) -> str:
    """`clean`, with Kazakh letters replaced by their Russian-keyboard substitutes, and the
    locative and dative endings Kazakh writes after a hyphen ("БҰҰ-да", "БҰҰ-ға") dropped.

    Cached: building the index folds each knowledge text several times (words, kinds, tenses),
    and a user's question is folded by every stage that reads it. The bound (about the number
    of knowledge texts) keeps it to a few megabytes."""
    if _HYPHENS.search(text):
        text = _HYPHENATED_CASE.sub("", text)
    text = clean(text)
    if text.isascii():
        return text
    for kazakh, russian in _KAZAKH_FOLD:
        if kazakh in text:  # a scan in C; `str.translate` looks up every letter in a dict
            text = text.replace(kazakh, russian)
    return text


def _hyphenated_case() -> re.Pattern[str]:
    """The locative or dative after a hyphen, in Cyrillic or Latin letters: an ending, not a word.
    Left standing, "БҰҰ-да" ("at the UN") would read as "БҰҰ" and the particle "да" ("and",
    "also") that opens a follow-up, and "BUU-ga" ("to the UN") as the UN and the "GA"."""
    cyrillic, latin = r"(?i:н?[дт]|[гғкқ])(?i:[аәе])", r"(?:n?[dt]|[gkq])[ae]"  # not "UN-GA"
    return re.compile(rf"(?<=\w)[-‐‑](?:{cyrillic}|{latin})(?!\w)")


_HYPHENATED_CASE = _hyphenated_case()


def phrase_pattern(terms: Iterable[str]) -> re.Pattern[str]:
    """One pattern finding any of the folded phrases as whole words in folded, space-padded
    text; longest first, so "deputy prime minister" wins over "prime minister". No terms: a
    pattern that never matches."""
    either = alternation(terms)
    return re.compile(f" (?:{either}) ") if either else re.compile(r"(?!)")


def alternation(terms: Iterable[str]) -> str:
    """The folded terms as one regular-expression alternation, longest first ("" for none)."""
    folded = sorted({fold(t) for t in terms if fold(t)}, key=len, reverse=True)
    return "|".join(re.escape(f) for f in folded)


def word_set(text: str) -> frozenset[str]:
    """The folded words of a word list written in a docstring-like block."""
    return frozenset(fold(text).split())


# --- Stemming ------------------------------------------------------------------------------------

_STEMMERS = {
    "en": snowballstemmer.stemmer("english"),
    "ru": snowballstemmer.stemmer("russian"),
}


@lru_cache(maxsize=65536)
def stem(word: str, lang: Lang) -> str:
    """The stem of one folded word; Latin words always use the English stemmer."""
    if word.isdigit() or len(word) < 3:
        return word
    if is_latin(word[0]):
        return str(_STEMMERS["en"].stemWord(word))
    if not is_cyrillic(word[0]):
        return word
    if lang == "kk":
        return stem_kazakh(word)
    return str(_STEMMERS["ru"].stemWord(word))


# Function words that say nothing about what is asked. Question words ("when", "how many") are
# not here: they tell "when did it join" from "how many years", and IDF weights keep them light.
STOPWORDS = word_set(
    """
    a an the of to in on at by for from with and or is are was were be been being am do does did
    done has have had it its this that these those there their they them he she his her i me my we
    our you your s about as into than then so also any some please pls can could would should will
    shall may might must just let us im ive youre weve theyre r u ur n w
    в во на и или а но по с со к ко у о об от до из за для при ли
    же бы не ни то это этот эта эти тот та те его ее их мне мы вы ты он она они там тут как так ка
    был была было были быть есть ну вот еще уже пожалуйста можно және мен да де та те ма ме ба бе
    па пе ғой ше шы бұл осы сол ол олар біз сіз сен ал бен пен ға ге қа ке на не ны ні ды ді ты ті
    дан ден тан тен нан нен ның нің дың дің тың тің ші ыншы інші дағы дегі тағы тегі ндағы ндегі
    нда нде үшін бойынша арқылы
    """
)

# Words of any conversation, not of a subject: "roughly", "actually", "tell me", "thing". A
# question can contain them without being about something the knowledge lacks, so when the
# knowledge does not use them they weigh little instead of counting as an unknown subject.
GENERIC_WORDS: Mapping[Lang, frozenset[str]] = {
    "en": word_set(
        """
        ask asking asked tell say said says know knows want wanted like need give gave show explain
        describe mention mentioned talk talked speak spoke discuss discussed think thought believe
        mean means meant get got make made go went come came take took see saw look find use used
        call called keep kept put set try tried help let happen happened happens become became
        remain remains actually really roughly approximately about around exactly currently now
        today ever still again already also even only just more most less least much many very
        quite rather maybe perhaps probably usually basically briefly please thanks thank hello hi
        hey ok okay thing things stuff something anything everything someone anyone somebody way
        ways kind kinds type types sort part parts lot lots bit info information detail details
        fact facts point question questions answer answers example examples number numbers amount
        total overall whole some any every each other another same different such own main key big
        small large new old good great important major certain particular specific exact full short
        long first last next previous recent latest current past present future one ones two three
        who whom whose what which when where why how whats wheres hows time times day days
        week weeks month months year years period periods era decade decades called yrs yr
        date dates name names named stand stands city cities town people ppl person persons
        according itself himself herself themselves position job role up down sit sits held hold
        max min smth q abbreviation abbreviations acronym acronyms while whilst either tho
        though anyway somewhere altogether wait but if guy guys besides apart aside
        """
    ),
    "ru": word_set(
        """
        кто кого кому кем что чего чему чем какой какая какое какие каков какую каких каким какого
        когда где куда откуда почему зачем как сколько чей чья чьи спросить спрашиваю скажи скажите
        расскажи расскажите подскажи подскажите объясни знаешь знаете хочу хотел интересно узнать
        говорил говорила говорили сказал сказала сказали сообщил упомянул вообще примерно около
        приблизительно точно сейчас сегодня теперь раньше ещё уже также тоже именно только очень
        просто всего всех весь вся все всё много больше меньше вещь вещи штука информация инфо
        подробно подробнее подробности детали факт факты вопрос ответ пример число количество номер
        итог разные другой другие такой такие свой главный основной важный новый старый первый
        последний следующий текущий один два три время раз день дни неделя месяц год года годы лет
        период эпоха наш наша наше наши нашего нашей наших нашим нашими про них ними зовут звали
        называется называют должен должна должны город городе города человек людей дата даты
        конкретно аббревиатура аббревиатуры расшифровка расшифровывается означает
        """
    ),
    "kk": word_set(
        """
        кім не қашан қайда қай қайсы қандай қанша неше неге неліктен қалай айтып айтшы айтыңыз бер
        берші беріңіз түсіндір білесің білгім келеді деді айтты туралы шамамен дәл қазір бүгін енді
        бұрын тағы да тек өте барлық көп аз көбірек бірінші соңғы жаңа ескі негізгі маңызды бір екі
        үш уақыт рет күн күні ай жыл кезең біздің біз біздегі қала қалада қаласы адам адамдар аты
        атауы нөмірі күні оның олардың ішінде өзі еді екен лауазым лауазымы мәрте деп дейді
        болды болып болған болады бар атқарады атқарған қысқартпа қысқартылған білдіреді
        """
    ),
}


# Words of any subject, in any language: they never say what a question is about.
ANY_GENERIC: frozenset[str] = frozenset().union(*GENERIC_WORDS.values())


def generic_stems() -> frozenset[str]:
    """The stems of GENERIC_WORDS, and of the Russian ones as Kazakh stems them: a Kazakh
    question with a Russian phrase ("Ливан миссиясы с какого года") has its generic words light
    too. (Not the other way: Kazakh "неге" stems as Russian "него", which is no generic word.)"""
    own = {stem(word, lang) for lang in LANGS for word in GENERIC_WORDS[lang]}
    return frozenset(own | {stem(word, "kk") for word in GENERIC_WORDS["ru"]})


def tokens(text: str) -> list[str]:
    """Folded words of `text`, function words removed."""
    return [word for word in fold(text).split() if word not in STOPWORDS]
