"""compose.yaml, compose.postgres.yaml and .env.example, checked without a container engine: the
files resolve as Compose resolves them (variables interpolated in the whole file, first), with
only the variables docs/self-hosting.md names, and .env.example lists every variable the site
reads. `docker compose config` checks the same where the docker CLI has Compose."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from revision_site.envfile import env_file_values

ROOT = Path(__file__).resolve().parents[2]
# The variables the quick start tells a centre to set, with example values.
DOCUMENTED = {
    "DJANGO_SECRET_KEY": "a-long-random-secret-" + "z" * 40,
    "DJANGO_ALLOWED_HOSTS": "revise.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://revise.example.org",
}
# Read by the code but never by a centre's .env: the settings module itself, the test database's
# name (tests only), the file that picks .env, and the entrypoint's interpreter (set by the image).
NOT_FOR_DOT_ENV = {
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_TEST_DATABASE_NAME",
    "REVISION_ENV_FILE",
    "PYTHON",
}

VARIABLE = re.compile(
    r"\$\$|\$\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}"
    r"|\$(?P<plain>[A-Za-z_][A-Za-z0-9_]*)"
)


class MissingVariable(Exception):
    pass


def interpolate(value, variables: dict[str, str]):
    """Compose's interpolation (compose-spec, "Interpolation"), over every string in the file."""
    if isinstance(value, dict):
        return {key: interpolate(item, variables) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, variables) for item in value]
    if not isinstance(value, str):
        return value

    def replace(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        name = match.group("braced") or match.group("plain")
        op, arg = match.group("op"), match.group("arg")
        current = variables.get(name)
        missing = current is None or (current == "" and op and op.startswith(":"))
        if op in {"-", ":-"}:
            return arg if missing else current
        if op in {"?", ":?"} and missing:
            raise MissingVariable(f"required variable {name} is missing a value: {arg}")
        return current or ""

    return VARIABLE.sub(replace, value)


def quick_start_variables(**overrides: str) -> dict[str, str]:
    """`cp .env.example .env`, then the documented variables set, and nothing else."""
    variables = env_file_values(ROOT / ".env.example")
    variables.update(DOCUMENTED)
    variables.update(overrides)
    return variables


def resolve(name: str, variables: dict[str, str]) -> dict:
    return interpolate(yaml.safe_load((ROOT / name).read_text(encoding="utf-8")), variables)


def test_the_sqlite_quick_start_resolves_with_only_the_documented_variables():
    compose = resolve("compose.yaml", quick_start_variables())
    # the site, and its daily clean-up of expired sessions and answers past retention
    assert set(compose["services"]) == {"web", "cleanup"}
    for service in compose["services"].values():
        assert "profiles" not in service  # starts with any Compose tool
    assert "POSTGRES_PASSWORD" not in (ROOT / "compose.yaml").read_text(encoding="utf-8")


def test_the_postgresql_set_up_asks_for_its_password_and_resolves_with_it():
    with pytest.raises(MissingVariable, match="POSTGRES_PASSWORD"):
        resolve("compose.postgres.yaml", quick_start_variables())
    compose = resolve("compose.postgres.yaml", quick_start_variables(POSTGRES_PASSWORD="pw123"))
    assert set(compose["services"]) == {"postgres", "migrate", "web-pg", "cleanup-pg"}
    for service in compose["services"].values():
        assert "profiles" not in service
    url = "postgres://revision:pw123@postgres:5432/revision"
    assert compose["services"]["web-pg"]["environment"]["DATABASE_URL"] == url
    assert compose["services"]["migrate"]["environment"]["DATABASE_URL"] == url


def test_the_migrate_job_waits_as_long_as_django_db_wait_seconds_says():
    compose = resolve("compose.postgres.yaml", quick_start_variables(POSTGRES_PASSWORD="pw"))
    script = " ".join(compose["services"]["migrate"]["entrypoint"])
    # $$ in the file: the container's shell expands it, with .env's value (env_file).
    assert 'wait_for_db --timeout "${DJANGO_DB_WAIT_SECONDS:-60}"' in script


@pytest.mark.parametrize(
    ("name", "service"), [("compose.yaml", "web"), ("compose.postgres.yaml", "web-pg")]
)
def test_port_is_the_hosts_side_only_and_published_on_loopback_by_default(name, service):
    compose = resolve(name, quick_start_variables(PORT="8080", POSTGRES_PASSWORD="pw"))
    web = compose["services"][service]
    # The container's own PORT (gunicorn's bind, the health check's target) stays 8000 whatever
    # .env says, or the site would listen where nothing is published while its health check passes.
    assert web["environment"]["PORT"] == "8000"
    assert web["environment"]["GUNICORN_BIND"] == ""
    (mapping,) = web["ports"]
    assert mapping.startswith("127.0.0.1:") and mapping.endswith(":8000")
    if service == "web":
        assert mapping == "127.0.0.1:8080:8000"
    everywhere = resolve(
        name,
        quick_start_variables(PUBLISH_ADDRESS="0.0.0.0", POSTGRES_PASSWORD="pw"),  # noqa: S104 - the documented opt-in
    )
    assert everywhere["services"][service]["ports"][0].startswith("0.0.0.0:")


def test_env_example_leaves_the_images_own_settings_alone():
    """env_file overrides the image's ENV: .env.example must not undo what the image decided."""
    variables = env_file_values(ROOT / ".env.example")
    assert "DJANGO_COLLECTSTATIC" not in variables  # the image collected at build time (0)
    assert variables["DJANGO_DATA_DIR"] == ""  # no root needed outside a container
    compose = resolve("compose.yaml", quick_start_variables())
    assert compose["services"]["web"]["environment"]["DJANGO_DATA_DIR"] == "/data"


def variables_the_site_reads() -> set[str]:
    python = re.compile(
        r"""(?:environ\.get|env_bool|env_int|env_list|_int)\(\s*["']([A-Z][A-Z0-9_]*)["']"""
    )
    shell = re.compile(r"\$\{([A-Z][A-Z0-9_]*)")
    names = set()
    for path in [
        "revision_site/settings.py",
        "gunicorn.conf.py",
        "scripts/healthcheck.py",
        "topics/management/commands/create_tutor.py",
    ]:
        names |= set(python.findall((ROOT / path).read_text(encoding="utf-8")))
    names |= set(shell.findall((ROOT / "scripts/entrypoint.sh").read_text(encoding="utf-8")))
    return names - NOT_FOR_DOT_ENV


def test_env_example_lists_every_variable_the_site_reads():
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))
    read = variables_the_site_reads()
    assert {"DJANGO_SECRET_KEY", "GUNICORN_BIND", "DJANGO_MIGRATE", "TUTOR_PASSWORD"} <= read
    assert read - listed == set()


def test_the_docs_name_the_variables_a_centre_must_set_and_point_at_env_example():
    docs = (ROOT / "docs" / "self-hosting.md").read_text(encoding="utf-8")
    assert ".env.example" in docs
    for name in DOCUMENTED:
        assert name in docs


@pytest.mark.skipif(shutil.which("docker") is None, reason="no docker CLI")
@pytest.mark.parametrize("name", ["compose.yaml", "compose.postgres.yaml"])
def test_docker_compose_config_accepts_the_files(name, tmp_path):
    if subprocess.run(
        ["docker", "compose", "version"], capture_output=True, check=False
    ).returncode:
        pytest.skip("the docker CLI has no Compose plugin")
    env_file = tmp_path / ".env"
    env_file.write_text(
        "\n".join(f"{k}={v}" for k, v in quick_start_variables(POSTGRES_PASSWORD="pw").items()),
        encoding="utf-8",
    )
    result = subprocess.run(
        [
            "docker",
            "compose",
            "--env-file",
            str(env_file),
            "-f",
            str(ROOT / name),
            "config",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
