"""Questions that command a list, and the words that only look like one."""

from __future__ import annotations

import pytest

from bot.engine.generation import Knowledge
from bot.engine.listing import asks_command, commands
from bot.engine.normalize import fold


@pytest.mark.parametrize(
    ("question", "command", "asked"),
    [
        ("name all the missions Kazakhstan took part in", True, False),
        ("can you name the UN missions?", True, True),
        ("could you please list the initiatives?", True, True),
        ("Which ones did Umarov name as recognized?", True, True),
        # a noun, a verb of its own, or "name" as "appoint"
        ("what was the name of the mission in Nepal?", False, False),
        ("name of the law on peacekeeping", False, False),
        ("did the UN list Kazakhstan among the middle powers?", False, False),
        ("who did Tokayev name as foreign minister?", False, False),
        ("what did O'Malley name as the central priority for 2025?", False, False),  # called
        ("what initiatives did Umarov name as recognized?", True, True),  # which ones
        ("what pressing global issues did the UN80 dialogue name", True, True),  # at length
    ],
)
def test_a_list_is_commanded_by_its_opening_or_asked_in_so_many_words(
    question: str, command: bool, asked: bool
) -> None:
    words = fold(question).split()
    assert (commands(words), asks_command(words)) == (command, asked)


def test_a_fact_listing_after_such_as_gives_the_list_a_command_asks(knowledge: Knowledge) -> None:
    """The UN80 dialogue's issues "such as climate change, digital governance and security
    threats" are a list, though joined by one comma and "and"."""
    match = knowledge.matcher.match("what global issues did the UN80 discussion name")
    assert match.status == "answer" and match.fact is not None
    assert match.fact.id == "un80-global-challenges"
