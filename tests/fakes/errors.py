"""The Bot API's error answers, word for word, for the stand-in and for tests that script faults.

Sources: ../shared/TELEGRAM.md §1.2, which cites where telegram-bot-api and TDLib write each one.
"""

from __future__ import annotations

BLOCKED = "Forbidden: bot was blocked by the user"
DEACTIVATED = "Forbidden: user is deactivated"
KICKED_GROUP = "Forbidden: bot was kicked from the group chat"
KICKED_SUPERGROUP = "Forbidden: bot was kicked from the supergroup chat"
KICKED_CHANNEL = "Forbidden: bot was kicked from the channel chat"
CANT_INITIATE = "Forbidden: bot can't initiate conversation with a user"
MIGRATED = "Bad Request: group chat was upgraded to a supergroup chat"
CHAT_NOT_FOUND = "Bad Request: chat not found"
NEED_ADMIN_RIGHTS = "Bad Request: need administrator rights in the channel chat"
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"

# What `Fault(status=...)` says when a test gives no description.
DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: BLOCKED,
    409: "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
    "is running",
    429: "Too Many Requests: retry after {retry_after}",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


class ApiError(Exception):
    """A Bot API error response: status code, description, optional ResponseParameters."""

    def __init__(self, status: int, description: str, **parameters: int | None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = {k: v for k, v in parameters.items() if v is not None}
