"""The Bot API's error answers, word for word, for the stand-in and for tests that script faults.

Sources: tdlib/telegram-bot-api (telegram-bot-api/Client.cpp, Bot API 10.0) and TDLib
(td/telegram/*.cpp), read where the server or TDLib writes each message; ../shared/TELEGRAM.md §1.2
lists the common ones. The server turns an error message into a description in
Client::fail_query_with_error: "Bad Request: " and the message with its first letter lowered,
unless it is a server code such as "BUTTON_DATA_INVALID" (see telegram_html.bot_api_description).
"""

from __future__ import annotations

from tests.fakes.telegram_html import bot_api_description

BLOCKED = "Forbidden: bot was blocked by the user"
DEACTIVATED = "Forbidden: user is deactivated"
KICKED_GROUP = "Forbidden: bot was kicked from the group chat"
KICKED_SUPERGROUP = "Forbidden: bot was kicked from the supergroup chat"
KICKED_CHANNEL = "Forbidden: bot was kicked from the channel chat"
CANT_INITIATE = "Forbidden: bot can't initiate conversation with a user"
MIGRATED = "Bad Request: group chat was upgraded to a supergroup chat"
CHAT_NOT_FOUND = "Bad Request: chat not found"
CHAT_ID_EMPTY = "Bad Request: chat_id is empty"
NEED_ADMIN_RIGHTS = "Bad Request: need administrator rights in the channel chat"
MEMBER_LIST_INACCESSIBLE = "Bad Request: member list is inaccessible"
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
MESSAGE_TEXT_EMPTY = "Bad Request: message text is empty"
TEXT_EMPTY = "Bad Request: text must be non-empty"
MESSAGE_TOO_LONG = "Bad Request: message is too long"  # sendMessage: TDLib's own check
MESSAGE_TOO_LONG_CODE = "Bad Request: MESSAGE_TOO_LONG"  # edits, inline results: the server's
UNSUPPORTED_PARSE_MODE = "Bad Request: unsupported parse_mode"
CANT_EDIT = "Bad Request: message can't be edited"
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
POLLING_CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is "
    "running"
)
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
    "the webhook first"
)
POLL_ENDED_BY_WEBHOOK = "Conflict: terminated by setWebhook request"
# The wording of telegram-bot-api 10.0 (WebhookActor.cpp); older servers said "bad webhook: HTTPS
# url must be provided for webhook", which some client libraries still quote.
WEBHOOK_NEEDS_HTTPS = "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
WEBHOOK_BAD_PORT = (
    "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"
)
WEBHOOK_BAD_URL = "Bad Request: invalid webhook URL specified"
SECRET_TOO_LONG = "Bad Request: secret token is too long"
SECRET_BAD_CHARACTERS = "Bad Request: secret token contains unallowed characters"
METHOD_NOT_FOUND = "Not Found: method not found"

# What `Fault(status=...)` says when a test gives no description.
DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: BLOCKED,
    409: POLLING_CONFLICT,
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


class Malformed(ValueError):
    """A request the server cannot read, in the server's own (capitalised) words; the caller adds
    the context the server adds ("Can't parse inline query result: ...") before answering."""

    def within(self, context: str) -> Malformed:
        return Malformed(f"{context}: {self}")

    def answer(self) -> ApiError:
        return bad_request(str(self))


def bad_request(message: str) -> ApiError:
    """A 400 with the description the server makes of `message` (TDLib's or its own)."""
    return ApiError(400, bot_api_description(message))
