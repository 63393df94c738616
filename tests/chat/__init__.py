"""Tests of bot/chat/."""
