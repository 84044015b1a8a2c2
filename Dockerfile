# syntax=docker/dockerfile:1
# The revision site: one image, configured by environment variables (see .env.example).
# BASE_IMAGE is any Debian-based image with Python 3.11 and its venv module.
ARG BASE_IMAGE=python:3.11-slim-bookworm

FROM ${BASE_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /app
COPY requirements.lock ./
# An optional build secret "pip_cert" is a CA bundle for a registry behind a TLS-inspecting proxy.
RUN --mount=type=secret,id=pip_cert,required=false \
    if [ -s /run/secrets/pip_cert ]; then export PIP_CERT=/run/secrets/pip_cert; fi \
    && python3 -m venv /venv \
    && /venv/bin/pip install --no-cache-dir --requirement requirements.lock
COPY . .
# Static files are collected (hashed, gzip and brotli compressed) at build time, and the site's
# modules compiled, so that a container (which writes no bytecode) does not compile them at every
# start; checked against a hash of the source, not its time stamp.
RUN DJANGO_DEBUG=0 DJANGO_SECRET_KEY=collectstatic-only DJANGO_DATA_DIR=/tmp/build-data \
    /venv/bin/python manage.py collectstatic --no-input \
    && /venv/bin/python -m compileall -q -j 0 --invalidation-mode checked-hash -x '/(tests|bench)/' /app

FROM ${BASE_IMAGE}
ENV PATH=/venv/bin:$PATH \
    PYTHON=/venv/bin/python \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_DATA_DIR=/data \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    DJANGO_COLLECTSTATIC=0 \
    PORT=8000
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --shell /usr/sbin/nologin app \
    && mkdir /data \
    && chown 10001:10001 /data
COPY --from=build /venv /venv
COPY --from=build --chown=10001:10001 /app /app
WORKDIR /app
USER 10001:10001
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/venv/bin/python", "scripts/healthcheck.py"]
ENTRYPOINT ["/app/scripts/entrypoint.sh"]
