"""What a text names by the way it is written: names in capitals ("US", "UNSC", "ОАР") and
words with a capital inside a sentence ("Central African Republic", "Кот-д'Ивуаре").

Folding reads "US" as the pronoun "us" and a capital as nothing; a follow-up that names
something so must find it in the answer as written (`followup.py`).
"""

from __future__ import annotations

import re

from bot.engine.normalize import fold

# A name written in capitals ("US", "UNSC", "ОАР"), which the reader may fold into a common
# word ("us"): a fact answers a follow-up naming one only if it writes it too.
_ACRONYM = re.compile(r"\b[A-ZА-ЯЁӘІҢҒҮҰҚӨҺ]{2,}\b")


def acronyms(*texts: str) -> set[str]:
    """The names written in capitals in `texts`, folded ("БУУ" and "БҰҰ" are one)."""
    return {fold(name) for text in texts for name in _ACRONYM.findall(text)}


def capitalized(text: str) -> set[str]:
    """The folded words written with a capital inside `text` (not its first word), in any part
    of them ("d'Ivoire")."""
    return {
        name
        for word in text.split()[1:]
        if any(part[:1].isupper() for part in re.split(r"[-'’]", word))
        for name in fold(word).split()
    }
