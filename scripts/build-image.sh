#!/usr/bin/env bash
# Build the Dockerfile and run the image without a Docker engine: buildah (Debian's package) on
# a base made locally by mmdebstrap with Debian's Python 3.11, since no image registry can be
# reached here. Then start the container and check /healthz and a topic page. Loopback only.
# Usage: scripts/build-image.sh   (as root; needs: apt-get install buildah mmdebstrap curl)
set -euo pipefail
cd "$(dirname "$0")/.."

# Say what is missing before anything starts, rather than "buildah: command not found" midway.
missing=()
for tool in buildah curl python3; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "build-image.sh needs ${missing[*]}: on Debian or Ubuntu, apt-get install buildah mmdebstrap curl python3" >&2
    exit 1
fi
if [ "$(id -u)" != 0 ]; then
    echo "build-image.sh runs as root (mmdebstrap, and buildah with chroot isolation): sudo make image" >&2
    exit 1
fi

WORK="${WORK:-/tmp/revision-image}"
BASE_TAR="$WORK/base.tar"
export STORAGE_DRIVER=vfs BUILDAH_ISOLATION=chroot
mkdir -p "$WORK"

if ! buildah images --format '{{.Name}}' | grep -q 'localhost/revision-base'; then
    if ! command -v mmdebstrap >/dev/null 2>&1; then
        echo "build-image.sh needs mmdebstrap for its base image: apt-get install mmdebstrap" >&2
        exit 1
    fi
    echo "== building a base image with mmdebstrap (Debian bookworm, python3, python3-venv)"
    mmdebstrap --variant=minbase --include=python3,python3-venv,ca-certificates,passwd \
        --format=tar bookworm "$BASE_TAR"
    container=$(buildah from scratch)
    buildah add "$container" "$BASE_TAR" /
    buildah commit --rm "$container" localhost/revision-base:latest
fi

echo "== buildah build (BASE_IMAGE=localhost/revision-base)"
secret=()
[ -s /etc/ssl/certs/ca-certificates.crt ] && secret=(--secret id=pip_cert,src=/etc/ssl/certs/ca-certificates.crt)
# --format docker: the OCI format has no HEALTHCHECK, and buildah drops it (with a warning).
buildah build --format docker --layers "${secret[@]}" --build-arg BASE_IMAGE=localhost/revision-base:latest -t localhost/revision-site:latest .
# (read from the JSON with python3: older buildah has no "json" template function)
healthcheck=$(buildah inspect --type image localhost/revision-site:latest \
    | python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)["Docker"]["config"].get("Healthcheck")))')
if [ -z "$healthcheck" ] || [ "$healthcheck" = null ]; then
    echo "the image has no HEALTHCHECK" >&2
    exit 1
fi
echo "image healthcheck: $healthcheck"

echo "== running the image"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
container=$(buildah from localhost/revision-site:latest)
data="$WORK/data"; mkdir -p "$data"; chown 10001:10001 "$data"
buildah run --network host --user 10001:10001 -v "$data:/data" \
    --env DJANGO_SECRET_KEY=image-check-secret-0123456789abcdefghijklmnopqrstuvwxyz \
    --env DJANGO_ALLOWED_HOSTS=127.0.0.1 --env DJANGO_SECURE=0 --env PORT="$port" \
    --env GUNICORN_BIND="127.0.0.1:$port" "$container" -- /app/scripts/entrypoint.sh > "$WORK/run.log" 2>&1 &
runner=$!
trap 'kill "$runner" 2>/dev/null || true; pkill -f "127.0.0.1:$port" || true; buildah rm "$container" >/dev/null 2>&1 || true' EXIT
for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
    sleep 1
done
echo "healthz: $(curl -sS -w ' (%{http_code})' "http://127.0.0.1:$port/healthz")"
echo "topic page: $(curl -sS -o /dev/null -w '%{http_code}, %{size_download} bytes' "http://127.0.0.1:$port/topics/understand-customers-ocr/")"
echo "healthcheck script: $(buildah run --network host --env PORT="$port" "$container" -- /venv/bin/python scripts/healthcheck.py && echo ok)"
tail -n 5 "$WORK/run.log"
