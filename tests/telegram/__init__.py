"""Tests of bot/telegram/."""
