#!/usr/bin/env bash
# Ferry's demo: starts ferryd on a copy of this project's files/, taking uploads (port 50000, or a
# free port if 50000 is taken; FERRY_PORT chooses another), then
#   - with tmux: one tmux session, "ferry-demo", with three clients, each named by the server, the
#     daemon's log, and a fourth client that the full server refuses. Each client gets a whole
#     window of its own (Client01, Client02, Client03; the log and the refusal share a fourth,
#     "ferryd"), so each is as big as the terminal; the status line says how to switch. In a
#     terminal at least 240x40 the three clients sit side by side in one window instead, the log
#     and the refusal under them. FERRY_DEMO_LAYOUT=windows or =side chooses. Then Client02
#     uploads a file from its Local pane (Tab, End, u), Client01's file list shows it appear by
#     itself, and Client01 downloads it (get on its command line): the keys are sent here, so the
#     demo asks nothing. Attaches when run from a terminal (else says how). The daemon stops when
#     the session ends (detaching leaves both running).
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

# A copy, so what the clients upload never lands in the source tree; it goes with the demo's folder.
cp -R "$FERRY_ROOT/files" "$DEMO_DIR/files"
start_daemon() {
    "$FERRY_ROOT/scripts/ferryd" start --port "$1" --repo "$DEMO_DIR/files" --uploads \
        --log-file "$DEMO_DIR/ferryd.log" >/dev/null 2>"$DEMO_DIR/start.err"
}
if ! start_daemon "${FERRY_PORT:-50000}"; then
    if [[ -n ${FERRY_PORT:-} ]] || ! grep -q "in use" "$DEMO_DIR/start.err"; then
        cat "$DEMO_DIR/start.err" >&2
        exit 1
    fi
    start_daemon 0 || { cat "$DEMO_DIR/start.err" >&2; exit 1; }
fi
PORT=$(sed -n 's/.*listening on [^ ]*:\([0-9]*\) .*/\1/p' "$DEMO_DIR/ferryd.out" | head -n 1)
# The daemon printed its fingerprint: the demo's clients are told it, so they trust this server
# without asking, and pin it in the demo's own folder, not the user's known_servers.
FINGERPRINT=$(sed -n 's/.*fingerprint \(SHA256:[A-Za-z0-9+/]*\).*/\1/p' "$DEMO_DIR/ferryd.out" | head -n 1)
export XDG_CONFIG_HOME=$DEMO_DIR/config

if ! $use_tmux; then
    echo "ferryd is serving a copy of $FERRY_ROOT/files on 127.0.0.1:$PORT, uploads open (log: $DEMO_DIR/ferryd.log)."
    echo "Its fingerprint: $FINGERPRINT"
    echo "Open more clients from another terminal with: $FERRY_ROOT/scripts/ferry --port $PORT --fingerprint $FINGERPRINT"
    if ! command -v tmux >/dev/null 2>&1; then
        echo "(With tmux installed, this demo opens three clients side by side and shows a fourth refused.)"
    fi
    echo "The daemon stops when this client exits."
    echo
    "$FERRY_ROOT/scripts/ferry" --port "$PORT" --fingerprint "$FINGERPRINT" || true
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
    printf 'FERRY_JAVA_OPTS=%q %q --port %q --fingerprint %q' \
        "-XX:+UseSerialGC -Dferry.client.log=$DEMO_DIR/client$1/ferry.log" "$FERRY_ROOT/scripts/ferry" "$PORT" "$FINGERPRINT"
}

# What a pane runs: a command, then a line saying it ended, kept on screen until Enter.
pane() {
    printf '%s; echo; echo "(%s; press Enter to close this pane)"; read -r _' "$1" "$2"
}

