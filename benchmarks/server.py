"""The app as the compose stack runs it (nginx before gunicorn), on a database of the
benchmark's, and the CPU time and memory of its processes and of PostgreSQL's, from /proc."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from .stack import compose, gunicorn_arguments_of_the_stack, nginx_config, with_option

TICKS = os.sysconf("SC_CLK_TCK")
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
# The stack's settings (docker-compose.yml), with no throttle or export budget in the way of
# the load (the throttles still count, in Redis, as deployed).
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    # one source of run-to-run variation less: every run's workers hash strings alike
    "PYTHONHASHSEED": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_COOKIES": "false",
    "SECURE_HSTS_SECONDS": "0",
    "API_THROTTLE_ANON": "1000000000/minute",
    "API_THROTTLE_USER": "1000000000/minute",
    "PAGE_THROTTLE_ANON": "1000000000/minute",
    "PAGE_THROTTLE_USER": "1000000000/minute",
    "EXPORT_ROWS_ANON": "1000000000",
    "EXPORT_ROWS_USER": "1000000000",
}


@dataclass
class Server:
    url: str  # nginx's, before gunicorn
    arguments: list[str]
    process: subprocess.Popen  # gunicorn's master
    nginx: subprocess.Popen

    def pids(self) -> list[int]:
        """gunicorn's master and its workers."""
        return [self.process.pid, *children(self.process.pid)]

    def workers(self) -> list[int]:
        return children(self.process.pid)

    def nginx_pids(self) -> list[int]:
        return [self.nginx.pid, *children(self.nginx.pid)]


@contextmanager
def stack_server(*, workers: int | None = None, threads: int | None = None) -> Iterator[Server]:
    """The compose stack's front on free local ports, serving the current database: nginx
    from deploy/nginx.conf before gunicorn with the stack's arguments (``workers`` and
    ``threads`` changed when given); stopped afterwards."""
    port, upstream = _free_port(), _free_port()
    arguments = stack_arguments(workers=workers, threads=threads, upstream=upstream)
    env = {
        **os.environ,
        **SERVER_ENV,
        "NUM_PROXIES": compose()["services"]["web"]["environment"]["NUM_PROXIES"],
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url(),
    }
    binary = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if binary is None:
        raise RuntimeError("nginx is not installed: apt-get install nginx")
    with tempfile.TemporaryDirectory() as directory, tempfile.TemporaryFile() as log:
        config = Path(directory) / "nginx.conf"
        config.write_text(nginx_config(port, upstream, Path(directory)))
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", *arguments],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        nginx = subprocess.Popen(
            [binary, "-p", directory, "-c", str(config), "-e", f"{directory}/error.log"]
            + ["-g", f"daemon off; pid {directory}/nginx.pid;"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        server = Server(f"http://127.0.0.1:{port}", arguments, process, nginx)
        try:
            _wait_until_up(server, log)
            yield server
        finally:
            for running in (nginx, process):
                running.terminate()
                try:
                    running.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    running.kill()
                    running.wait()


def stack_arguments(
    *, workers: int | None = None, threads: int | None = None, upstream: int | None = None
) -> list[str]:
    """gunicorn's arguments in the compose stack, ``workers`` and ``threads`` changed when
    given, bound to ``upstream`` (a local port) when given."""
    arguments = gunicorn_arguments_of_the_stack()
    if upstream:
        arguments = with_option(arguments, "--bind", f"127.0.0.1:{upstream}")
    if workers:
        arguments = with_option(arguments, "--workers", str(workers))
    if threads:
        arguments = with_option(arguments, "--threads", str(threads))
    return arguments


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The current database (the benchmark's own) as a URL for the server."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    return f"postgres://{db['USER']}{password}@{host}:{db.get('PORT') or 5432}/{db['NAME']}"


def _wait_until_up(server: Server, log) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.process.poll() is not None or server.nginx.poll() is not None:
            log.seek(0)
            raise RuntimeError(
                "gunicorn or nginx exited:\n" + log.read().decode(errors="replace")[-3000:]
            )
        try:
            with urllib.request.urlopen(server.url + "/healthz", timeout=5) as answer:
                if answer.status == 200 and len(server.workers()) >= 1:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat and int(stat[1]) == pid:
                found.append(int(entry.name))
    return found


def postgres_pids() -> list[int]:
    """Every PostgreSQL process of the machine (the server, its backends and helpers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                name = (entry / "comm").read_text().strip()
            except OSError:
                continue
            if name in ("postgres", "postmaster"):
                found.append(int(entry.name))
    return found


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User and system CPU time of each process still there, with that of its children that
    have ended (PostgreSQL's postmaster reaps the backends of closed connections)."""
    times = {}
    for pid in pids:
        stat = _stat(pid)
        if stat:
            times[pid] = sum(int(ticks) for ticks in stat[11:15]) / TICKS
    return times


def rss_bytes(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_BYTES
    except (OSError, IndexError):
        return 0


def _stat(pid: int) -> list[str] | None:
    """Fields of /proc/PID/stat after the command name (state, ppid, ...)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()
