"""The compose stack's web front as it runs (docker-compose.yml, deploy/nginx.conf), for what
runs it natively: the load benchmark and the proxy tests."""

from __future__ import annotations

import shlex
from pathlib import Path

import yaml
from django.conf import settings

NGINX_CONF = Path(settings.BASE_DIR) / "deploy" / "nginx.conf"


def compose() -> dict:
    return yaml.safe_load((Path(settings.BASE_DIR) / "docker-compose.yml").read_text())


def gunicorn_arguments_of_the_stack() -> list[str]:
    """What the compose stack's web service passes to gunicorn."""
    shell_command = shlex.split(compose()["services"]["web"]["command"])[-1]
    return shlex.split(shell_command.split("exec gunicorn ", 1)[1])


def with_option(arguments: list[str], option: str, value: str) -> list[str]:
    """``arguments`` with ``option`` set to ``value`` (replaced, or added at the end)."""
    if option not in arguments:
        return [*arguments, option, value]
    position = arguments.index(option)
    return [*arguments[: position + 1], value, *arguments[position + 2 :]]


def nginx_config(port: int, upstream_port: int, directory: Path) -> str:
    """deploy/nginx.conf listening on 127.0.0.1:port before gunicorn on upstream_port, its
    logs and temporary files in directory (the limits and timeouts as they are)."""
    config = NGINX_CONF.read_text()
    changes = {
        "listen 80;": f"listen 127.0.0.1:{port};",
        "server web:8000;": f"server 127.0.0.1:{upstream_port};",
        "http {\n": "http {\n"
        + "".join(
            f"    {directive} {directory / name};\n"
            for directive, name in [
                ("access_log", "access.log"),
                ("client_body_temp_path", "body"),
                ("proxy_temp_path", "proxy"),
                ("fastcgi_temp_path", "fastcgi"),
                ("uwsgi_temp_path", "uwsgi"),
                ("scgi_temp_path", "scgi"),
            ]
        ),
    }
    for old, new in changes.items():
        if config.count(old) != 1:
            raise ValueError(f"{old!r} is not once in {NGINX_CONF}")
        config = config.replace(old, new)
    return config
