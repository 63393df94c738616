"""What user words may be stored: contact details and long numbers are masked first.

A question is stored only when the bot could not answer it (for the unanswered report), and even
then an e-mail address, a phone number or a long run of digits (a card, an account, an id) says
who someone is, not what they wanted to know. Years (four digits) and ordinary figures stay.
"""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A phone number: an optional +, then digits in groups split by spaces, dots, dashes or brackets,
# nine digits or more in all ("+7 701 123 45 67", "8(701)1234567"); "1992-2022" is two years.
_PHONE = re.compile(r"(?<![\w+])\+?\(?\d(?:[\s().-]{0,2}\d){8,}(?!\w)")
_PLUS_PHONE = re.compile(r"\+\d(?:[\s().-]{0,2}\d){5,}")
_LONG_DIGITS = re.compile(r"\d{6,}")

EMAIL_MASK, PHONE_MASK, DIGITS_MASK = "[email]", "[phone]", "[number]"


def mask(text: str) -> str:
    """`text` with e-mail addresses, phone numbers and runs of six or more digits masked."""
    text = _EMAIL.sub(EMAIL_MASK, text)
    text = _PLUS_PHONE.sub(PHONE_MASK, text)
    text = _PHONE.sub(PHONE_MASK, text)
    return _LONG_DIGITS.sub(DIGITS_MASK, text)


def month_of(iso_time: str) -> str:
    """The first day of the month of an ISO timestamp: how finely a chat's visits are kept."""
    return iso_time[:7] + "-01"
