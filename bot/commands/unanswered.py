"""`kzun-bot unanswered`: the questions the bot could not answer, most asked first."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from bot.config import Settings
from bot.ops.unanswered import as_text, as_yaml, group_questions, start_of
from bot.storage.database import Database
from bot.storage.stores import QuestionLog

OutputFormat = Literal["text", "yaml"]


def report(
    settings: Settings,
    since: dt.date | None,
    top: int,
    output_format: OutputFormat,
) -> int:
    """Print the `top` most asked groups of unanswered questions; 0 on success."""
    if not settings.database_path.is_file():
        print(f"No questions recorded yet: {settings.database_path} does not exist.")
        return 0
    db = Database(settings.database_path)
    try:
        rows = QuestionLog(db).unanswered_since(start_of(since, settings.timezone))
    finally:
        db.close()
    groups = group_questions(rows)
    render = as_yaml if output_format == "yaml" else as_text
    print(render(groups[:top], len(rows), len(groups), since))
    return 0
