"""`python -m bot` is the same as the `kzun-bot` command."""

from bot.cli import main

raise SystemExit(main())
