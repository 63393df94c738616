"""Tests of bot/engine/."""
