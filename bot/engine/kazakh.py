"""Kazakh stemming, which Snowball does not cover: one stem for the many forms of a word.

Kazakh adds suffixes in a fixed order: to a noun plural, possessive, then case ("мүше-лік-тер-і-
нің"); to a verb voice, then tense or mood ("құр-ыл-ған", "сайла-н-ды"). Each suffix has several
shapes chosen by the sound before it ("-ды" after a vowel or a voiced consonant, "-ты" after a
voiceless one, "-ны" after a vowel), so a shape is stripped only where it can occur: that keeps
"Алматы" and "Астана" whole while "қаласы", "Кеңесіне", "жылдығын" lose their endings. Words
arrive folded (ә→а, і→и, қ→к, ғ→г, ...), as typed on a Russian keyboard.

The stem need not be a real word, only the same for every form, so a few sounds are written one
way: a final "г" or "б" that a vowel made of "к" or "п" ("жылдығы", "мүшелігі") is written "к",
"п"; a verb's final "а/е" is dropped ("сайла-ды" and "кел-е-ді" both have a tense suffix after
the verb); and a final "с" after a vowel is dropped, because "-сы" after a vowel and "-ы" after
an "с" cannot be told apart ("Азия-сы", "Кеңес-і" become "азия", "кене"). A negated verb keeps
its negation ("қабылда-ма-ды" is not "қабылда-ды"): it asks the opposite.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# Before a suffix "у" behaves as a consonant ("сайлауы", "суы"), so it is not among the vowels.
VOWELS = frozenset("аеыиоэюя")
MIN_STEM = 3  # "алда", "кала" keep three letters: shorter stems would mean anything
MAX_STRIPS = 5
# Verb roots of two letters, folded ("өт" is "от"), whose tenses are stripped all the same:
# "өт-ті", "өс-ті", "ал-ды", "де-йді". Other two-letter remains are words of their own ("ұл-ты"
# is "ұлт-ы", "орган" no "ор-ған").
SHORT_VERBS = frozenset(["ал", "ат", "аш", "де", "ек", "ер", "ес", "ет", "же", "иш", "ол", "ос"])
SHORT_VERBS |= frozenset(["от", "ту", "уш"])
# Words that end like a suffix but are whole, kept as they are under any ending: numerals ("алты",
# six, is not "ал-ты", took), "қайта" (again: "қайта-дан" is not "қай", which), "жастар"
# (youth: not "жас", an age) and "атау" (a name: not "ата-п", noting or celebrating).
WHOLE_WORDS = frozenset(["алты", "жети", "отыз", "жиырма", "алпыс", "жетпис", "сексен", "токсан"])
WHOLE_WORDS |= frozenset(["кайта", "жастар", "атау"])
# Verbs made of nouns end so ("қабыл-да", "жария-ла", "сай-ла"): their passive is a bare "-н".
_VERB_ENDINGS = frozenset(["ла", "ле", "да", "де", "та", "те"])

# Where a suffix shape can follow, judged by the stem it leaves: after any letter, a vowel, a
# consonant, the possessive "-ы/-і" ("Кеңес-і-не"), a nasal or vowel ("Қазақстан-нан"), an "л"
# (the passive "ал-ын"), a consonant but "л" (the passive "құр-ыл"), a verb made of a noun
# ("жария-ла-н-ды"), or an open "а/е" ("таста-л-ды").
_PLACES: dict[str, Callable[[str], bool]] = {
    "any": lambda stem: True,
    "vowel": lambda stem: stem[-1] in VOWELS,
    "consonant": lambda stem: stem[-1] not in VOWELS,
    "possessed": lambda stem: stem[-1] in "ыи",
    "nasal": lambda stem: stem[-1] in "мн" or stem[-1] in VOWELS,
    "l": lambda stem: stem[-1] == "л",
    "unl": lambda stem: stem[-1] not in VOWELS and stem[-1] != "л",
    "verbal": lambda stem: stem[-2:] in _VERB_ENDINGS,
    "open": lambda stem: stem[-1] in "ае",
}

# kind place [least letters left]: shapes. Kinds: "case" (the outermost ending of a noun),
# "noun" (possessive, plural, derivation), "either" (after a consonant "-ды" is a noun's
# accusative or a verb's past), "verb" (tense, participle, verbal noun), "gerund" (endings no
# other follows: "-ып", "-ады"), "voice" (the passive, inside a verb's tense only).
_RULES = """
case any: да де дан ден га ге мен бен пен дагы деги
case consonant: та те тан тен ка ке тагы теги дын дин тын тин гы ги кы ки
case vowel: ны ни
case any: нын нин
case nasal: нан нен
case possessed: н на не нда нде ндагы ндеги
noun any: лар лер дар дер шы ши
noun any 4: лык лик дык дик
noun consonant: тар тер ы и ымыз имиз
noun consonant 4: тык тик
noun vowel: сы си мыз миз
either consonant: ды ди ты ти
verb vowel: ды ди йтын йтин
verb any: ган ген у уда уде уга уге
verb consonant: кан кен
gerund consonant: ып ип ады еди
gerund vowel: йды йди
gerund open: п
voice unl: ыл ил
voice l: ын ин
voice verbal: н
voice open: л
"""


@dataclass(frozen=True)
class _Suffix:
    shape: str
    kind: str
    place: str
    least: int  # letters the stem keeps at least

    def fits(self, stem: str) -> bool:
        """Whether this shape can follow `stem`, and leaves enough of it."""
        short = self.kind != "case" and self.kind != "noun" and stem in SHORT_VERBS
        return (len(stem) >= self.least or short) and _PLACES[self.place](stem)


def _suffixes() -> tuple[_Suffix, ...]:
    """The rules above, longest shape first, so "-дағы" is stripped before "-ы"."""
    found = []
    for line in _RULES.strip().splitlines():
        head, shapes = line.split(":")
        kind, place, *least = head.split()
        keep = int(least[0]) if least else MIN_STEM
        found += [_Suffix(shape, kind, place, keep) for shape in shapes.split()]
    return tuple(sorted(found, key=lambda s: len(s.shape), reverse=True))


def _by_shape(suffixes: tuple[_Suffix, ...]) -> dict[str, tuple[_Suffix, ...]]:
    """The suffixes of each shape, in their order: a word is then checked only against the
    shapes it ends with, one lookup per length, instead of against every rule."""
    found: dict[str, list[_Suffix]] = {}
    for suffix in suffixes:
        found.setdefault(suffix.shape, []).append(suffix)
    return {shape: tuple(same) for shape, same in found.items()}


_SUFFIXES = _suffixes()
_BY_SHAPE = _by_shape(_SUFFIXES)
_LONGEST = max(map(len, _BY_SHAPE))
# The kinds that may be stripped after each, in the order tried: a case only outermost (or after
# a case: "Канада-да" is "Канада", whose root ends like one); after a case that follows a
# possessive ("алд-ы-нда") that possessive; inside a verb's tense only its voice; inside the
# ambiguous "-ды" first a voice ("қабылда-н-ды", not "қабыл-дан-ды"), then anything but a case;
# inside a voice nothing more.
_INNER = frozenset(["noun", "either", "verb"])
_VOICE = frozenset(["voice"])
_NEXT = {
    "start": (_INNER | {"case", "gerund"},),
    "case": (_INNER | {"case"},),
    "possessed": (frozenset(["noun"]),),
    "noun": (_INNER,),
    "either": (_VOICE, _INNER),
    "verb": (_VOICE,),
    "gerund": (_VOICE,),
}
_SOFTENED = {"г": "к", "б": "п"}
_FINAL_S = re.compile(r"(?<=[аеыиоэюя])с$")
# Country names ("Қазақстан"), whose "-тан" is no ablative; "жас-тан" (from the age) is one.
_WHOLE = "стан"


def stem_kazakh(word: str) -> str:
    """The stem of a folded Kazakh word: endings stripped outermost first, as described above."""
    state = "start"
    verb = False
    for _ in range(MAX_STRIPS):
        if word in WHOLE_WORDS or (word.endswith(_WHOLE) and len(word) - len(_WHOLE) >= MIN_STEM):
            break
        suffix = _strippable(word, _NEXT[state])
        if suffix is None:
            break
        word = word[: -len(suffix.shape)]
        word = word[:-1] + _SOFTENED.get(word[-1], word[-1])
        verb = suffix.kind in ("verb", "gerund", "voice")
        if suffix.kind == "voice":
            break
        state = "possessed" if suffix.place == "possessed" else suffix.kind
    if verb and word[-1] in "ае" and len(word) > MIN_STEM:
        word = word[:-1]
    if word.endswith("ю") and word[-2:-1] in VOWELS:
        word = word[:-1] + "й"  # "жою" is "жой" + "у"
    return _FINAL_S.sub("", word) if len(word) > MIN_STEM else word


def _strippable(word: str, tiers: tuple[frozenset[str], ...]) -> _Suffix | None:
    """The longest suffix ending `word` where it can, of the first tier of kinds that has one."""
    ending = [
        (suffix, word[:-size])
        for size in range(min(_LONGEST, len(word)), 0, -1)
        for suffix in _BY_SHAPE.get(word[-size:], ())
    ]
    for kinds in tiers:
        for suffix, rest in ending:
            if suffix.kind in kinds and suffix.fits(rest):
                return suffix
    return None
