"""One day's posts split between `kzun-bot broadcast` processes, a bucket at a time.

Subscriptions fall into `BUCKETS` buckets by chat id. A process takes a bucket under a
PostgreSQL advisory lock on a session of its own (the lease: it dies with the process), sends
that bucket's posts that nobody claimed yet, and releases it; a process never walks rows that
another one is sending, so four processes make about as many claim attempts as one. Buckets held
by others are waited for at the end: when their holder finishes they are found empty, and when
it was killed the survivor sends what it had not reached. Each post is still claimed in the
delivery log just before its request, so a chat gets at most one post whatever happens, and a
killed process leaves only its requests in flight as `unknown`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import AsyncGenerator

from bot.daily.subscriptions import Due, SubscriptionStore
from bot.replicas.session import connect

BUCKETS = 16
BUCKET_SPACE = 1264  # first key of these advisory locks (the leases use 1263)


async def bucket_pages(
    url: str, subscriptions: SubscriptionStore, day: dt.date
) -> AsyncGenerator[list[Due], None]:
    """`day`'s unsent posts, a page at a time, from the buckets this process gets to hold.

    A bucket stays locked while its pages are handed out, so the caller must send a page
    before asking for the next (close the iterator to stop early).
    """
    connection = await connect(url)
    try:
        todo = random.sample(range(BUCKETS), BUCKETS)  # processes start in different places
        wait = False
        while todo:
            busy = []
            for bucket in todo:
                key = day.toordinal() * BUCKETS + bucket
                if wait:  # only busy buckets are left: wait for their holder to finish or die
                    await connection.execute("SELECT pg_advisory_lock($1, $2)", BUCKET_SPACE, key)
                elif not await connection.fetchval(
                    "SELECT pg_try_advisory_lock($1, $2)", BUCKET_SPACE, key
                ):
                    busy.append(bucket)
                    continue
                try:
                    async for page in subscriptions.unsent(day, bucket, BUCKETS):
                        yield page
                finally:
                    await connection.execute(
                        "SELECT pg_advisory_unlock($1, $2)", BUCKET_SPACE, key
                    )
            todo, wait = busy, True
    finally:
        connection.terminate()  # any lock still held goes with the session
