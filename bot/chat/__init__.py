"""What the bot says, as plain data: the same replies for Telegram and for the console chat.

`replies` builds every reply (text plus the choices offered under it); Telegram shows the choices
as inline buttons, the console as numbered lines. Nothing here imports `telegram`.
"""
