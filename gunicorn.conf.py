"""gunicorn's settings, read from GUNICORN_* variables (.env.example describes each one).

One file for every way the site is served: scripts/entrypoint.sh (so the image) and bench/ pass
it with --config, and a command-line option still wins over it.
"""

import os

from revision_site.envfile import load_env_file

# The project's .env, as manage.py reads it (the no-Docker start); the environment wins over it.
load_env_file()


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {value!r}") from None


bind = [os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{_int('PORT', 8000)}"]
workers = _int("GUNICORN_WORKERS", 2)
# Threads let one worker answer while another request waits on the database or the network.
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)
timeout = _int("GUNICORN_TIMEOUT", 30)
# How long an idle connection is kept open for the next request. It must be longer than the idle
# timeout of whatever sits in front (nginx upstream keepalive 60 s, a cloud load balancer's 60 s):
# if gunicorn closes first, a request sent on the connection as it closes is reset, and the proxy
# answers 502. Idle connections cost a gthread worker no thread, only a socket.
keepalive = _int("GUNICORN_KEEP_ALIVE", 75)
# The heartbeat file lives in memory: a slow or full disk must not make workers look dead.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - gunicorn docs
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's control socket (for gunicornc) is not used here; without it gunicorn writes nothing
# under the home directory (in the image, the app's own directory).
control_socket_disable = True
