"""`make bench`: every benchmark, bounded in time, on loopback only; results in docs/benchmarks.md."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time

BENCHMARKS = ["marking", "scoring", "pages", "load", "faults", "growth", "abuse", "progress"]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "names", nargs="*", default=BENCHMARKS, help=f"some of: {', '.join(BENCHMARKS)}"
    )
    args = parser.parse_args()
    database_url = os.environ.get("BENCH_DATABASE_URL", "")
    failed = 0
    for name in args.names:
        module = importlib.import_module(f"bench.{name}")
        started = time.monotonic()
        print(f"== {name}", flush=True)
        try:
            if not os.environ.get("BENCH_SKIP_SQLITE"):
                print(module.run(), flush=True)
            if database_url:
                print(module.run(database_url=database_url, label="PostgreSQL"), flush=True)
        except Exception as error:  # report and go on with the other benchmarks
            failed += 1
            print(f"!! {name} failed: {error}", file=sys.stderr, flush=True)
        print(f"   ({time.monotonic() - started:.0f} s)", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
