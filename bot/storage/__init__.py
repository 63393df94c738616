"""The bot's state: the database, its migrations, the small shared stores and data-folder locks."""
