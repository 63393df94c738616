"""Kazakhstan and the United Nations: a Telegram knowledge bot in English, Russian and Kazakh."""

__version__ = "0.1.0"
