#!/bin/sh
# Start the site: wait for the database, migrate, import content/ (never overwriting topics tutors
# have edited), clean up expired sessions and old answers, create the first admin if asked, then
# hand over to gunicorn. Runs the same inside and outside a container. Every variable is described in .env.example.
set -eu

cd "$(dirname "$0")/.."
# The image sets PYTHON; outside one, the virtualenv `make install` made, else the system's.
if [ -z "${PYTHON:-}" ]; then
    if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
# Outside a container the variables may live in .env, read as manage.py reads it (the environment
# wins); the image has no .env (.dockerignore), so this exports nothing there.
eval "$("$PYTHON" -m revision_site.envfile)"

"$PYTHON" manage.py wait_for_db --timeout "${DJANGO_DB_WAIT_SECONDS:-60}"

if [ "${DJANGO_COLLECTSTATIC:-1}" = "1" ]; then
    # The image collects at build time (and sets DJANGO_COLLECTSTATIC=0); outside one, do it here.
    "$PYTHON" manage.py collectstatic --no-input --verbosity 0
fi

if [ "${DJANGO_MIGRATE:-1}" = "1" ]; then
    "$PYTHON" manage.py migrate --no-input
fi

if [ "${DJANGO_IMPORT_CONTENT:-1}" = "1" ]; then
    # Idempotent: creates topics on first start; later starts leave edited topics alone.
    "$PYTHON" manage.py import_content
fi

if [ "${DJANGO_EXPIRE_RECORDS:-1}" = "1" ]; then
    # Expired sessions and answers past DJANGO_ATTEMPT_RETENTION_DAYS; a long-running site also
    # runs this daily (the compose file's cleanup service, or cron: docs/self-hosting.md).
    "$PYTHON" manage.py expire_records
fi

if [ -n "${DJANGO_SUPERUSER_USERNAME:-}" ]; then
    "$PYTHON" manage.py createsuperuser --no-input 2>/dev/null \
        && echo "entrypoint: created the admin user ${DJANGO_SUPERUSER_USERNAME}" \
        || echo "entrypoint: the admin user ${DJANGO_SUPERUSER_USERNAME} already exists"
fi

# Workers, threads, timeouts and logs come from GUNICORN_* variables, read by gunicorn.conf.py.
exec "$PYTHON" -m gunicorn --config gunicorn.conf.py revision_site.wsgi:application
