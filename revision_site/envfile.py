"""Read a `.env` file of KEY=VALUE lines into the environment, without overriding it.

manage.py and gunicorn.conf.py call this, and scripts/entrypoint.sh runs it as a module, so the
README's commands and the start without Docker read the same `.env` that Docker Compose reads.
Settings themselves only read the environment, and pytest (which never goes through manage.py)
does not see the file.

The format is the simple subset of Compose's: blank lines and `#` comments are skipped, a value may
be wrapped in single or double quotes, nothing is interpolated. A variable already set in the
environment wins over the file. REVISION_ENV_FILE names another file; empty reads none (the test
suite sets it so, and a developer's `.env` never reaches the commands its tests start).
"""

import os
import shlex
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def env_file_path() -> Path | None:
    name = os.environ.get("REVISION_ENV_FILE")
    if name is None:
        return PROJECT_DIR / ".env"
    return Path(name) if name else None


def env_file_values(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        key = key.removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key] = value
    return values


def load_env_file() -> None:
    path = env_file_path()
    if path is None or not path.is_file():
        return
    for key, value in env_file_values(path).items():
        os.environ.setdefault(key, value)


def main() -> None:
    """Print the file's variables that the environment lacks as `export` lines for a shell:
    scripts/entrypoint.sh evaluates them, so it reads .env exactly as manage.py does."""
    path = env_file_path()
    if path is None or not path.is_file():
        return
    for key, value in env_file_values(path).items():
        if key not in os.environ and key.isidentifier():
            print(f"export {key}={shlex.quote(value)}")


if __name__ == "__main__":
    main()
