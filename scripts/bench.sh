#!/usr/bin/env bash
# Ferry's benchmark: every performance target, measured side by side with the tools a user would
# pick instead, in one run on this machine, and printed as one table of figures and ratios.
#
#   scripts/bench.sh            full run: 1 GiB file, 7 runs per figure (medians)
#   BENCH_RUNS=3 scripts/bench.sh
#
# It builds Ferry, makes its data in a temporary folder (removed at the end), starts its own
# ferryd on loopback, and starts its own peers where they are installed: socat, an rsync daemon,
# sshd (for scp and sftp) and nginx (with curl). A missing peer is skipped with a note.
# Environment: BENCH_RUNS (default 7), BENCH_BIG_MIB (default 1024), BENCH_HUGE_GIB (default 4),
# BENCH_CLIENTS (default 1000), BENCH_KEEP=1 keeps the work folder.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

RUNS=${BENCH_RUNS:-7}
BIG_MIB=${BENCH_BIG_MIB:-1024}
HUGE_GIB=${BENCH_HUGE_GIB:-4}
CLIENTS=${BENCH_CLIENTS:-1000}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ferry-bench.XXXXXX")
REPO=$WORK/repo
OUT=$WORK/out
PIDS=()

cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -f "${WARM_FILE:-}"
    if [[ ${BENCH_KEEP:-0} == 1 ]]; then echo "work folder kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

say() { printf '%s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

now_ns() { date +%s%N; }

# Runs a command once; prints its wall time in seconds. A command that fails is reported.
time_once() {
    local start end status=0
    start=$(now_ns)
    "$@" >/dev/null 2>"$WORK/last.err" || status=$?
    end=$(now_ns)
    if [[ $status != 0 ]]; then
        { echo "exit $status: $*"; head -n 3 "$WORK/last.err"; } >> "$WORK/errors.log"
    fi
    awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }'
}

# This machine may hand freed memory back to its host (a virtio balloon with free page
# reporting) and page out cold memory: then the first touch of new page-cache pages costs a
# fault to the host, and a file that was hot may not be. So right before each timed run every
# tool gets the same start: fresh memory touched and freed (in a RAM-backed file, so nothing is
# left for the disk to write back), nothing of an earlier run's output still being written back
# (sync), and the source files read into the cache.
# The warm-up file goes to /dev/shm when it has room to spare for it (a container's may be 64 MiB,
# and memory without swap must keep room for the rest), else to the work folder.
WARM_MIB=$((BIG_MIB + 64))
shm_kib=$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')
mem_kib=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo 2>/dev/null)
if [[ -d /dev/shm && -w /dev/shm && ${shm_kib:-0} -gt $((WARM_MIB * 1024)) && ${mem_kib:-0} -gt $((WARM_MIB * 1024 * 3)) ]]; then
    WARM_FILE=$(mktemp -p /dev/shm ferry-bench-warm.XXXXXX)
else
    WARM_FILE=$WORK/warm
