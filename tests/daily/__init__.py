"""Tests of bot/daily/."""
