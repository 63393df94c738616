"""The Telegram layer: application wiring, the process runner, handlers and the webhook server."""