fi
warm() {
    if ! dd if=/dev/zero of="$WARM_FILE" bs=1M count="$WARM_MIB" status=none; then
        say "the warm-up could not write $WARM_MIB MiB to $WARM_FILE"
        exit 1
    fi
    : > "$WARM_FILE"
    sync -f "$OUT"
    cat "$REPO/one.bin" "$REPO/four.bin" > /dev/null
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# Runs "prepare; warm; command" RUNS times, timing only the command; prints the median in seconds.
median_of_runs() {
    local prepare=$1; shift
    local times=()
    for _ in $(seq 1 "$RUNS"); do
        eval "$prepare"
        warm
        times+=("$(time_once "$@")")
    done
    median "${times[@]}"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
verdict() { if le "$1" "$2"; then echo "holds"; else echo "MISSED"; fi; }

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
hwm_kib() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# ---------------------------------------------------------------- build and data

ferry_java
say "building Ferry..."
ferry_mvn -DskipTests package
FERRY=("$FERRY_ROOT/scripts/ferry")

say "making test data in $WORK..."
mkdir -p "$REPO" "$OUT"
head -c $((BIG_MIB * 1024 * 1024)) /dev/urandom > "$REPO/one.bin"
head -c 4096 /dev/urandom > "$REPO/four.bin"
truncate -s "${HUGE_GIB}G" "$REPO/huge.bin"
BIG_BYTES=$((BIG_MIB * 1024 * 1024))
cat "$REPO/one.bin" "$REPO/four.bin" > /dev/null

# ---------------------------------------------------------------- ferryd

DAEMON_PID=
DAEMON_PORT=
start_ferryd() {
    local opts=${1:-$FERRYD_JAVA_DEFAULTS} console=$WORK/ferryd.$RANDOM.out
    # shellcheck disable=SC2086
    java $opts -jar "$FERRYD_JAR" --port 0 --repo "$REPO" --log-file "$WORK/ferryd.log" \
        --max-clients "$((CLIENTS + 10))" --idle-timeout 0 > "$console" 2>&1 &
    DAEMON_PID=$!
    PIDS+=("$DAEMON_PID")
    for _ in $(seq 1 300); do
        DAEMON_PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$console")
        [[ -n $DAEMON_PORT ]] && return 0
        sleep 0.05
    done
    say "ferryd did not start: $(cat "$console")"
    exit 1
}
stop_ferryd() {
    kill "$DAEMON_PID" 2>/dev/null || true
    wait "$DAEMON_PID" 2>/dev/null || true
}

declare -A R   # every figure, by name

# Runs ferry with ARGS (a bench scenario printing --tsv) and takes its figures into R, after
# dropping any of an earlier run whose names begin with PREFIX, so one it leaves out shows as
# missing. A run that fails ends the benchmark: no figure is ever left over from an earlier run.
figures() {
    local prefix=$1 key
    shift
    if ! "${FERRY[@]}" "$@" > "$WORK/figures.tsv" 2> "$WORK/figures.err"; then
        say "ferry $* failed: $(head -n 3 "$WORK/figures.err")"
        exit 1
    fi
    for key in "${!R[@]}"; do [[ $key == "$prefix".* ]] && unset "R[$key]"; done
    while IFS=$'\t' read -r metric value _; do R[$metric]=$value; done < "$WORK/figures.tsv"
}

say "hashing bound..."
figures sha256 bench sha256 --runs "$RUNS" --tsv
BOUND=${R[sha256.median]}
if [[ $BIG_MIB != 1024 ]]; then
    BOUND=$(awk -v b="$BOUND" -v m="$BIG_MIB" 'BEGIN { printf "%.3f", b * m / 1024 }')
fi

start_ferryd
say "ferry: verified ${BIG_MIB} MiB download, hot..."
"${FERRY[@]}" --port "$DAEMON_PORT" get one.bin -o "$OUT" --overwrite >/dev/null   # fills the digest cache
R[ferry.big.hot]=$(median_of_runs "rm -f '$OUT/one.bin'" "${FERRY[@]}" --port "$DAEMON_PORT" get one.bin -o "$OUT")

say "ferry: verified ${BIG_MIB} MiB download, cold (first request after the daemon starts)..."
cold=()
for _ in $(seq 1 "$RUNS"); do
    stop_ferryd; start_ferryd; rm -f "$OUT/one.bin"; warm
    cold+=("$(time_once "${FERRY[@]}" --port "$DAEMON_PORT" get one.bin -o "$OUT")")
done
R[ferry.big.cold]=$(median "${cold[@]}")

say "ferry: 4 KiB download, whole process..."
R[ferry.small.process]=$(median_of_runs "rm -f '$OUT/four.bin'" "${FERRY[@]}" --port "$DAEMON_PORT" get four.bin -o "$OUT")
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' > "$WORK/Hello.java"
javac -d "$WORK" "$WORK/Hello.java"
R[jvm.start]=$(median_of_runs ":" java -XX:+UseSerialGC -cp "$WORK" Hello)

say "ferry bench: small requests, ping under load, fair sharing..."
# Runs a ferry bench scenario against the daemon and takes its figures.
bench() { figures "$1" --port "$DAEMON_PORT" bench "$@" --tsv -o "$WORK/bench"; }
# a session's first thousand gets run partly in the JVM's interpreter; after a few thousand the path
# is compiled, as it is in any long session (the terminal UI, the shell): both are reported
small=(); cold=()
for _ in $(seq 1 "$RUNS"); do
    bench small --file four.bin -n 1000 --warm-up 100; cold+=("${R[small.per_request_mean]}")
    bench small --file four.bin -n 1000 --warm-up 3000; small+=("${R[small.per_request_mean]}")
done
R[small.per_request]=$(median "${small[@]}")
R[small.per_request_cold]=$(median "${cold[@]}")
bench ping --file one.bin --load 3 -n 2000
bench fair --file one.bin --clients 3
stop_ferryd

say "ferry bench: $CLIENTS clients at once..."
start_ferryd
bench scale --clients "$CLIENTS"
if kill -0 "$DAEMON_PID" 2>/dev/null; then
    R[scale.daemon_rss_peak_mib]=$(( $(hwm_kib "$DAEMON_PID") / 1024 ))
else
    exited=0; wait "$DAEMON_PID" || exited=$?
    say "ferryd exited (status $exited) during the $CLIENTS-client scenario; see $WORK/ferryd.*.out"
    R[scale.daemon_rss_peak_mib]="ferryd exited (status $exited)"
fi
stop_ferryd

say "flat memory: ferryd -Xmx64m serving a ${HUGE_GIB} GiB file..."
start_ferryd "$FERRYD_JAVA_DEFAULTS -Xmx64m"
rm -f "$OUT/huge.bin"
"${FERRY[@]}" --port "$DAEMON_PORT" get huge.bin -o "$OUT" >/dev/null 2>>"$WORK/errors.log" &
client=$!
samples_d=(); samples_c=()
while kill -0 "$client" 2>/dev/null; do
    # the launcher execs java in the same process; sample once it has (or its java child, if any)
    cpid=$(pgrep -P "$client" java || echo "$client")
    if [[ $(cat "/proc/$cpid/comm" 2>/dev/null) == java ]]; then
        samples_d+=("$(rss_kib "$DAEMON_PID")"); samples_c+=("$(rss_kib "$cpid")")
    fi
    sleep 0.2
done
wait "$client" || say "the ${HUGE_GIB} GiB download failed; see $WORK/errors.log"
stop_ferryd
minmax() { printf '%s\n' "$@" | grep -v '^0$' | sort -n | awk 'NR == 1 { min = $1 } { max = $1 } END { printf "%d %d", min / 1024, max / 1024 }'; }
read -r R[flat.daemon_min] R[flat.daemon_max] <<< "$(minmax "${samples_d[@]}")"
read -r R[flat.client_min] R[flat.client_max] <<< "$(minmax "${samples_c[@]}")"
R[flat.samples]=${#samples_d[@]}

# ---------------------------------------------------------------- peers

PEER_NOTES=()

if have socat; then
    say "peer: socat..."
    port=$(free_port)
    socat_get() {
        socat -b1048576 -u "OPEN:$REPO/$1" "TCP-LISTEN:$port,reuseaddr,bind=127.0.0.1" & local server=$!
        for _ in $(seq 1 100); do ss -ltn "sport = :$port" | grep -q LISTEN && break; sleep 0.01; done
        R[$2]=$(time_once socat -b1048576 -u "TCP:127.0.0.1:$port" "CREATE:$OUT/socat.$1")
        wait "$server" 2>/dev/null || true
    }
    big=(); for _ in $(seq 1 "$RUNS"); do rm -f "$OUT/socat.one.bin"; socat_get one.bin tmp; big+=("${R[tmp]}"); done
    R[socat.big]=$(median "${big[@]}")
    small=(); for _ in $(seq 1 "$RUNS"); do rm -f "$OUT/socat.four.bin"; socat_get four.bin tmp; small+=("${R[tmp]}"); done
    R[socat.small]=$(median "${small[@]}")
else
    PEER_NOTES+=("socat not installed: skipped")
fi

if have rsync; then
    say "peer: rsync daemon..."
    port=$(free_port)
    cat > "$WORK/rsyncd.conf" <<EOF
pid file = $WORK/rsyncd.pid
use chroot = no
[data]
    path = $REPO
    read only = yes
EOF
    rsync --daemon --no-detach --address=127.0.0.1 --port="$port" --config="$WORK/rsyncd.conf" & PIDS+=($!)
    sleep 0.3
    R[rsync.big]=$(median_of_runs "rm -f '$OUT/rsync.one.bin'" rsync --whole-file "rsync://127.0.0.1:$port/data/one.bin" "$OUT/rsync.one.bin")
    R[rsync.small]=$(median_of_runs "rm -f '$OUT/rsync.four.bin'" rsync --whole-file "rsync://127.0.0.1:$port/data/four.bin" "$OUT/rsync.four.bin")
else
    PEER_NOTES+=("rsync not installed: skipped")
fi

SSHD=$(command -v sshd || echo /usr/sbin/sshd)
if [[ -x $SSHD ]] && have scp && have ssh-keygen; then
    say "peer: scp and sftp over a loopback sshd..."
    port=$(free_port)
    ssh-keygen -q -t ed25519 -N '' -f "$WORK/host_key"
    ssh-keygen -q -t ed25519 -N '' -f "$WORK/user_key"
    cp "$WORK/user_key.pub" "$WORK/authorized_keys"
    mkdir -p /run/sshd 2>/dev/null || true
    cat > "$WORK/sshd_config" <<EOF
Port $port
ListenAddress 127.0.0.1
HostKey $WORK/host_key
AuthorizedKeysFile $WORK/authorized_keys
PidFile $WORK/sshd.pid
StrictModes no
UsePAM no
PasswordAuthentication no
PermitRootLogin yes
Subsystem sftp internal-sftp
EOF
    "$SSHD" -D -f "$WORK/sshd_config" -E "$WORK/sshd.log" & PIDS+=($!)
    sleep 0.5
    SSH_OPTS=(-P "$port" -i "$WORK/user_key" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -q)
    if scp "${SSH_OPTS[@]}" "127.0.0.1:$REPO/four.bin" "$OUT/probe" 2>>"$WORK/errors.log"; then
        R[scp.gcm.big]=$(median_of_runs "rm -f '$OUT/scp.one.bin'" scp "${SSH_OPTS[@]}" -c aes128-gcm@openssh.com "127.0.0.1:$REPO/one.bin" "$OUT/scp.one.bin")
        R[scp.chacha.big]=$(median_of_runs "rm -f '$OUT/scp.one.bin'" scp "${SSH_OPTS[@]}" "127.0.0.1:$REPO/one.bin" "$OUT/scp.one.bin")
        R[scp.small]=$(median_of_runs "rm -f '$OUT/scp.four.bin'" scp "${SSH_OPTS[@]}" "127.0.0.1:$REPO/four.bin" "$OUT/scp.four.bin")
        mkdir -p "$OUT/sftp"
        for i in $(seq 1 1000); do echo "get $REPO/four.bin $OUT/sftp/f$i"; done > "$WORK/sftp.batch"
        sftp_secs=$(median_of_runs "rm -rf '$OUT/sftp'; mkdir -p '$OUT/sftp'" sftp "${SSH_OPTS[@]}" -b "$WORK/sftp.batch" "127.0.0.1")
        R[sftp.per_request]=$(awk -v s="$sftp_secs" 'BEGIN { printf "%.1f", s * 1e6 / 1000 }')
    else
        PEER_NOTES+=("sshd would not accept a login here: scp and sftp skipped")
    fi
else
    PEER_NOTES+=("sshd or scp not installed: scp and sftp skipped")
fi

NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [[ -x $NGINX ]] && have curl; then
    say "peer: nginx and curl..."
    port=$(free_port)
    mkdir -p "$WORK/nginx"
    nginx_user=""
    [[ $(id -u) == 0 ]] && nginx_user="user root;"   # the workers must read the private work folder
    cat > "$WORK/nginx.conf" <<EOF
$nginx_user
worker_processes 1;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path $WORK/nginx;
    proxy_temp_path $WORK/nginx;
    fastcgi_temp_path $WORK/nginx;
    uwsgi_temp_path $WORK/nginx;
    scgi_temp_path $WORK/nginx;
    server { listen 127.0.0.1:$port; root $REPO; }
}
EOF
    "$NGINX" -c "$WORK/nginx.conf" -p "$WORK/nginx" 2>>"$WORK/errors.log" & PIDS+=($!)
    sleep 0.3
    curl -sf -o "$OUT/probe" "http://127.0.0.1:$port/four.bin" || say "nginx does not serve the files; its figures will be failures"
    R[nginx.big]=$(median_of_runs "rm -f '$OUT/curl.one.bin'" curl -sf -o "$OUT/curl.one.bin" "http://127.0.0.1:$port/one.bin")
    R[curl.small]=$(median_of_runs "rm -f '$OUT/curl.four.bin'" curl -sf -o "$OUT/curl.four.bin" "http://127.0.0.1:$port/four.bin")
    mkdir -p "$OUT/curl"
    for i in $(seq 1 1000); do printf 'url = "http://127.0.0.1:%s/four.bin"\noutput = "%s/curl/f%s"\n' "$port" "$OUT" "$i"; done > "$WORK/curl.conf"
    curl_secs=$(median_of_runs "rm -rf '$OUT/curl'; mkdir -p '$OUT/curl'" curl -sf -K "$WORK/curl.conf")
    R[nginx.per_request]=$(awk -v s="$curl_secs" 'BEGIN { printf "%.1f", s * 1e6 / 1000 }')
else
    PEER_NOTES+=("nginx or curl not installed: skipped")
fi

# ---------------------------------------------------------------- the table

get() { echo "${R[$1]:--}"; }
row() { printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4"; }
target_big=$(awk -v b="$BOUND" 'BEGIN { printf "%.3f", 1.2 * b }')
target_cold=$(awk -v b="$BOUND" 'BEGIN { printf "%.3f", 1.5 * b }')
us_small=$(get small.per_request)
skew=$(get fair.largest_deviation_from_mean)
agg=$(get fair.aggregate_vs_single)

echo
echo "## Ferry benchmark"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs));" \
     "$(java -version 2>&1 | head -n 1); ${BIG_MIB} MiB file hot in page cache; loopback; medians of $RUNS runs."
echo
echo "| figure | measured | target | verdict |"
echo "|---|---|---|---|"
row "SHA-256 of ${BIG_MIB} MiB in memory, one core (the bound)" "${BOUND} s" "" ""
row "1. verified ${BIG_MIB} MiB \`ferry get\`, whole process, hot" "$(get ferry.big.hot) s" "≤ 1.2 × bound = ${target_big} s" "$(verdict "$(get ferry.big.hot)" "$target_big")"
row "1. same, cold (first request after the daemon starts)" "$(get ferry.big.cold) s" "≤ 1.5 × bound = ${target_cold} s" "$(verdict "$(get ferry.big.cold)" "$target_cold")"
if [[ -n ${R[rsync.big]:-} ]]; then
    row "1. vs rsync daemon (--whole-file)" "$(get rsync.big) s" "Ferry faster" "$(verdict "$(get ferry.big.hot)" "$(get rsync.big)") ($(ratio "$(get ferry.big.hot)" "$(get rsync.big)")×)"
fi
if [[ -n ${R[scp.gcm.big]:-} ]]; then
    row "1. vs scp, aes128-gcm" "$(get scp.gcm.big) s" "Ferry ≤ 0.65 ×" "$(verdict "$(ratio "$(get ferry.big.hot)" "$(get scp.gcm.big)")" 0.65) ($(ratio "$(get ferry.big.hot)" "$(get scp.gcm.big)")×)"
    row "1. vs scp, default cipher" "$(get scp.chacha.big) s" "Ferry ≤ 0.65 ×" "$(verdict "$(ratio "$(get ferry.big.hot)" "$(get scp.chacha.big)")" 0.65) ($(ratio "$(get ferry.big.hot)" "$(get scp.chacha.big)")×)"
fi
[[ -n ${R[socat.big]:-} ]] && row "   socat, 1 MiB buffers (raw TCP, no check)" "$(get socat.big) s" "" "Ferry $(ratio "$(get ferry.big.hot)" "$(get socat.big)")×"
[[ -n ${R[nginx.big]:-} ]] && row "   nginx (sendfile) + curl" "$(get nginx.big) s" "" "Ferry $(ratio "$(get ferry.big.hot)" "$(get nginx.big)")×"
if [[ -n ${R[nginx.per_request]:-} ]]; then
    row "2. 1000 × 4 KiB gets in one session, per request (after 3000 warm-up gets)" "${us_small} µs" "≤ nginx keep-alive, $(get nginx.per_request) µs" "$(verdict "$us_small" "$(get nginx.per_request)")"
else
    row "2. 1000 × 4 KiB gets in one session, per request (after 3000 warm-up gets)" "${us_small} µs" "≤ 208 µs (nginx keep-alive in the issue)" "$(verdict "$us_small" 208)"
fi
row "   same, the first 1000 of a new session (after 100)" "$(get small.per_request_cold) µs" "(reported)" ""
[[ -n ${R[sftp.per_request]:-} ]] && row "   sftp, 1000 gets in one session, per request" "$(get sftp.per_request) µs" "Ferry ≥ 5× faster" "$(ratio "$(get sftp.per_request)" "$us_small")× faster"
if [[ -n ${R[scp.small]:-} ]]; then
    half=$(awk -v s="$(get scp.small)" 'BEGIN { printf "%.3f", s / 2 }')
    row "2. \`ferry get\` of 4 KiB, whole process" "$(get ferry.small.process) s" "≤ scp / 2 = ${half} s" "$(verdict "$(get ferry.small.process)" "$half")"
else
    row "2. \`ferry get\` of 4 KiB, whole process" "$(get ferry.small.process) s" "≤ 0.128 s (scp / 2 in the issue)" "$(verdict "$(get ferry.small.process)" 0.128)"
fi
row "   4 KiB, one process each: socat / curl / rsync / scp / JVM start" "$(get socat.small) / $(get curl.small) / $(get rsync.small) / $(get scp.small) / $(get jvm.start) s" "" ""
row "3. ping p99, idle" "$(get ping.idle_p99) ms" "≤ 1 ms" "$(verdict "$(get ping.idle_p99)" 1)"
row "3. ping p99, three ${BIG_MIB} MiB downloads in flight ($(get ping.loaded_pings) pings)" "$(get ping.loaded_p99) ms" "≤ 5 ms" "$(verdict "$(get ping.loaded_p99)" 5)"
row "4. three clients at once: $(get fair.client1) / $(get fair.client2) / $(get fair.client3) MiB/s" "±${skew} %" "within ±20 %" "$(verdict "$skew" 20)"
row "4. together vs one client alone ($(get fair.aggregate) vs $(get fair.single_client) MiB/s)" "${agg} %" "≥ 80 %" "$(verdict 80 "$agg")"
row "5. $CLIENTS clients at once (list + ping each): connected, errors" "$(get scale.clients_connected), $(get scale.errors)" "all, 0" "$(if [[ $(get scale.clients_connected) == "$CLIENTS" && $(get scale.errors) == 0 ]]; then echo holds; else echo MISSED; fi)"
row "5. connect rate" "$(get scale.connect_rate) /s" "(reported)" ""
rss=$(get scale.daemon_rss_peak_mib)
if [[ $rss =~ ^[0-9]+$ ]]; then
    row "5. daemon peak RSS" "$rss MiB" "≤ 256 MiB" "$(verdict "$rss" 256)"
else
    row "5. daemon peak RSS" "$rss" "≤ 256 MiB" "MISSED"
fi
row "6. ferryd -Xmx64m serving ${HUGE_GIB} GiB: daemon RSS min–max ($(get flat.samples) samples)" "$(get flat.daemon_min)–$(get flat.daemon_max) MiB" "flat" ""
row "6. client RSS min–max during the same transfer" "$(get flat.client_min)–$(get flat.client_max) MiB" "flat" ""
echo
for note in "${PEER_NOTES[@]}"; do echo "- $note"; done
if [[ -s $WORK/errors.log ]]; then
    echo "- some commands wrote to stderr; first lines:"; head -n 5 "$WORK/errors.log" | sed 's/^/    /'
fi
