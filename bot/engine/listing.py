"""Questions that command a list: "name all the missions", "list the initiatives", "can you
name the missions?", "which ones did he name?". Their "name" asks for a list of what a fact
says, not for a name it gives ("what is the name of the mission in Nepal?"), so its token is
no relation asked.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.engine.normalize import stem

# Words that open a question as a command: "name the missions" asks them listed, and its
# "name" is no name asked for ("what is the name of the mission in Nepal?").
_COMMANDS = frozenset(
    ["name", "list", "enumerate", "назови", "назовите", "перечисли", "перечислите"]
)
# A command asked of the reader ("can you name…", "could you please list…") …
_ASKING_YOU = frozenset(["can", "could", "would", "will"])
# … or of someone in a "which" question ("which ones did Umarov name?"); not "did the UN list
# Kazakhstan among…?" nor "who did Tokayev name as minister?" (name: appoint).
_WHICH = frozenset(["which", "what"])
_DID = frozenset(["did", "does", "do"])


def commands(words: Sequence[str]) -> bool:
    """Whether a question (folded words) commands a list ("name all the missions", "can you
    name the missions?", "which ones did he name?"; "name of the law on peacekeeping" is a
    noun)."""
    return _command_at(words) is not None


def asks_command(words: Sequence[str]) -> bool:
    """Whether a question asks for a command rather than giving one ("can you name the
    missions?", "which ones did he name?"): a list asked for in so many words."""
    at = _command_at(words)
    return at is not None and at > 0


def without_command(tokens: Sequence[str], words: Sequence[str]) -> list[str]:
    """A question's tokens without its command's ("name", "list"), which asks a list of the
    fact, not a name it gives; `words` are the question's folded words."""
    at = _command_at(words)
    if at is None:
        return list(tokens)
    if at == 0:
        return list(tokens[1:])
    word = stem(words[at], "en")
    return [t for i, t in enumerate(tokens) if t != word or word in tokens[:i]]


def _command_at(words: Sequence[str]) -> int | None:
    """Where a command stands: opening the question, asked of the reader, or of someone in a
    "which" question."""
    if _COMMANDS.isdisjoint(words):  # most questions: no need to look at each word
        return None
    for at, word in enumerate(words):
        after = words[at + 1 : at + 2]
        called = (
            after == ["as"] and words[:1] == ["what"] and words[1:2] in (["did"], ["does"], ["do"])
        )
        if word not in _COMMANDS or after == ["of"] or called:
            continue  # "name of the law"; "what did O'Malley name as the priority?" (call)
        before = words[max(at - 3, 0) : at]
        # a "which" question ending in the command may name its subject at length first
        # ("what pressing global issues did the UN80 dialogue name")
        asked = words[1:at] if at == len(words) - 1 else before
        if at == 0 or _asked_of_you(before) or (words[0] in _WHICH and not _DID.isdisjoint(asked)):
            return at
    return None


def _asked_of_you(before: Sequence[str]) -> bool:
    """Whether the words before a command ask the reader to do it: "can you (please)"."""
    return "you" in before and not _ASKING_YOU.isdisjoint(before[: before.index("you")])
