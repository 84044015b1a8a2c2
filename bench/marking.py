"""Quality of marking on the labelled development set, as `evaluate_scoring` reports it."""

from __future__ import annotations

import subprocess
import sys

from bench.report import write_section
from bench.server import ROOT, prepared_site


def run(database_url: str = "", label: str = "SQLite") -> str:
    with prepared_site(database_url=database_url) as site:
        report = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "evaluate_scoring",
                "tests/data/devset.jsonl",
                "--worst",
                "5",
            ],
            cwd=ROOT,
            env=site.env,
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        ).stdout
    body = (
        "`python manage.py evaluate_scoring tests/data/devset.jsonl` on the 304 hand-marked answers "
        "(targets: per-point accuracy >= 0.92, quadratic weighted kappa >= 0.90).\n\n```\n"
        + report.strip()
        + "\n```"
    )
    write_section(f"Quality of marking ({label})", body, database_url=database_url)
    return body
