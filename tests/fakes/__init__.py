"""Stand-ins for what tests must not use for real: the Telegram Bot API, the clock."""
