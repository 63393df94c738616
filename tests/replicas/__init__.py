"""Tests of bot/replicas/."""
