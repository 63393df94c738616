"""`kzun-bot run`: what must hold before the bot starts, said in one line; then the bot runs."""

from __future__ import annotations

import sys

from bot.config import Settings

NO_TOKEN = (
    "kzun-bot: no bot token. Set TELEGRAM_BOT_TOKEN to the token @BotFather gives you "
    "(in Telegram, send /newbot to @BotFather).\n"
    "To try the bot without a token, run `kzun-bot shell`."
)

# A secret made up at start would differ per replica, and each would re-register the webhook
# with its own, locking the others out.
NO_SHARED_SECRET = (
    "kzun-bot: set KZUN_WEBHOOK_SECRET when KZUN_DATABASE_URL is set: every replica must give "
    "Telegram's webhook the same secret (1-256 of A-Z a-z 0-9 _ -)"
)


def run_bot(settings: Settings) -> int:
    """Serve until SIGTERM or Ctrl-C: 0 after a clean stop, 1 on failure, 2 for a setting the
    bot cannot start with (no token, a webhook secret Telegram would refuse)."""
    from bot.telegram.runner import run
    from bot.telegram.web import SECRET_PATTERN

    if not settings.token:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    if settings.webhook_secret and not SECRET_PATTERN.match(settings.webhook_secret):
        print("kzun-bot: the webhook secret may use only A-Z a-z 0-9 _ - (1-256)", file=sys.stderr)
        return 2
    if settings.replicated and settings.webhook_url and not settings.webhook_secret:
        print(NO_SHARED_SECRET, file=sys.stderr)
        return 2
    return run(settings)
