"""`make image` and `make bench` say which program is missing and how to install it, before they
start, instead of failing midway with "command not found"."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def path_without(*programs: str) -> str:
    """PATH with every directory that holds one of the programs left out."""
    return os.pathsep.join(
        part
        for part in os.environ.get("PATH", "").split(os.pathsep)
        if part and not any((Path(part) / program).exists() for program in programs)
    )


def run_without(program: str, command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, "PATH": path_without(program)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.skipif(shutil.which("buildah") is not None, reason="buildah is installed here")
def test_make_image_without_buildah_says_what_to_install():
    result = run_without("buildah", ["bash", "scripts/build-image.sh"])
    assert result.returncode == 1
    assert "needs buildah" in result.stderr and "apt-get install buildah" in result.stderr


@pytest.mark.skipif(shutil.which("wrk") is not None, reason="wrk is installed here")
def test_make_bench_without_wrk_says_what_to_install():
    # -o: the virtualenv and .env count as made, so nothing is installed or written here.
    held = ["-o", ".venv/.installed", "-o", ".venv/.installed-runtime", "-o", ".env"]
    result = run_without("wrk", ["make", *held, "bench"])
    assert result.returncode != 0
    assert "make bench needs wrk" in result.stderr and "apt-get install wrk" in result.stderr
