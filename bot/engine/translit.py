"""Kazakh and Russian typed in Latin letters, read as the Cyrillic they stand for.

Many people in Kazakhstan type without a Cyrillic keyboard: "kazakstan BUU-ga kashan kirdi",
"kogda kz vstupil v oon", or in the Kazakh Latin alphabet ("Qazaqstan BŪŪ-ğa qaşan kırdı").
Read as English, every word of such a question is unknown and it is refused. The rules below
give the folded Cyrillic (`normalize.fold` writes Kazakh letters as their Russian-keyboard
substitutes, so "қ" and "к" are one letter); whether a question is written that way at all is
decided by the reader, by which reading knows more of its words.
"""

from __future__ import annotations

import re

from bot.lang import Lang

# Letter groups first, then single letters; both alphabets' special letters are included.
_COMMON = (
    ("shch", "щ"), ("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"),
    ("ya", "я"), ("yu", "ю"), ("yo", "е"),
)  # fmt: skip
_LETTERS = {
    "a": "а", "ä": "а", "b": "б", "c": "ц", "ç": "ч", "d": "д", "e": "е", "f": "ф", "g": "г",
    "ğ": "г", "h": "х", "i": "и", "ı": "ы", "k": "к", "l": "л", "m": "м", "n": "н", "ñ": "н",
    "o": "о", "ö": "о", "p": "п", "q": "к", "r": "р", "s": "с", "ş": "ш", "t": "т", "u": "у",
    "ū": "у", "ü": "у", "v": "в", "w": "у", "x": "х", "y": "ы", "z": "з",
}  # fmt: skip
# Where the two languages' habits differ: "j" is "ж" in Kazakh ("jyly") and "й" in Russian
# ("jod" is rare; "kakoj" is common), "w" is Kazakh "у" and Russian "в".
_BY_LANG: dict[Lang, dict[str, str]] = {
    "kk": {**_LETTERS, "j": "ж"},
    "ru": {**_LETTERS, "j": "й", "w": "в"},
}
# "и", "ы" after a vowel at the end of a syllable is "й": "qandai" is "қандай", "kakoy" "какой".
_SHORT_I = re.compile(r"(?<=[аеоуыэяю])[иы](?![аеиоуыэяю])")
_LATIN_WORD = re.compile(r"[a-zäçğıñöşüū]+")


def to_cyrillic(text: str, lang: Lang) -> str:
    """`text` (folded, Latin) with each Latin word spelled in Cyrillic as `lang` would."""
    letters = _BY_LANG[lang]

    def spell(match: re.Match[str]) -> str:
        word, out, i = match.group(), [], 0
        while i < len(word):
            for group, letter in _COMMON:
                if word.startswith(group, i):
                    out.append(letter)
                    i += len(group)
                    break
            else:
                out.append(letters.get(word[i], word[i]))
                i += 1
        return _SHORT_I.sub("й", "".join(out))

    return _LATIN_WORD.sub(spell, text)
