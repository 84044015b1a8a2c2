"""Machine description and the dated tables written to docs/benchmarks.md."""

from __future__ import annotations

import datetime
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "benchmarks.md"


def database_version(database_url: str) -> str:
    """The database a section was measured on: SQLite's library, or the PostgreSQL server's version."""
    if not database_url:
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    try:
        import psycopg

        with psycopg.connect(database_url, connect_timeout=5) as connection:
            version = connection.execute("SHOW server_version").fetchone()[0]
        return f"PostgreSQL {version.split()[0]}"
    except Exception:  # the section is still worth writing without the version
        return "PostgreSQL"


def machine(database_url: str = "") -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({cpu or platform.machine()}), Python {platform.python_version()}, "
        f"{database_version(database_url)}, {platform.system()} {platform.release()}"
    )


def table(headers: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def command(database_url: str) -> str:
    """The command that measured a section, as run (`make bench` runs them all, then again on a
    throwaway PostgreSQL)."""
    names = " ".join(sys.argv[1:])
    line = f"python -m bench {names}".strip()
    if database_url:
        line = f"scripts/with-postgres.sh: BENCH_DATABASE_URL=$DATABASE_URL {line}"
    return line


def write_section(title: str, body: str, *, database_url: str = "") -> None:
    """Replace (or add) the section `title` in docs/benchmarks.md, dated, with its command."""
    today = datetime.date.today().isoformat()
    command_line = command(database_url)
    section = f"## {title}\n\nMeasured {today} with `{command_line}` on {machine(database_url)}.\n\n{body.strip()}\n"
    text = (
        REPORT.read_text()
        if REPORT.exists()
        else (
            "# Benchmarks\n\nWritten by `make bench` (bench/): every benchmark on loopback, bounded in time, "
            "on SQLite and then on a throwaway PostgreSQL. Figures that depend on the machine's speed are given "
            "beside a baseline measured in the same run. Each section says when and on what it was measured.\n"
        )
    )
    marker = f"## {title}\n"
    if marker in text:
        start = text.index(marker)
        end = text.find("\n## ", start + len(marker))
        text = text[:start] + section + ("\n" + text[end + 1 :] if end != -1 else "")
    else:
        text = text.rstrip() + "\n\n" + section
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(text.rstrip() + "\n")
