#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL server on loopback, DATABASE_URL pointing at it.
# The cluster lives in a temp directory and is stopped (by its own pg_ctl) when the command ends.
# Usage: scripts/with-postgres.sh COMMAND [ARGS...]
set -euo pipefail

PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
    echo "with-postgres: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
    exit 2
fi
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
    RUN_AS=(runuser -u postgres --)   # initdb refuses to run as root
fi

PGDIR="$(mktemp -d /tmp/revision-pg.XXXXXX)"
chmod 755 "$PGDIR"
[ "$(id -u)" = 0 ] && chown postgres "$PGDIR"
PORT="${PGPORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"

stop() {
    "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PGDIR/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$PGDIR"
}
trap stop EXIT

"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$PGDIR/data" --username=postgres --auth=trust --encoding=UTF8 >/dev/null
"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$PGDIR -c fsync=off" start >/dev/null
"${RUN_AS[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres revision

export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/revision"
echo "with-postgres: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"
"$@"
