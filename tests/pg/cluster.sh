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
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port" | as_owner tee "$dir/port" >/dev/null
            if start 2>/dev/null; then
                echo "postgres://postgres@127.0.0.1:$port"
                exit 0
            fi
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
