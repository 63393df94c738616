"""The daily "on this day" post: anniversaries, subscriptions, delivery log, sender, job.

The core (anniversaries, subscriptions, deliveries) never imports Telegram; `sender` and `job` do.
"""
