"""manage.py in a plain shell: it reads the project's .env, a configuration error is one line, and
small failures (no Django, no terminal, a reader that went away) end without a traceback."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.hosting.commands import ROOT, manage, plain_environment


def test_a_configuration_error_is_one_line_without_a_traceback(tmp_path):
    result = manage("check", env=plain_environment(DJANGO_DATA_DIR=str(tmp_path)))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("manage.py: configuration error: DJANGO_SECRET_KEY is not set")


def test_a_command_run_before_migrate_says_to_migrate_in_one_line(tmp_path):
    result = manage(
        "evaluate_scoring",
        "tests/data/devset.jsonl",
        env=plain_environment(DJANGO_DEBUG="1", DJANGO_DATA_DIR=str(tmp_path)),
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "manage.py: the database has no tables for this yet: run "
        "`.venv/bin/python manage.py migrate` first."
    ]


def test_manage_py_reads_the_env_file_and_the_environment_wins(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        f"# written by a test\nDJANGO_DEBUG=1\nDJANGO_DATA_DIR='{tmp_path / 'data'}'\n",
        encoding="utf-8",
    )
    result = manage("check", env=plain_environment(REVISION_ENV_FILE=str(env_file)))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data").is_dir()

    overridden = manage(
        "check", env=plain_environment(REVISION_ENV_FILE=str(env_file), DJANGO_DEBUG="0")
    )
    assert overridden.returncode == 1
    assert "DJANGO_SECRET_KEY is not set" in overridden.stderr


def test_a_python_without_django_says_to_use_the_projects_python(tmp_path):
    system_python = Path(sys.base_prefix) / "bin" / "python3"
    probe = subprocess.run([system_python, "-c", "import django"], capture_output=True, check=False)
    if probe.returncode == 0:
        pytest.skip(f"{system_python} has Django installed")
    result = manage("check", env=plain_environment(), python=str(system_python))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "make install" in result.stderr and ".venv/bin/python manage.py" in result.stderr


def test_a_reader_that_goes_away_ends_the_command_quietly(tmp_path):
    env = plain_environment(DJANGO_DEBUG="1", DJANGO_DATA_DIR=str(tmp_path))
    process = subprocess.Popen(
        [sys.executable, "manage.py", "help"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    process.stdout.close()  # as `| head` does once it has its lines
    _, stderr = process.communicate(timeout=120)
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr
    assert process.returncode == 1


@pytest.mark.django_db
def test_create_tutor_without_a_terminal_or_password_says_to_set_tutor_password(monkeypatch):
    monkeypatch.delenv("TUTOR_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # cron, a pipe, `docker compose exec -T`
    with pytest.raises(CommandError, match="set TUTOR_PASSWORD"):
        call_command("create_tutor", "sam", stdout=io.StringIO())


def test_djangos_log_lines_come_out_once_as_logfmt(tmp_path):
    """The reloader's "Watching for file changes" line came out twice under `make run`: once from
    Django's own console handler, once from the root's logfmt handler."""
    result = manage(
        "shell",
        "-c",
        "import logging; logging.getLogger('django.utils.autoreload').info('watching')",
        env=plain_environment(DJANGO_DEBUG="1", DJANGO_DATA_DIR=str(tmp_path)),
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "watching" in line]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("time=") and "logger=django.utils.autoreload" in lines[0]