# Client02 ($1) uploads $SHARED from its Local pane; Client01 ($2) sees it appear and downloads it.
share() {
    tmux send-keys -t "$1" Tab End u
    await_log "Client02 uploaded $SHARED"
    tmux send-keys -t "$2" :
    tmux send-keys -t "$2" -l "get $SHARED"
    tmux send-keys -t "$2" Enter
    await_log "Client01 sent $SHARED"
    tmux send-keys -t "$2" Escape
}

# Side by side needs three clients of 80x24 and the log under them; anything smaller gets a window each.
SIDE_COLUMNS=240
SIDE_ROWS=40
layout=${FERRY_DEMO_LAYOUT:-}
size=()
if [[ -t 0 && -t 1 ]]; then
    columns=$(tput cols) rows=$(tput lines)
    size=(-x "$columns" -y "$rows")
    if [[ -z $layout ]]; then
        layout=windows
        if ((columns >= SIDE_COLUMNS && rows >= SIDE_ROWS)); then
            layout=side
        fi
    fi
elif [[ $layout == side ]]; then
    size=(-x "$SIDE_COLUMNS" -y "$SIDE_ROWS")
fi
if [[ $layout != side ]]; then
    layout=windows
fi
mkdir -p "$DEMO_DIR/client1" "$DEMO_DIR/client2" "$DEMO_DIR/client3" "$DEMO_DIR/client4"
# What Client02 uploads: in its Local pane it is the last entry (after ferry.log), so End selects it.
SHARED=welcome-from-Client02.txt
printf 'Hello from Client02: this file went up from my Local pane, and Client01 got it verified.\n' \
    >"$DEMO_DIR/client2/$SHARED"

client_pane() {
    pane "$(ferry_command "$1")" "this client has quit"
}
log_command="tail -n +1 -F '$DEMO_DIR/ferryd.log'"
fourth_command=$(pane "echo 'A fourth client, while three are connected:'; $(ferry_command 4); echo \"ferry exited with status \$?\"" \
    "ferryd allows three clients at once")

if [[ $layout == side ]]; then
    tmux new-session -d -s "$SESSION" -n ferry "${size[@]}" -c "$DEMO_DIR/client1" "$(client_pane 1)"
    tmux set-option -t "$SESSION" pane-border-status top
    tmux set-option -t "$SESSION" pane-border-format ' #{pane_title} '
    tmux set-option -t "$SESSION" status-right ' ferryd on 127.0.0.1:'"$PORT $FINGERPRINT"' | Ctrl-b z zooms a pane '
    tmux set-option -t "$SESSION" status-right-length 120
    tmux select-pane -t "$SESSION:ferry.0" -T "Client01"
    log_pane=$(tmux split-window -v -l 12 -t "$SESSION:ferry.0" -c "$DEMO_DIR" -P -F '#{pane_id}' "$log_command")
    tmux select-pane -t "$log_pane" -T "ferryd log: $DEMO_DIR/ferryd.log"
    await_log "Client01 connected"
    client=$(tmux split-window -h -t "$SESSION:ferry.0" -c "$DEMO_DIR/client2" -P -F '#{pane_id}' "$(client_pane 2)")
    tmux select-pane -t "$client" -T "Client02"
    uploader=$client
    await_log "Client02 connected"
    client=$(tmux split-window -h -t "$client" -c "$DEMO_DIR/client3" -P -F '#{pane_id}' "$(client_pane 3)")
    tmux select-pane -t "$client" -T "Client03"
    await_log "Client03 connected"
    tmux select-layout -t "$SESSION:ferry.0" -E >/dev/null 2>&1 || true
    # A fourth client while three are connected: ferryd refuses it, and the pane keeps the message.
    fourth=$(tmux split-window -h -l 45% -t "$log_pane" -c "$DEMO_DIR/client4" -P -F '#{pane_id}' "$fourth_command")
    tmux select-pane -t "$fourth" -T "a fourth client"
    tmux resize-pane -t "$log_pane" -y 12 >/dev/null 2>&1 || true
    await_log "refused: server full"
    downloader=$SESSION:ferry.0
    share "$uploader" "$downloader"
    tmux select-pane -t "$SESSION:ferry.0"
    where="three clients side by side, the daemon's log, and a fourth client that was refused"
    keys="In tmux: Ctrl-b z zooms a pane, Ctrl-b o moves between them; F1 in a client lists its keys."
