"""A real PostgreSQL server of the suite's own, in a temporary folder (also used by the bench).

Why not pytest-postgresql's ``postgresql_proc``: it runs ``initdb`` and ``pg_ctl`` as the
current user, and the suite runs as root on CI, which ``initdb`` refuses; it cannot drop to
another user. The tests also need to restart the server in the middle of a batch and to log
in with a password over TCP (a wrong password is one of the faults tested), which is a few
lines of ``pg_ctl`` here. So: ``initdb`` into a fresh folder owned by a non-root user
(``postgres`` when Debian's package created it, else ``nobody``) run through ``runuser`` when
we are root, scram-sha-256 passwords over 127.0.0.1 on a free port, the socket inside the
folder, ``fsync`` off (the tests kill the server process, never the machine, so the page cache
keeps every committed byte), libfaketime's variables removed from the server's environment
(the shifted-clock runs fake the test process's clock, not the database's).
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SUPERUSER = "tgadmin"


def find_bindir() -> Path | None:
    """The newest installed PostgreSQL's bin folder (Debian keeps it off the PATH)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server_user() -> str | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root and no postgres or nobody user to run PostgreSQL as")


class PgServer:
    """One PostgreSQL cluster: ``start``, ``stop``, ``restart``, ``kill``, and DSNs."""

    def __init__(self, bindir: Path, *, durable: bool = False) -> None:
        self.bindir = bindir
        self.user = _server_user()
        self.folder = Path(tempfile.mkdtemp(prefix="tellerguard-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.port = _free_port()
        self.password = secrets.token_hex(16)
        if self.user is not None:
            shutil.chown(self.folder, self.user)
        pwfile = self.folder / "pw"
        pwfile.write_text(self.password + "\n")
        if self.user is not None:
            shutil.chown(pwfile, self.user)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "--pwfile",
            str(pwfile),
            "-A",
            "scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        pwfile.unlink()
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
                f"unix_socket_directories = '{self.folder}'\n"
                "max_connections = 200\nshared_buffers = 128MB\nlog_min_messages = warning\n"
            )
            if not durable:
                conf.write("fsync = off\nfull_page_writes = off\n")

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("FAKETIME")}
        env.pop("LD_PRELOAD", None)
        env.pop("PYTHONPATH", None)
        env["LC_ALL"] = "C"
        return env

    def _run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / tool), *args]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        return subprocess.run(
            command, env=self._env(), check=check, capture_output=True, text=True, cwd="/"
        )

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def restart(self, mode: str = "immediate") -> None:
        """Stop (``immediate``: like a crash, every connection cut) and start again."""
        self.stop(mode)
        self.start()

    def dsn(self, dbname: str = "postgres", *, password: str | None = None) -> str:
        secret = self.password if password is None else password
        return f"postgresql://{SUPERUSER}:{secret}@127.0.0.1:{self.port}/{dbname}"

    def small_disk(self, name: str, megabytes: int) -> SmallDisk:
        """A filesystem of ``megabytes`` (tmpfs) inside the server's folder, owned by the
        server's user, for a tablespace that fills up; :class:`OSError` where this process
        may not mount (not root, or a sandbox without CAP_SYS_ADMIN)."""
        return SmallDisk(self.folder / name, megabytes, self.user)

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


class SmallDisk:
    """A tmpfs of a given size: ``grow`` remounts it larger (the space an operator frees)."""

    def __init__(self, path: Path, megabytes: int, owner: str | None) -> None:
        self.path = path
        path.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m,mode=0700", "tmpfs", str(path)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            path.rmdir()
            raise OSError(f"cannot mount a tmpfs here: {done.stderr.strip() or done.returncode}")
        if owner is not None:
            shutil.chown(path, owner, owner)

    def grow(self, megabytes: int) -> None:
        subprocess.run(
            ["mount", "-o", f"remount,size={megabytes}m", str(self.path)],
            check=True,
            capture_output=True,
        )

    def free_bytes(self) -> int:
        stat = os.statvfs(self.path)
        return stat.f_bavail * stat.f_frsize

    def remove(self) -> None:
        subprocess.run(["umount", str(self.path)], check=False, capture_output=True)
        self.path.rmdir()
