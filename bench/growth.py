"""How import, a topic page and a search grow with the amount of content: 1x, 10x, 100x."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.content import scaled_content
from bench.report import table, write_section
from bench.server import ROOT, site_environment

SCALES = (1, 10, 100)
PROBE = """
import json, statistics, time
import django
django.setup()
from django.test import Client
from django.core.cache import cache
from topics.models import ContentVersion
client = Client()
def timed(path):
    times = []
    for _ in range(15):
        ContentVersion.bump(); cache.clear()  # render each time: no page cache
        started = time.perf_counter(); response = client.get(path); times.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(times) * 1000
print(json.dumps({"topic": timed("/topics/understand-customers-ocr/"), "search": timed("/search/?q=complaints+loyalty"), "home": timed("/")}))
"""


def measure(times: int, database_url: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        env = site_environment(data / "data", database_url)
        # rendered in-process by the test client: its host, and static names without a manifest
        env.update(
            DJANGO_SECURE="0",
            DJANGO_SETTINGS_MODULE="revision_site.settings",
            DJANGO_ALLOWED_HOSTS="testserver",
            DJANGO_DEBUG="1",
        )
        manage = [sys.executable, "manage.py"]
        if database_url:
            subprocess.run(
                [*manage, "flush", "--no-input"], cwd=ROOT, env=env, check=True, capture_output=True
            )
        subprocess.run(
            [*manage, "migrate", "--no-input"], cwd=ROOT, env=env, check=True, capture_output=True
        )
        content = scaled_content(data / "content", times)
        started = time.perf_counter()
        subprocess.run(
            [*manage, "import_content", str(content)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=1800,
        )
        import_seconds = time.perf_counter() - started
        probe = subprocess.run(
            [sys.executable, "-c", PROBE],
            cwd=ROOT,
            env={**env, "PYTHONPATH": str(ROOT)},
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        )
        pages = json.loads(probe.stdout.strip().splitlines()[-1])
    return {"topics": 5 * times, "import": import_seconds, **pages}


def run(database_url: str = "", label: str = "SQLite") -> str:
    results = [measure(times, database_url) for times in SCALES]
    base = results[0]
    rows = [
        [
            f"{r['topics']} topics ({SCALES[i]}x)",
            f"{r['import']:.1f} s ({r['import'] / base['import']:.1f}x)",
            f"{r['import'] / r['topics'] * 1000:.0f} ms",
            f"{r['topic']:.1f} ms ({r['topic'] / base['topic']:.2f}x)",
            f"{r['home']:.1f} ms ({r['home'] / base['home']:.2f}x)",
            f"{r['search']:.1f} ms ({r['search'] / base['search']:.2f}x)",
        ]
        for i, r in enumerate(results)
    ]
    body = (
        "Content made by copying the five topics under new slugs; a fresh database for each size. "
        "Import: `import_content` of every file, wall time. Pages: rendered in-process by the test "
        "client with the page cache dropped before every request, median of 15.\n\n"
        + table(
            [
                "content",
                "import (x of 1x)",
                "import per topic",
                "topic page",
                "home page",
                "search",
            ],
            rows,
        )
        + "\n\nA topic page should not grow with the number of topics; the home page lists every topic, so "
        "it grows with them (it is cached between content changes); import should grow linearly."
    )
    write_section(f"Growth with content ({label})", body, database_url=database_url)
    return body
