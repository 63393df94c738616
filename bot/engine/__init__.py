"""The answer engine: knowledge loading and validation, text normalisation, matching, rendering.

Plain Python with no Telegram import, so the CLI, the console and the bot share it unchanged.
"""
