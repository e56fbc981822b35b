#!/usr/bin/env bash
# Ferry's demo: starts ferryd on this project's files/, opens a client, and stops the daemon when
# the client exits. Uses port 50000, or a free port if 50000 is taken (FERRY_PORT chooses another).
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
ferry_java
ferry_build_if_missing

DEMO_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ferry-demo.XXXXXX")
export FERRYD_RUN_DIR=$DEMO_DIR
cleanup() {
    "$FERRY_ROOT/scripts/ferryd" stop >/dev/null 2>&1 || true
    rm -rf "$DEMO_DIR"
}
trap cleanup EXIT

start_daemon() {
    "$FERRY_ROOT/scripts/ferryd" start --port "$1" --log-file "$DEMO_DIR/ferryd.log" >/dev/null 2>"$DEMO_DIR/start.err"
}
if ! start_daemon "${FERRY_PORT:-50000}"; then
    if [[ -n ${FERRY_PORT:-} ]] || ! grep -q "in use" "$DEMO_DIR/start.err"; then
        cat "$DEMO_DIR/start.err" >&2
        exit 1
    fi
    start_daemon 0 || { cat "$DEMO_DIR/start.err" >&2; exit 1; }
fi
PORT=$(sed -n 's/.*listening on [^ ]*:\([0-9]*\),.*/\1/p' "$DEMO_DIR/ferryd.out" | head -n 1)

echo "ferryd is serving $FERRY_ROOT/files on 127.0.0.1:$PORT (log: $DEMO_DIR/ferryd.log)."
echo "Open more clients from another terminal with: $FERRY_ROOT/scripts/ferry --port $PORT"
echo "The daemon stops when this client exits."
echo
"$FERRY_ROOT/scripts/ferry" --port "$PORT" || true
