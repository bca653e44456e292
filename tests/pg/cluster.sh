#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for missionbot's tests, from Debian's
# `postgresql` package (run as its own user when started by root: initdb
# refuses root). Everything lives in DIR: the data, the socket, the log, the
# port. fsync is off (a test's data need not survive a power cut) but
# synchronous_commit stays on, so `crash` (an immediate stop) keeps every
# committed row, as a real crash of the server would.
#
#   cluster.sh DIR start     initdb, start on a free port from 55432; prints the URL
#   cluster.sh DIR crash     stop at once (pg_ctl -m immediate), as a killed server
#   cluster.sh DIR restart   start again on the same port
#   cluster.sh DIR stop      stop and remove DIR
#   cluster.sh DIR url       the URL (postgres://postgres@127.0.0.1:PORT)
set -euo pipefail
dir=$1
action=$2

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
    echo "no PostgreSQL under /usr/lib/postgresql (apt-get install postgresql)" >&2
    exit 3
fi

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

options() {
    echo "-p $(cat "$dir/port") -k $dir/socket -c listen_addresses=127.0.0.1 -c fsync=off \
-c synchronous_commit=on -c full_page_writes=off -c max_connections=200"
}

start() {
    as_owner "$bin/pg_ctl" -D "$dir/data" -o "$(options)" -l "$dir/log" -w -t 30 start >/dev/null
}

# A port is claimed for a cluster's whole life, crash and restart included:
# tests run in parallel, and a port left free by a crashed cluster must not
# go to another test's cluster while the first one's clients still use it.
claims="${TMPDIR:-/tmp}/missionbot-pg-ports"
claim() {
    local c="$claims/$1" owner
    mkdir -p "$claims"
    if mkdir "$c" 2>/dev/null; then
        echo "$dir" >"$c/owner"
        return 0
    fi
    # A claim whose cluster directory is gone was left by a killed run.
    owner=$(cat "$c/owner" 2>/dev/null || true)
    if [ -n "$owner" ] && [ ! -d "$owner" ]; then
        rm -rf "$c"
        mkdir "$c" 2>/dev/null && echo "$dir" >"$c/owner" && return 0
    fi
    return 1
}
release() {
    [ -f "$dir/port" ] && rm -rf "$claims/$(cat "$dir/port")"
    return 0
}

case "$action" in
start)
    mkdir -p "$dir/socket"
    chmod 755 "$dir"
    [ "$(id -u)" = 0 ] && chown -R postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync \
        --no-instructions -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
        as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync \
            -E UTF8 --locale=C >"$dir/initdb.log" 2>&1
    port=55432
    for _ in $(seq 1 200); do
        if claim "$port"; then
            if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
                echo "$port" | as_owner tee "$dir/port" >/dev/null
                if start 2>/dev/null; then
                    echo "postgres://postgres@127.0.0.1:$port"
                    exit 0
                fi
            fi
            rm -rf "${claims:?}/$port"
        fi
        port=$((port + 1))
    done
    echo "no free port for PostgreSQL from 55432" >&2
    cat "$dir/log" >&2 || true
    exit 1
    ;;
crash)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
    ;;
restart)
    start
    ;;
stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    release
    rm -rf "$dir"
    ;;
url)
    echo "postgres://postgres@127.0.0.1:$(cat "$dir/port")"
    ;;
*)
    echo "usage: $0 DIR start|crash|restart|stop|url" >&2
    exit 2
    ;;
esac
