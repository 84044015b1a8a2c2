"""Requests per second for the learner's pages, as a ratio to whitenoise serving a static file of
the same size in the same run, plus the bytes a first visit to a topic page transfers."""

from __future__ import annotations

import gzip
import re
import statistics
import subprocess
import urllib.request

from bench.report import table, write_section
from bench.server import Site, prepared_site, serving

WRK_SECONDS = 5
ROUNDS = 3
CONNECTIONS = 20


def wrk_rate(url: str) -> float:
    result = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{WRK_SECONDS}s", "--timeout", "5s", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=WRK_SECONDS + 30,
    )
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses under load")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))


def first_visit_bytes(site: Site, path: str) -> tuple[int, int]:
    """(HTML compressed with gzip as a proxy would, CSS+JS as whitenoise serves them compressed)."""
    html = site.get(path)
    assets = set(re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html.decode()))
    asset_bytes = 0
    for asset in assets:
        request = urllib.request.Request(
            site.base_url + asset, headers={"Accept-Encoding": "br, gzip"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            asset_bytes += len(response.read())
    return len(gzip.compress(html, 6)), asset_bytes


def run(database_url: str = "", label: str = "SQLite") -> str:
    with prepared_site(database_url=database_url) as site:
        with serving(site, workers=2, threads=4):
            topic = re.search(r'href="(/topics/[^"/]+/)"', site.get("/").decode()).group(1)
            pages = {"home": "/", "topic page": topic, "search": "/search/?q=complaints"}
            sizes = {}
            for name, path in list(pages.items()):
                try:
                    sizes[name] = len(site.get(path))
                except OSError:
                    del pages[name]  # a page this build does not have yet
            html_bytes, asset_bytes = first_visit_bytes(site, topic)
        # whitenoise indexes STATIC_ROOT at start-up: add same-size files, then serve again
        for size in sizes.values():
            (site.static_root / f"bench-{size}.html").write_bytes(b"x" * size)
        rows = []
        with serving(site, workers=2, threads=4):
            for name, path in pages.items():
                page_rates, static_rates = [], []
                for _ in range(ROUNDS):
                    static_rates.append(
                        wrk_rate(f"{site.base_url}/static/bench-{sizes[name]}.html")
                    )
                    page_rates.append(wrk_rate(site.base_url + path))
                page, static = statistics.median(page_rates), statistics.median(static_rates)
                rows.append(
                    [
                        name,
                        f"`{path}`",
                        sizes[name],
                        f"{page:.0f}",
                        f"{static:.0f}",
                        f"{page / static:.0%}",
                    ]
                )
    body = (
        f"gunicorn as the image runs it (`gunicorn.conf.py`: 2 workers x 4 threads), wrk with {CONNECTIONS} connections, median of {ROUNDS} rounds of "
        f"{WRK_SECONDS} s each, page and static file measured alternately.\n\n"
        + table(["page", "path", "bytes", "page req/s", "same-size static req/s", "ratio"], rows)
        + f"\n\nFirst visit to a topic page: HTML {html_bytes} bytes gzipped + CSS/JS {asset_bytes} bytes "
        f"compressed = **{(html_bytes + asset_bytes) / 1024:.1f} KB** (target under 40 KB)."
    )
    write_section(f"Pages ({label})", body, database_url=database_url)
    return body
