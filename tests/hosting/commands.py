"""The site's commands run in a subprocess, with only the environment a test gives them."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def plain_environment(**extra: str) -> dict[str, str]:
    """The shell of someone who has set none of the site's variables and keeps no .env."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "GUNICORN_")) and k not in {"DATABASE_URL", "PORT"}
    }
    env["REVISION_ENV_FILE"] = ""
    env.update(extra)
    return env


def manage(
    *args: str, env: dict[str, str], python: str = sys.executable
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [python, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
