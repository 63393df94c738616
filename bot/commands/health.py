"""`python -m bot.commands.health`: Docker's HEALTHCHECK asks the running bot's /healthz.

Exit status 0 when the bot says it is healthy, 1 when it does not answer or is not.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request

from bot.config import Settings
from bot.ops.health import health_url

_PROBE_TIMEOUT = 5.0  # seconds; Docker's own timeout is the backstop


def probe(settings: Settings) -> int:
    """Ask the running bot whether it is healthy: 0 yes, 1 no (Docker HEALTHCHECK convention)."""
    url = health_url(settings)
    if url is None:
        print("no health endpoint: set KZUN_METRICS_PORT when polling", file=sys.stderr)
        return 1
    try:
        with urllib.request.urlopen(url, timeout=_PROBE_TIMEOUT) as response:
            print(response.read().decode("utf-8", "replace"))
            return 0
    except (urllib.error.URLError, OSError) as error:
        print(f"{url}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(probe(Settings.load(os.environ)))