else
    tmux new-session -d -s "$SESSION" -n Client01 "${size[@]}" -c "$DEMO_DIR/client1" "$(client_pane 1)"
    tmux set-option -t "$SESSION" base-index 1
    tmux move-window -r -t "$SESSION" >/dev/null
    tmux set-option -t "$SESSION" status-left ' Ferry demo '
    tmux set-option -t "$SESSION" status-left-length 12
    tmux set-option -t "$SESSION" status-right " ferryd $FINGERPRINT | Ctrl-b n: next window "
    tmux set-option -t "$SESSION" status-right-length 90
    await_log "Client01 connected"
    tmux new-window -d -t "$SESSION:" -n Client02 -c "$DEMO_DIR/client2" "$(client_pane 2)"
    await_log "Client02 connected"
    tmux new-window -d -t "$SESSION:" -n Client03 -c "$DEMO_DIR/client3" "$(client_pane 3)"
    await_log "Client03 connected"
    tmux new-window -d -t "$SESSION:" -n ferryd -c "$DEMO_DIR" "$log_command"
    tmux set-option -w -t "$SESSION:ferryd" pane-border-status top
    tmux set-option -w -t "$SESSION:ferryd" pane-border-format ' #{pane_title} '
    tmux select-pane -t "$SESSION:ferryd.0" -T "ferryd log: $DEMO_DIR/ferryd.log"
    # A fourth client while three are connected: ferryd refuses it, and the pane keeps the message.
    fourth=$(tmux split-window -v -l 9 -t "$SESSION:ferryd.0" -c "$DEMO_DIR/client4" -P -F '#{pane_id}' "$fourth_command")
    tmux select-pane -t "$fourth" -T "a fourth client"
    await_log "refused: server full"
    share "$SESSION:Client02" "$SESSION:Client01"
    tmux select-window -t "$SESSION:Client01"
    where="a window for each of three clients (Client01, Client02, Client03) and one, ferryd, with the daemon's log and a fourth client that was refused"
    keys="In tmux: Ctrl-b n and Ctrl-b p go to the next and previous window, Ctrl-b 1 to 4 straight to one; F1 in a client lists its keys."
fi

# The daemon lives as long as the session: a watcher stops it once the session has ended.
trap - EXIT
nohup bash -c "while tmux has-session -t '$SESSION' 2>/dev/null; do sleep 1; done
    FERRYD_RUN_DIR='$DEMO_DIR' '$FERRY_ROOT/scripts/ferryd' stop >/dev/null 2>&1; rm -rf '$DEMO_DIR'" \
    >/dev/null 2>&1 &

echo "ferryd is serving a copy of $FERRY_ROOT/files on 127.0.0.1:$PORT, fingerprint $FINGERPRINT; tmux session '$SESSION' shows $where."
echo "Client02 uploaded $SHARED from its Local pane (Tab, End, u); Client01 saw it appear and downloaded it."
echo "$keys"
echo "Quit the clients with q, or end everything with: tmux kill-session -t $SESSION"
echo "Each client downloads into $DEMO_DIR/clientN/downloads (removed when the demo ends)."
if [[ -t 0 && -t 1 ]]; then
    if [[ -n ${TMUX:-} ]]; then
        # inside tmux: go to the demo, unless no one is looking at this session (it is detached)
        tmux switch-client -t "$SESSION" 2>/dev/null || echo "Watch it with: tmux switch-client -t $SESSION (or tmux attach -t $SESSION)"
    else
        tmux attach -t "$SESSION"
    fi
else
    echo "Watch it with: tmux attach -t $SESSION"
fi
