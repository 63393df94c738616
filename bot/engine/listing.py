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
# After one of these and its subject, a command is asked as a question ("can you name…").
_AUXILIARIES = frozenset(["can", "could", "would", "will", "did", "does", "do"])


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
    """Where a command stands: opening the question, or after an auxiliary and its subject."""
    for at, word in enumerate(words):
        if word not in _COMMANDS or words[at + 1 : at + 2] == ["of"]:
            continue
        if at == 0 or not _AUXILIARIES.isdisjoint(words[max(at - 3, 0) : at]):
            return at
    return None
