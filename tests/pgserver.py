"""A real, throwaway PostgreSQL server for the register tests: own initdb, random port.

The cluster lives in a fresh temporary folder with its unix socket beside it and listens on
127.0.0.1 at a free port; it is stopped and removed at the end. PostgreSQL refuses to run
as root, so under root the cluster belongs to `nobody`. Its programs come from PATH or
Debian's `/usr/lib/postgresql/*/bin` (scripts/install-system-deps.sh installs them).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import psycopg


def bindir() -> Path:
    """Where initdb and pg_ctl are; a clear error when PostgreSQL is not installed."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if not candidates:
        raise RuntimeError("PostgreSQL is not installed: run scripts/install-system-deps.sh")
    return Path(candidates[-1]).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """One running cluster; `url(db)` gives a SQLAlchemy URL (with a password to hide)."""

    root: Path
    port: int
    user: str
    owner: dict[str, object] = field(default_factory=dict)

    @property
    def data(self) -> Path:
        return self.root / "data"

    def _run(self, *args: str) -> None:
        subprocess.run(
            [str(bindir() / args[0]), *args[1:]],
            check=True,
            capture_output=True,
            timeout=120,
            **self.owner,  # type: ignore[arg-type]
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        """Stop at once, as a server that goes away does (connections are cut)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}:s3cret-pw@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh empty database; its URL."""
        name = f"t_{secrets.token_hex(6)}"
        dsn = f"host=127.0.0.1 port={self.port} user={self.user} dbname=postgres"
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def start_server() -> Server:
    """initdb a cluster in a new temporary folder and start it."""
    root = Path(tempfile.mkdtemp(prefix="draftkit-pg-"))
    owner: dict[str, object] = {}
    user = pwd.getpwuid(os.getuid()).pw_name
    if os.getuid() == 0:
        user = "nobody"
        info = pwd.getpwnam(user)
        os.chown(root, info.pw_uid, info.pw_gid)
        owner = {
            "user": info.pw_uid,
            "group": info.pw_gid,
            "env": {**os.environ, "HOME": str(root)},
        }
    server = Server(root, free_port(), user, owner)
    server._run(
        "initdb", "-D", str(server.data), "-U", user, "--auth=trust", "-E", "UTF8", "--no-sync"
    )
    server.start()
    return server


def remove(server: Server) -> None:
    with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
        server.stop()
    shutil.rmtree(server.root, ignore_errors=True)
