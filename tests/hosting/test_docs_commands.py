"""Every command README.md and docs/*.md show works as written, in a plain shell (no DJANGO_*
variable, no activated virtualenv), in a throwaway copy of the repository.

Commands come from the docs' `sh` code blocks and, in README.md, from inline code that starts
with `make ` or `.venv/bin/python manage.py`. Each one either runs here and must exit 0, or is
listed in `checked_elsewhere` with where it is checked (a server that runs until stopped, Docker,
the test suite itself). The copy shares the installed virtualenv: `make install` runs with the
virtualenv's stamps held as up to date (`make -o .venv/.installed …`), so it writes `.env` and
never reinstalls packages.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the README's commands run on the default SQLite"
)
# The shared virtualenv counts as installed: make never runs pip on it from here.
HOLD_INSTALLED = "make -o .venv/.installed -o .venv/.installed-runtime "
# What the README's placeholders stand for when the command runs here.
PLACEHOLDERS = {"NAME": "tutor1", "FILE": "tests/data/devset.jsonl", "DIR": "exported"}
# A script has no terminal: the README says to pass the password in TUTOR_PASSWORD.
COMMAND_ENVIRONMENT = {"create_tutor": {"TUTOR_PASSWORD": "a-long-tutor-password-4321"}}


def checked_elsewhere(command: str) -> str | None:
    """Why a command does not run here, and what checks it instead; None when it runs here."""
    if command.startswith("docker "):
        return "needs Docker; tests/hosting/test_compose.py resolves the compose files"
    if command.startswith("make run"):
        return "serves until stopped; its migrate and import_content steps run here"
    if command.startswith("make test"):
        return "is this test suite"
    if command.startswith(("make bench", "make image", "scripts/build-image.sh")):
        return "benchmarks and the image build take minutes and need wrk or buildah"
    if command.startswith("scripts/entrypoint.sh"):
        return "serves until stopped; tests/hosting/test_entrypoint.py starts it without Docker"
    if command == "cp .env.example .env":
        return "replaces the development .env with a centre's; tests/hosting/test_compose.py"
    return None


def shell_blocks(text: str) -> list[str]:
    commands = []
    for block in re.findall(r"^```(?:sh|bash|shell)\n(.*?)^```", text, flags=re.M | re.S):
        joined = re.sub(r"\\\n\s*", " ", block)  # continuation lines
        for line in joined.splitlines():
            line = re.sub(r"(^|\s)#\s.*$", "", line).strip()  # a comment after the command
            if line:
                commands.append(line)
    return commands


def inline_commands(text: str) -> list[str]:
    spans = re.findall(r"`((?:make |\.venv/bin/python manage\.py )[^`]*)`", text)
    return [span for span in spans if "…" not in span]


def documented_commands() -> list[tuple[str, str]]:
    found = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        commands = shell_blocks(text)
        if path.name == "README.md":
            commands += inline_commands(text)
        found += [(path.name, command) for command in commands]
    return found


def plain_environment(home: Path) -> dict[str, str]:
    path = os.pathsep.join(
        part for part in os.environ.get("PATH", "").split(os.pathsep) if ".venv" not in part
    )
    return {"PATH": path, "HOME": str(home), "LANG": "C.UTF-8"}


def run(command: str, clone: Path, **extra: str) -> subprocess.CompletedProcess:
    for placeholder, value in PLACEHOLDERS.items():
        command = re.sub(rf"\b{placeholder}\b", value, command)
    if command.startswith("make "):
        command = HOLD_INSTALLED + command.removeprefix("make ")
    return subprocess.run(
        ["sh", "-c", command],
        cwd=clone,
        env={**plain_environment(clone.parent / "home"), **extra},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def fresh_clone(tmp_path_factory) -> Path:
    """The repository's files as a fresh clone has them (tracked and new, nothing ignored),
    beside the installed virtualenv, after `make install` and the first steps of `make run`."""
    if not (ROOT / ".venv" / "bin" / "python").exists():
        pytest.skip("no .venv here (make install makes it)")
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the copy is made from `git ls-files`")
    clone = tmp_path_factory.mktemp("docs") / "revision-site"
    (clone.parent / "home").mkdir()
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clone / name)
    (clone / ".venv").symlink_to((ROOT / ".venv").resolve())
    for step in ["make install", ".venv/bin/python manage.py migrate --no-input"]:
        result = run(step, clone)
        assert result.returncode == 0, f"{step}\n{result.stdout}{result.stderr}"
    return clone


def test_the_docs_show_the_commands_this_test_expects():
    commands = [command for _, command in documented_commands()]
    assert ".venv/bin/python manage.py import_content --dry-run" in commands
    assert ".venv/bin/python manage.py score_answers FILE" in commands
    assert "docker compose up -d" in commands


def test_make_install_writes_a_development_env_file(fresh_clone):
    assert "DJANGO_DEBUG=1" in (fresh_clone / ".env").read_text(encoding="utf-8").splitlines()


def test_every_documented_command_runs_as_written_in_a_plain_shell(fresh_clone):
    ran, failures = [], []
    for source, command in documented_commands():
        if checked_elsewhere(command):
            continue
        extra = next((env for word, env in COMMAND_ENVIRONMENT.items() if word in command), {})
        result = run(command, fresh_clone, **extra)
        ran.append(command)
        if result.returncode != 0 or "Traceback" in result.stderr:
            failures.append(f"{source}: {command}\n{result.stderr[-2000:]}")
    assert not failures, "\n\n".join(failures)
    assert len(ran) >= 8, ran
