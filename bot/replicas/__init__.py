"""Several `kzun-bot` processes acting as one bot, coordinated through PostgreSQL.

Used only when `KZUN_DATABASE_URL` names a PostgreSQL database; with SQLite the bot is one process
and none of this runs. Everything here rests on PostgreSQL's own guarantees (unique keys, row
locks, advisory locks that die with their session, LISTEN/NOTIFY), never on clocks agreeing
between machines: times that matter are read from the database server.
"""
