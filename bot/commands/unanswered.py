"""`kzun-bot unanswered`: the questions the bot could not answer, most asked first."""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from typing import Literal

from bot.config import Settings
from bot.ops.unanswered import as_text, as_yaml, group_questions, start_of
from bot.storage.database import Row, StorageError, open_database
from bot.storage.stores import QuestionLog

OutputFormat = Literal["text", "yaml"]


def report(
    settings: Settings,
    since: dt.date | None,
    top: int,
    output_format: OutputFormat,
) -> int:
    """Print the `top` most asked groups of unanswered questions; 0 on success."""
    if settings.database_url is None and not settings.database_path.is_file():
        print(f"No questions recorded yet: {settings.database_path} does not exist.")
        return 0
    try:
        rows = asyncio.run(_unanswered(settings, start_of(since, settings.timezone)))
    except StorageError as error:
        print(f"kzun-bot: the state cannot be read: {error}", file=sys.stderr)
        return 1
    groups = group_questions(rows)
    render = as_yaml if output_format == "yaml" else as_text
    print(render(groups[:top], len(rows), len(groups), since))
    return 0


async def _unanswered(settings: Settings, start: dt.datetime | None) -> list[Row]:
    db = open_database(settings.database_url, settings.database_path)
    try:
        return await QuestionLog(db, settings.timezone).unanswered_since(start)
    finally:
        await db.close()
