"""Questions that ask two things at once: "when was the ILO founded, and where is its
headquarters?", "Did Kazakh officers serve in Iraq and Nepal, and in which years?", "Is it true
that Kazakhstan proposed the day? On which date is it marked?".

No one fact answers such a question, so read whole it is refused or only offered. Read as a
first question and a follow-up, each part is what the engine already answers: the conversation
(`conversation.py`) asks the later part with what the earlier one was about, with all its
checks. The reply answers every part, or the question is decided whole as before: a part left
unanswered ("…, and who was Secretary-General then?") never lets the other part's fact pass for
an answer to the question.

A part starts where the text asks anew: after a question mark, or at a word continuing the
conversation ("and", "и", "ал"; `follow_up` in `knowledge/words.yaml`) that follows a comma or
a semicolon and asks a question of its own (a question word, or an English yes/no opening:
", and was it the first?"), or that a question word follows at once ("… founded and where …").
"Iraq and Nepal", "Kazakhstan and the UN" ask nothing of their own: no part starts there.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.engine.decision import Match
from bot.engine.figures import words_of
from bot.engine.knowledge import WordLists
from bot.engine.normalize import fold
from bot.lang import Lang

MIN_WORDS = 2  # a part shorter than this asks nothing ("when and where was it held?")
# People ask two or three things at once; a message of more parts is read whole, so that no
# message costs more than a few questions' work.
MAX_PARTS = 4
_TOKEN = re.compile(r"\S+")
_PAUSE = (",", ";", ":")  # punctuation after which a continuing word may start a part
_PARTICLES: tuple[Lang, ...] = ("ru", "kk")  # languages asking yes or no with a particle


class Parts:
    """Where a question's parts start, from the word lists of one knowledge."""

    def __init__(self, words: WordLists) -> None:
        self._joins = words_of(words.follow_up)
        self._asking = words_of(words.question_words, words.question_forms)
        self._opening = frozenset(fold(t) for t in words.yes_no["en"])
        self._particles = frozenset(fold(t) for lang in _PARTICLES for t in words.yes_no[lang])

    def of(self, question: str) -> list[str]:
        """The parts of `question` in order; the question alone when it asks one thing."""
        tokens = list(_TOKEN.finditer(question))
        words = [fold(t.group()) for t in tokens]
        starts = [0]
        for i in range(MIN_WORDS, len(tokens) - MIN_WORDS + 1):
            if i - starts[-1] >= MIN_WORDS and self._starts(tokens[i - 1].group(), words[i:]):
                starts.append(i)
        if len(starts) == 1 or len(starts) > MAX_PARTS:
            return [question]
        spans = zip(starts, [*starts[1:], len(tokens)], strict=True)
        return [question[tokens[a].start() : tokens[b - 1].end()] for a, b in spans]

    def _starts(self, before: str, rest: list[str]) -> bool:
        """Whether a part starts at the word of `rest` after the text token `before`."""
        if before.endswith("?"):
            return self._asks(rest, len(rest))
        if rest[0] not in self._joins:
            return False
        if before.endswith(_PAUSE):
            return rest[1] in self._opening or self._asks(rest[1:], 3)
        return rest[1] in self._asking  # "… founded and where is …"

    def _asks(self, words: list[str], within: int) -> bool:
        """Whether the words ask a question of their own: a question word among the first
        `within`, an English yes/no opening first, or a Russian or Kazakh question particle."""
        return (
            any(w in self._asking for w in words[:within])
            or (bool(words) and words[0] in self._opening)
            or any(w in self._particles for w in words)
        )


def all_answered(question: str, parts: list[str], ask: Callable[[str], Match]) -> Match | None:
    """One answer of every fact the parts are answered with, each part asked in turn by `ask`;
    None when a part is not answered."""
    found = []
    for part in parts:
        match = ask(part)
        if match.status != "answer" or match.when is not None:
            return None
        found.append(match)
    facts = {fact.id: fact for match in found for fact in match.facts}
    score = min(match.score for match in found)
    # "Yes." stands before the first answer: it confirms the first part only
    confirmed = found[0].confirmed
    return Match(question, "answer", found[0].lang, tuple(facts.values()), score, None, confirmed)
