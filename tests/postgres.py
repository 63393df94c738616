"""A throwaway PostgreSQL cluster for the test session: real server, temporary folder, no fsync.

`initdb` refuses to run as root, so under root the server runs as the `postgres` system user
(Debian's package creates it). The server listens only on a Unix socket in the temporary folder
(no TCP port to collide with), with durability off because the data dies with the session.
Its folder is in RAM (/dev/shm) where there is one: every `CREATE DATABASE` writes hundreds of
files, and creating a file on these machines' disk takes 0.4 ms of kernel time (10 µs in RAM);
the tests' databases cost 8 s of CPU on disk. Each pytest-xdist worker starts its own cluster
in its own folder, so workers never share a server, a socket or a database name.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

BIN_DIRS = [Path(f"/usr/lib/postgresql/{v}/bin") for v in (17, 16, 15)]
START_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0
RAM = Path("/dev/shm")


def find_bin() -> Path | None:
    """The folder with initdb and postgres, or None when PostgreSQL is not installed."""
    for folder in BIN_DIRS:
        if (folder / "initdb").is_file() and (folder / "postgres").is_file():
            return folder
    found = shutil.which("initdb")
    return Path(found).parent if found else None


class Cluster:
    """initdb + postgres in a temporary folder; `url(db)` names a database in it."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        in_ram = RAM.is_dir() and os.access(RAM, os.W_OK | os.X_OK)
        self.root = Path(tempfile.mkdtemp(prefix="kzun-pg-", dir=RAM if in_ram else None))
        self.data = self.root / "data"
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user:
            shutil.chown(self.root, self.user)
        self.process: subprocess.Popen[bytes] | None = None

    def _command(self, *args: str) -> list[str]:
        return ["runuser", "-u", self.user, "--", *args] if self.user else list(args)

    def start(self) -> None:
        subprocess.run(
            self._command(
                str(self.bin_dir / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C",
            ),
            check=True,
            capture_output=True,
        )
        settings = {
            "listen_addresses": "",
            "unix_socket_directories": str(self.root),
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "max_connections": "200",
            "shared_buffers": "64MB",
            # in the data folder, so a killed session leaves no segments behind in /dev/shm
            "dynamic_shared_memory_type": "mmap",
        }
        options = [part for key, value in settings.items() for part in ("-c", f"{key}={value}")]
        self.process = subprocess.Popen(
            self._command(str(self.bin_dir / "postgres"), "-D", str(self.data), *options),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + START_TIMEOUT
        ready = [str(self.bin_dir / "pg_isready"), "-q", "-h", str(self.root), "-U", "postgres"]
        while subprocess.run(ready, check=False).returncode != 0:
            if self.process.poll() is not None:
                error = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"postgres exited at start:\n{error}")
            if time.monotonic() > deadline:
                raise RuntimeError("postgres did not start within 30 s")
            time.sleep(0.05)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.root}"

    def stop(self) -> None:
        """Fast shutdown, signalled to the server itself: `runuser` does not pass SIGINT on, so
        signalling it waited out the whole timeout and then left the server running."""
        if self.process is not None and self.process.poll() is None:
            server = self._server_pid()
            self._signal(server, signal.SIGINT)  # "fast": the data is thrown away anyway
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self._signal(server, signal.SIGQUIT)  # "immediate"
                self.process.kill()
                self.process.wait()
        if self.process is not None and self.process.stderr is not None:
            self.process.stderr.close()
        shutil.rmtree(self.root, ignore_errors=True)

    def _server_pid(self) -> int | None:
        """The postmaster's process id, from the first line of its postmaster.pid."""
        try:
            return int((self.data / "postmaster.pid").read_text().split("\n", 1)[0])
        except (OSError, ValueError):
            return None

    def _signal(self, pid: int | None, signum: int) -> None:
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):  # already gone
            os.kill(pid if pid is not None else self.process.pid, signum)
