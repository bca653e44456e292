#!/bin/sh
# The container's entrypoint: on the first start the data volume is empty,
# so it is made a data directory (`missionbot init`: a configuration and the
# shipped knowledge, or MISSIONBOT_IMPORT's document); then missionbot runs
# with that configuration and the container's arguments (`run` by default).
set -eu
data=${MISSIONBOT_DATA:-/data}
bin=${MISSIONBOT_BIN:-/usr/local/bin/missionbot}
if [ ! -e "$data/config.toml" ]; then
    if [ -n "${MISSIONBOT_IMPORT:-}" ]; then
        "$bin" init "$data" --import "$MISSIONBOT_IMPORT"
    else
        "$bin" init "$data"
    fi
fi
exec "$bin" --config "$data/config.toml" "$@"
