"""The bot's languages: English, Russian and Kazakh, in the order answers fall back through."""

from typing import Literal

Lang = Literal["en", "ru", "kk"]
LANGS: tuple[Lang, ...] = ("en", "ru", "kk")
