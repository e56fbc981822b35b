#!/usr/bin/env bash
# Ferry's demo: starts ferryd on this project's files/ (port 50000, or a free port if 50000 is taken;
# FERRY_PORT chooses another), then
#   - with tmux: one tmux session, "ferry-demo": three clients side by side, each named by the
#     server, the daemon's log under them, and a fourth client beside the log that the full server
#     refuses. Attaches when run from a terminal (else says how). The daemon stops when the session
#     ends (detaching leaves both running).
#   - without tmux: one client here, and how to open more; the daemon stops when it exits.
# FERRY_DEMO_NO_TMUX=1 forces the second even where tmux is installed.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
ferry_java
ferry_build_if_missing

SESSION=ferry-demo
use_tmux=false
if command -v tmux >/dev/null 2>&1 && [[ -z ${FERRY_DEMO_NO_TMUX:-} ]]; then
    use_tmux=true
    if tmux has-session -t "$SESSION" 2>/dev/null; then
        echo "A $SESSION tmux session is already running: 'tmux attach -t $SESSION' to see it," >&2
        echo "or 'tmux kill-session -t $SESSION' to end it (its daemon stops too)." >&2
        exit 1
    fi
fi

DEMO_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ferry-demo.XXXXXX")
export FERRYD_RUN_DIR=$DEMO_DIR
stop_daemon() {
    "$FERRY_ROOT/scripts/ferryd" stop >/dev/null 2>&1 || true
    rm -rf "$DEMO_DIR"
}
trap stop_daemon EXIT

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

if ! $use_tmux; then
    echo "ferryd is serving $FERRY_ROOT/files on 127.0.0.1:$PORT (log: $DEMO_DIR/ferryd.log)."
    echo "Open more clients from another terminal with: $FERRY_ROOT/scripts/ferry --port $PORT"
    if ! command -v tmux >/dev/null 2>&1; then
        echo "(With tmux installed, this demo opens three clients side by side and shows a fourth refused.)"
    fi
    echo "The daemon stops when this client exits."
    echo
    "$FERRY_ROOT/scripts/ferry" --port "$PORT" || true
    exit 0
fi

# Waits (at most 30 s) until the daemon's log has a line matching $1.
await_log() {
    for _ in $(seq 1 300); do
        if grep -q "$1" "$DEMO_DIR/ferryd.log" 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    echo "demo: the daemon's log never showed '$1'; see $DEMO_DIR/ferryd.log" >&2
    return 1
}

# The shell command that runs client N (its downloads and log in its own folder).
ferry_command() {
    printf 'FERRY_JAVA_OPTS=%q %q --port %q' "-XX:+UseSerialGC -Dferry.client.log=$DEMO_DIR/client$1/ferry.log" \
        "$FERRY_ROOT/scripts/ferry" "$PORT"
}

# What a pane runs: a command, then a line saying it ended, kept on screen until Enter.
pane() {
    printf '%s; echo; echo "(%s; press Enter to close this pane)"; read -r _' "$1" "$2"
}

if [[ -t 0 && -t 1 ]]; then
    size=(-x "$(tput cols)" -y "$(tput lines)")
else
    size=(-x 240 -y 60)
fi
mkdir -p "$DEMO_DIR/client1" "$DEMO_DIR/client2" "$DEMO_DIR/client3" "$DEMO_DIR/client4"

tmux new-session -d -s "$SESSION" -n ferry "${size[@]}" -c "$DEMO_DIR/client1" \
    "$(pane "$(ferry_command 1)" "this client has quit")"
tmux set-option -t "$SESSION" pane-border-status top
tmux set-option -t "$SESSION" pane-border-format ' #{pane_title} '
tmux set-option -t "$SESSION" status-right ' ferryd on 127.0.0.1:'"$PORT"' | Ctrl-b z zooms a pane '
tmux set-option -t "$SESSION" status-right-length 60
tmux select-pane -t "$SESSION:ferry.0" -T "Client01"
log_pane=$(tmux split-window -v -l 10 -t "$SESSION:ferry.0" -c "$DEMO_DIR" -P -F '#{pane_id}' \
    "tail -n +1 -F '$DEMO_DIR/ferryd.log'")
tmux select-pane -t "$log_pane" -T "ferryd log: $DEMO_DIR/ferryd.log"
await_log "Client01 connected"

client=$(tmux split-window -h -t "$SESSION:ferry.0" -c "$DEMO_DIR/client2" -P -F '#{pane_id}' \
    "$(pane "$(ferry_command 2)" "this client has quit")")
tmux select-pane -t "$client" -T "Client02"
await_log "Client02 connected"
client=$(tmux split-window -h -t "$client" -c "$DEMO_DIR/client3" -P -F '#{pane_id}' \
    "$(pane "$(ferry_command 3)" "this client has quit")")
tmux select-pane -t "$client" -T "Client03"
await_log "Client03 connected"
tmux select-layout -t "$SESSION:ferry" -E >/dev/null 2>&1 || true

# A fourth client while three are connected: ferryd refuses it, and the pane keeps the message.
fourth=$(tmux split-window -h -l 45% -t "$log_pane" -c "$DEMO_DIR/client4" -P -F '#{pane_id}' \
    "$(pane "echo 'A fourth client, while three are connected:'; $(ferry_command 4); echo \"ferry exited with status \$?\"" \
        "ferryd allows three clients at once")")
tmux select-pane -t "$fourth" -T "a fourth client"
await_log "refused: server full"
tmux select-pane -t "$SESSION:ferry.0"

# The daemon lives as long as the session: a watcher stops it once the session has ended.
trap - EXIT
nohup bash -c "while tmux has-session -t '$SESSION' 2>/dev/null; do sleep 1; done
    FERRYD_RUN_DIR='$DEMO_DIR' '$FERRY_ROOT/scripts/ferryd' stop >/dev/null 2>&1; rm -rf '$DEMO_DIR'" \
    >/dev/null 2>&1 &

echo "ferryd is serving $FERRY_ROOT/files on 127.0.0.1:$PORT; tmux session '$SESSION' shows three"
echo "clients side by side, the daemon's log, and a fourth client that was refused."
echo "In tmux: Ctrl-b z zooms a pane, Ctrl-b o moves between them; F1 in a client lists its keys."
echo "Quit the clients with q, or end everything with: tmux kill-session -t $SESSION"
echo "Each client downloads into $DEMO_DIR/clientN/downloads (removed when the demo ends)."
if [[ -t 0 && -t 1 ]]; then
    if [[ -n ${TMUX:-} ]]; then
        tmux switch-client -t "$SESSION"
    else
        tmux attach -t "$SESSION"
    fi
else
    echo "Watch it with: tmux attach -t $SESSION"
fi
