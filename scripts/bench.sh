#!/usr/bin/env bash
# Ferry's benchmark: every performance target, measured side by side with the tools a user would
# pick instead, in one run on this machine, and printed as one table of figures and ratios.
#
#   scripts/bench.sh                                   full run: 1 GiB file, 7 runs per figure
#   BENCH_RUNS=3 BENCH_BIG_MIB=64 BENCH_CLIENTS=200 BENCH_HUGE_GIB=1 scripts/bench.sh   a quick check
#
# How a figure is made, so that it can be trusted:
# - Ferry and the tools it is compared with take turns, run by run (Ferry, rsync, scp, ..., Ferry,
#   rsync, scp, ...), so that each meets the same machine: page cache, writeback, a neighbour's load.
# - Before each timed run every tool gets the same start (see warm below).
# - Every output is checked against its source by SHA-256; a run whose command fails or whose output
#   differs gives no figure. A tool with any such run gets no figure at all, only a note with its
#   error, and no verdict rests on it.
# - Each figure is the median of its runs, shown with how many runs it rests on and their spread
#   (lowest to highest).
#
# It builds Ferry, makes its data in a temporary folder (removed at the end), starts its own
# ferryd on loopback, and starts its own peers where they are installed: socat, an rsync daemon,
# sshd (for scp and sftp) and nginx (with curl). A missing peer is skipped with a note.
# The start-up and scale figures are taken on each JDK in BENCH_JDKS (default: the one 'java' on
# the PATH is, and the one Ferry's launchers choose, when that is another).
# Environment: BENCH_RUNS (default 7), BENCH_BIG_MIB (default 1024), BENCH_HUGE_GIB (default 4),
# BENCH_CLIENTS (default 1000), BENCH_JDKS (JDK homes, space-separated), BENCH_KEEP=1 keeps the
# work folder, BENCH_SKIP (space-separated sections to leave out: big cold put requests small ping
# fair live scale flat startup), BENCH_RENAMES (default 200: renames timed per run of 'live').
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

RUNS=${BENCH_RUNS:-7}
BIG_MIB=${BENCH_BIG_MIB:-1024}
HUGE_GIB=${BENCH_HUGE_GIB:-4}
CLIENTS=${BENCH_CLIENTS:-1000}
SKIP=" ${BENCH_SKIP:-} "
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
section() { [[ $SKIP != *" $1 "* ]]; }

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits (at most 5 s) until something listens on 127.0.0.1:PORT.
await_port() {
    for _ in $(seq 1 500); do
        ss -Hltn "sport = :$1" 2>/dev/null | grep -q . && return 0
        sleep 0.01
    done
    return 1
}

now_ns() { date +%s%N; }

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

# ---------------------------------------------------------------- how a run is measured and checked

# A case is a shell function, case_NAME, that prepares what it needs untimed, runs its command once
# through 'timed' (or 'reported', for a figure the command measures itself), and checks its output
# with 'same' or 'all_same'. It returns non-zero, with the reason in FAILURE, when the run failed.
declare -A SAMPLES    # case -> its figures from every good run, space-separated
declare -A FAILED     # case -> why it gives no figure
declare -A UNITS      # case -> the unit of its figure (s by default)
LAST=
FAILURE=

# Runs a command once, after the common start; LAST is its wall time in seconds.
timed() {
    local start end status=0
    warm
    start=$(now_ns)
    "$@" >"$WORK/last.out" 2>"$WORK/last.err" || status=$?
    end=$(now_ns)
    if [[ $status != 0 ]]; then
        FAILURE="exit $status from ${1##*/}: $(grep -m 1 . "$WORK/last.err" || echo "(nothing on stderr)")"
        return 1
    fi
    LAST=$(awk -v ns=$((end - start)) 'BEGIN { printf "%.4f", ns / 1e9 }')
}

# Takes a figure the case measured itself (a per-request time from ferry bench, say).
reported() {
    if [[ ! $1 =~ ^[0-9.]+$ ]]; then
        FAILURE="no figure in its output (got '${1}')"
        return 1
    fi
    LAST=$1
}

declare -A SOURCE_SHA
sha() { sha256sum "$1" | cut -d' ' -f1; }
source_sha() {
    [[ -n ${SOURCE_SHA[$1]:-} ]] || SOURCE_SHA[$1]=$(sha "$1")
    echo "${SOURCE_SHA[$1]}"
}

# Checks that OUTPUT has the bytes of SOURCE.
same() {
    local source=$1 output=$2
    if [[ ! -f $output ]]; then
        FAILURE="no output file ${output#"$WORK"/}"
        return 1
    fi
    if [[ $(sha "$output") != "$(source_sha "$source")" ]]; then
        FAILURE="output ${output#"$WORK"/} differs from ${source#"$WORK"/} (SHA-256)"
        return 1
    fi
}

# Checks that FOLDER holds exactly COUNT files, each with the bytes of SOURCE.
all_same() {
    local source=$1 folder=$2 count=$3 n
    n=$(find "$folder" -type f | wc -l)
    if [[ $n != "$count" ]]; then
        FAILURE="$n files in ${folder#"$WORK"/}, not $count"
        return 1
    fi
    local expected bad
    expected=$(source_sha "$source")
    bad=$(find "$folder" -type f -exec sha256sum {} + | awk -v e="$expected" '$1 != e' | wc -l)
    if [[ $bad != 0 ]]; then
        FAILURE="$bad of $count files in ${folder#"$WORK"/} differ from ${source#"$WORK"/} (SHA-256)"
        return 1
    fi
}

# Runs one case once; keeps its figure, or marks it failed (and it is not run again).
measure() {
    local name=$1
    [[ -z ${FAILED[$name]:-} ]] || return 0
    LAST='' FAILURE=''
    if "case_$name" && [[ -n $LAST ]]; then
        SAMPLES[$name]="${SAMPLES[$name]:-} $LAST"
    else
        FAILED[$name]=${FAILURE:-failed without saying why}
        say "  $name: no figure: ${FAILED[$name]}"
    fi
}

# Runs the cases in turns, RUNS rounds of one run each: A B C A B C ...
alternate() {
    local round name
    for round in $(seq 1 "$RUNS"); do
        say "  round $round of $RUNS: $*"
        for name in "$@"; do measure "$name"; done
    done
}

# The case's median, or nothing when it has no figure.
median() {
    [[ -z ${FAILED[$1]:-} && -n ${SAMPLES[$1]:-} ]] || return 0
    printf '%s\n' ${SAMPLES[$1]} | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# "median unit (n runs, lowest-highest)", or "no figure: why".
cell() {
    local name=$1 unit=${UNITS[$1]:-s}
    if [[ -n ${FAILED[$name]:-} ]]; then
        echo "no figure: ${FAILED[$name]}"
        return
    fi
    if [[ -z ${SAMPLES[$name]:-} ]]; then
        echo "not measured"
        return
    fi
    printf '%s\n' ${SAMPLES[$name]} | sort -g | awk -v u="$unit" '
        { v[NR] = $1 }
        END { printf "%s %s (%d runs, %s–%s)", v[int((NR + 1) / 2)], u, NR, v[1], v[NR] }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b > 0) printf "%.2f", a / b; else print "-" }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && b != "" && a <= b) }'; }
# holds / MISSED, or no verdict when either side has no figure.
verdict() {
    if [[ -z $1 || -z $2 || $1 == - || $2 == - ]]; then echo "no verdict"; return; fi
    if le "$1" "$2"; then echo "holds"; else echo "MISSED"; fi
}

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
hwm_kib() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# ---------------------------------------------------------------- build and data

ferry_java
DEFAULT_JDK=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
JDKS=(${BENCH_JDKS:-$DEFAULT_JDK})
if [[ -z ${BENCH_JDKS:-} && $FERRY_JAVA_HOME != "$DEFAULT_JDK" ]]; then JDKS+=("$FERRY_JAVA_HOME"); fi
jdk_name() { echo "Java $(ferry_java_feature "$1" || echo "?")"; }

say "building Ferry..."
ferry_mvn -DskipTests package
FERRY=("$FERRY_ROOT/scripts/ferry")
# ferry on the given JDK
ferry_on() { local jdk=$1; shift; JAVA_HOME=$jdk "${FERRY[@]}" "$@"; }

say "making test data in $WORK..."
mkdir -p "$REPO" "$OUT"
head -c $((BIG_MIB * 1024 * 1024)) /dev/urandom > "$REPO/one.bin"
head -c 4096 /dev/urandom > "$REPO/four.bin"
truncate -s "${HUGE_GIB}G" "$REPO/huge.bin"
source_sha "$REPO/one.bin" > /dev/null
source_sha "$REPO/four.bin" > /dev/null

# ---------------------------------------------------------------- ferryd

DAEMON_PID=
DAEMON_PORT=
PLAIN_PID=
PLAIN_PORT=
# Starts ferryd on JDK (default: the launchers' choice) with the JVM options given, then any
# further flags. Its key is kept in the work folder, so every start has the same fingerprint, which
# ferry is given: it checks the server without a known_servers file.
start_ferryd() {
    local opts=${1:-$FERRYD_JAVA_DEFAULTS} jdk=${2:-$FERRY_JAVA_HOME} console=$WORK/ferryd.$RANDOM.out port=
    shift 2 2>/dev/null || shift $#
    # shellcheck disable=SC2086
    "$jdk/bin/java" $opts -jar "$FERRYD_JAR" --port 0 --repo "$REPO" --log-file "$WORK/ferryd.log" \
        --state-dir "$WORK/state" --max-clients "$((CLIENTS + 10))" --idle-timeout 0 --uploads "$@" > "$console" 2>&1 &
    LAST_PID=$!
    PIDS+=("$LAST_PID")
    for _ in $(seq 1 300); do
        port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$console" 2>/dev/null || true)
        if [[ -n $port ]]; then
            if [[ " $* " == *" --no-tls "* ]]; then
                PLAIN_PID=$LAST_PID PLAIN_PORT=$port
            else
                DAEMON_PID=$LAST_PID DAEMON_PORT=$port
                FINGERPRINT=$(sed -n 's/.*fingerprint \(SHA256:[A-Za-z0-9+/]*\).*/\1/p' "$console")
                FERRY=("$FERRY_ROOT/scripts/ferry" --fingerprint "$FINGERPRINT")
            fi
            return 0
        fi
        sleep 0.05
    done
    say "ferryd did not start: $(cat "$console")"
    exit 1
}
# The same ferryd in plain text (--no-tls, loopback only), beside the TLS one: what TLS costs.
start_plain_ferryd() { start_ferryd "" "" --no-tls; }
stop_plain_ferryd() {
    kill "$PLAIN_PID" 2>/dev/null || true
    wait "$PLAIN_PID" 2>/dev/null || true
}
stop_ferryd() {
    kill "$DAEMON_PID" 2>/dev/null || true
    wait "$DAEMON_PID" 2>/dev/null || true
}

declare -A R   # figures a ferry bench scenario prints, by name

# Runs ferry with ARGS (a bench scenario printing --tsv) and takes its figures into R, after
# dropping any of an earlier run whose names begin with PREFIX, so one it leaves out shows as
# missing. A run that fails returns non-zero with the reason in FAILURE.
figures() {
    local prefix=$1 key
    shift
    for key in "${!R[@]}"; do [[ $key == "$prefix".* ]] && unset "R[$key]"; done
    local command=("${FERRY[@]}")
    if [[ ${1:-} == "$FERRY_ROOT/scripts/ferry" ]]; then command=(); fi   # the caller names ferry and its flags
    if ! "${command[@]}" "$@" > "$WORK/figures.tsv" 2> "$WORK/figures.err"; then
        FAILURE="ferry failed: $(grep -m 1 . "$WORK/figures.err" || echo "(nothing on stderr)")"
        return 1
    fi
    while IFS=$'\t' read -r metric value _; do R[$metric]=$value; done < "$WORK/figures.tsv"
}
bench() { figures "$1" --port "$DAEMON_PORT" bench "$@" --tsv -o "$WORK/bench"; }

say "hashing bound..."
if ! figures sha256 bench sha256 --runs "$RUNS" --tsv; then say "$FAILURE"; exit 1; fi
BOUND=${R[sha256.median]}
if [[ $BIG_MIB != 1024 ]]; then
    BOUND=$(awk -v b="$BOUND" -v m="$BIG_MIB" 'BEGIN { printf "%.3f", b * m / 1024 }')
fi

start_ferryd
start_plain_ferryd
"${FERRY[@]}" --port "$DAEMON_PORT" get one.bin four.bin -o "$OUT" --overwrite >/dev/null   # fills the digest cache
"$FERRY_ROOT/scripts/ferry" --no-tls --port "$PLAIN_PORT" get one.bin four.bin -o "$OUT" --overwrite >/dev/null

# ---------------------------------------------------------------- peers

PEER_NOTES=()
BIG_CASES=(ferry_big ferry_plain_big)
SMALL_CASES=(ferry_small)

case_ferry_big() {
    rm -f "$OUT/one.bin"
    timed "${FERRY[@]}" --port "$DAEMON_PORT" get one.bin -o "$OUT" && same "$REPO/one.bin" "$OUT/one.bin"
}
case_ferry_plain_big() {
    rm -f "$OUT/one.bin"
    timed "$FERRY_ROOT/scripts/ferry" --no-tls --port "$PLAIN_PORT" get one.bin -o "$OUT" && same "$REPO/one.bin" "$OUT/one.bin"
}
# The other way: the same file uploaded over TLS into a folder of the repository, in turns with the
# same get as case_ferry_big, so that put and get meet the same machine.
case_ferry_put_big() {
    rm -f "$REPO/up/one.bin"
    timed "${FERRY[@]}" --port "$DAEMON_PORT" put "$REPO/one.bin" --to up && same "$REPO/one.bin" "$REPO/up/one.bin"
}
case_ferry_get_beside_put() { case_ferry_big; }
PUT_CASES=(ferry_put_big ferry_get_beside_put)

case_ferry_small() {
    rm -f "$OUT/four.bin"
    timed "${FERRY[@]}" --port "$DAEMON_PORT" get four.bin -o "$OUT" && same "$REPO/four.bin" "$OUT/four.bin"
}

if have socat; then
    SOCAT_PORT=$(free_port)
    # a one-shot socat server sends the file to whoever connects; only the client is timed
    socat_get() {
        local file=$1 output=$OUT/socat.$1 server status=0
        rm -f "$output"
        socat -b1048576 -u "OPEN:$REPO/$file" "TCP-LISTEN:$SOCAT_PORT,reuseaddr,bind=127.0.0.1" 2>"$WORK/socat.err" &
        server=$!
        if ! await_port "$SOCAT_PORT"; then
            kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true
            FAILURE="the socat server did not listen: $(grep -m 1 . "$WORK/socat.err" || true)"
            return 1
        fi
        timed socat -b1048576 -u "TCP:127.0.0.1:$SOCAT_PORT" "CREATE:$output" || status=1
        wait "$server" 2>/dev/null || true
        ((status == 0)) && same "$REPO/$file" "$output"
    }
    case_socat_big() { socat_get one.bin; }
    case_socat_small() { socat_get four.bin; }
    BIG_CASES+=(socat_big); SMALL_CASES+=(socat_small)
else
    PEER_NOTES+=("socat not installed: skipped")
fi

if have rsync; then
    say "peer: starting an rsync daemon..."
    RSYNC_PORT=$(free_port)
    # the daemon runs as whoever runs this script, so it can read the private work folder
    cat > "$WORK/rsyncd.conf" <<EOF
pid file = $WORK/rsyncd.pid
use chroot = no
uid = $(id -un)
gid = $(id -gn)
[data]
    path = $REPO
    read only = yes
[drop]
    path = $OUT/rsync-drop
    read only = no
EOF
    mkdir -p "$OUT/rsync-drop"
    rsync --daemon --no-detach --address=127.0.0.1 --port="$RSYNC_PORT" --config="$WORK/rsyncd.conf" \
        --log-file="$WORK/rsyncd.log" & PIDS+=($!)
    await_port "$RSYNC_PORT" || say "the rsync daemon did not listen; its runs will fail"
    case_rsync_big() {
        rm -f "$OUT/rsync.one.bin"
        timed rsync --whole-file "rsync://127.0.0.1:$RSYNC_PORT/data/one.bin" "$OUT/rsync.one.bin" \
            && same "$REPO/one.bin" "$OUT/rsync.one.bin"
    }
    case_rsync_small() {
        rm -f "$OUT/rsync.four.bin"
        timed rsync --whole-file "rsync://127.0.0.1:$RSYNC_PORT/data/four.bin" "$OUT/rsync.four.bin" \
            && same "$REPO/four.bin" "$OUT/rsync.four.bin"
    }
    case_rsync_put_big() {
        rm -f "$OUT/rsync-drop/one.bin"
        timed rsync --whole-file "$REPO/one.bin" "rsync://127.0.0.1:$RSYNC_PORT/drop/one.bin" \
            && same "$REPO/one.bin" "$OUT/rsync-drop/one.bin"
    }
    BIG_CASES+=(rsync_big); SMALL_CASES+=(rsync_small); PUT_CASES+=(rsync_put_big)
else
    PEER_NOTES+=("rsync not installed: skipped")
fi

SSHD=$(command -v sshd || echo /usr/sbin/sshd)
SSH_OK=false
if [[ -x $SSHD ]] && have scp && have sftp && have ssh-keygen; then
    say "peer: starting a loopback sshd (scp and sftp)..."
    SSH_PORT=$(free_port)
    ssh-keygen -q -t ed25519 -N '' -f "$WORK/host_key"
    ssh-keygen -q -t ed25519 -N '' -f "$WORK/user_key"
    cp "$WORK/user_key.pub" "$WORK/authorized_keys"
    mkdir -p /run/sshd 2>/dev/null || true
    cat > "$WORK/sshd_config" <<EOF
Port $SSH_PORT
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
    await_port "$SSH_PORT" || true
    SSH_OPTS=(-i "$WORK/user_key" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -q)
    if scp -P "$SSH_PORT" "${SSH_OPTS[@]}" "127.0.0.1:$REPO/four.bin" "$OUT/probe" 2>"$WORK/scp-probe.err"; then
        SSH_OK=true
        case_scp_gcm_big() {
            rm -f "$OUT/scp.one.bin"
            timed scp -P "$SSH_PORT" "${SSH_OPTS[@]}" -c aes128-gcm@openssh.com "127.0.0.1:$REPO/one.bin" "$OUT/scp.one.bin" \
                && same "$REPO/one.bin" "$OUT/scp.one.bin"
        }
        case_scp_chacha_big() {
            rm -f "$OUT/scp.one.bin"
            timed scp -P "$SSH_PORT" "${SSH_OPTS[@]}" "127.0.0.1:$REPO/one.bin" "$OUT/scp.one.bin" \
                && same "$REPO/one.bin" "$OUT/scp.one.bin"
        }
        case_scp_small() {
            rm -f "$OUT/scp.four.bin"
            timed scp -P "$SSH_PORT" "${SSH_OPTS[@]}" "127.0.0.1:$REPO/four.bin" "$OUT/scp.four.bin" \
                && same "$REPO/four.bin" "$OUT/scp.four.bin"
        }
        case_scp_gcm_put_big() {
            rm -f "$OUT/scp.up.bin"
            timed scp -P "$SSH_PORT" "${SSH_OPTS[@]}" -c aes128-gcm@openssh.com "$REPO/one.bin" "127.0.0.1:$OUT/scp.up.bin" \
                && same "$REPO/one.bin" "$OUT/scp.up.bin"
        }
        BIG_CASES+=(scp_gcm_big scp_chacha_big); SMALL_CASES+=(scp_small); PUT_CASES+=(scp_gcm_put_big)
    else
        PEER_NOTES+=("sshd would not accept a login here, so scp and sftp were skipped: $(grep -m 1 . "$WORK/scp-probe.err" || echo "scp failed")")
    fi
else
    PEER_NOTES+=("sshd, scp or sftp not installed: scp and sftp skipped")
fi

NGINX=$(command -v nginx || echo /usr/sbin/nginx)
NGINX_OK=false
if [[ -x $NGINX ]] && have curl; then
    say "peer: starting nginx (curl is its client)..."
    NGINX_PORT=$(free_port)
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
    server { listen 127.0.0.1:$NGINX_PORT; root $REPO; }
}
EOF
    "$NGINX" -c "$WORK/nginx.conf" -p "$WORK/nginx" 2>"$WORK/nginx.err" & PIDS+=($!)
    await_port "$NGINX_PORT" || true
    if curl -sS -f -o "$OUT/probe" "http://127.0.0.1:$NGINX_PORT/four.bin" 2>"$WORK/curl-probe.err"; then
        NGINX_OK=true
        case_nginx_big() {
            rm -f "$OUT/curl.one.bin"
            timed curl -sS -f -o "$OUT/curl.one.bin" "http://127.0.0.1:$NGINX_PORT/one.bin" \
                && same "$REPO/one.bin" "$OUT/curl.one.bin"
        }
        case_curl_small() {
            rm -f "$OUT/curl.four.bin"
            timed curl -sS -f -o "$OUT/curl.four.bin" "http://127.0.0.1:$NGINX_PORT/four.bin" \
                && same "$REPO/four.bin" "$OUT/curl.four.bin"
        }
        BIG_CASES+=(nginx_big); SMALL_CASES+=(curl_small)
    else
        PEER_NOTES+=("nginx did not serve the test files, so it was skipped: $(grep -m 1 . "$WORK/curl-probe.err" "$WORK/nginx.err" || true)")
    fi
else
    PEER_NOTES+=("nginx or curl not installed: skipped")
fi

# ---------------------------------------------------------------- 1. one big file, and 4 KiB as a whole process

if section big; then
    say "big file: ${BIG_CASES[*]}, in turns..."
    alternate "${BIG_CASES[@]}"
fi

if section put; then
    say "big file uploaded: ${PUT_CASES[*]}, in turns..."
    alternate "${PUT_CASES[@]}"
    rm -rf "$REPO/up" "$OUT/rsync-drop/one.bin" "$OUT/scp.up.bin"
fi

if section cold; then
    say "ferry: verified ${BIG_MIB} MiB download, cold (first request after the daemon starts)..."
    case_ferry_big_cold() {
        stop_ferryd; start_ferryd
        rm -f "$OUT/one.bin"
        timed "${FERRY[@]}" --port "$DAEMON_PORT" get one.bin -o "$OUT" && same "$REPO/one.bin" "$OUT/one.bin"
    }
    alternate ferry_big_cold
fi

if section small; then
    printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' > "$WORK/Hello.java"
    javac -d "$WORK" "$WORK/Hello.java"
    case_jvm_hello() {
        timed "$FERRY_JAVA_HOME/bin/java" -XX:+UseSerialGC -cp "$WORK" Hello && grep -qx hello "$WORK/last.out" \
            || { FAILURE=${FAILURE:-"Hello printed '$(head -c 40 "$WORK/last.out")'"}; return 1; }
    }
    say "4 KiB, one process each: ${SMALL_CASES[*]} jvm_hello, in turns..."
    alternate "${SMALL_CASES[@]}" jvm_hello
fi

# ---------------------------------------------------------------- 2. many small requests in one session

if section requests; then
    # a session's first thousand gets run partly in the JVM's interpreter; after a few thousand the path
    # is compiled, as it is in any long session (the terminal UI, the shell): both are reported
    UNITS[ferry_requests]=µs UNITS[ferry_requests_cold]=µs UNITS[sftp_requests]=µs UNITS[curl_requests]=µs
    UNITS[ferry_requests_plain]=µs
    case_ferry_requests_cold() {
        bench small --file four.bin -n 1000 --warm-up 100 && reported "${R[small.per_request_mean]:-}"
    }
    case_ferry_requests() {
        bench small --file four.bin -n 1000 --warm-up 3000 && reported "${R[small.per_request_mean]:-}"
    }
    per_request() { awk -v s="$LAST" 'BEGIN { printf "%.1f", s * 1e6 / 1000 }'; }
    case_ferry_requests_plain() {
        figures small "$FERRY_ROOT/scripts/ferry" --no-tls --port "$PLAIN_PORT" bench small --file four.bin -n 1000 \
            --warm-up 3000 --tsv -o "$WORK/bench" && reported "${R[small.per_request_mean]:-}"
    }
    REQUEST_CASES=(ferry_requests ferry_requests_plain ferry_requests_cold)
    if $SSH_OK; then
        for i in $(seq 1 1000); do echo "get $REPO/four.bin $OUT/sftp/f$i"; done > "$WORK/sftp.batch"
        case_sftp_requests() {
            rm -rf "$OUT/sftp"; mkdir -p "$OUT/sftp"
            timed sftp -P "$SSH_PORT" "${SSH_OPTS[@]}" -b "$WORK/sftp.batch" 127.0.0.1 \
                && all_same "$REPO/four.bin" "$OUT/sftp" 1000 && LAST=$(per_request)
        }
        REQUEST_CASES+=(sftp_requests)
    fi
    if $NGINX_OK; then
        for i in $(seq 1 1000); do printf 'url = "http://127.0.0.1:%s/four.bin"\noutput = "%s/curl/f%s"\n' "$NGINX_PORT" "$OUT" "$i"; done > "$WORK/curl.conf"
        case_curl_requests() {
            rm -rf "$OUT/curl"; mkdir -p "$OUT/curl"
            timed curl -sS -f -K "$WORK/curl.conf" && all_same "$REPO/four.bin" "$OUT/curl" 1000 && LAST=$(per_request)
        }
        REQUEST_CASES+=(curl_requests)
    fi
    say "1000 small requests in one session: ${REQUEST_CASES[*]}, in turns..."
    alternate "${REQUEST_CASES[@]}"
fi

# ---------------------------------------------------------------- 3, 4. ping under load, fair sharing

PING_NOTE='' FAIR_NOTE=''
if section ping; then
    say "ferry bench ping..."
    bench ping --file one.bin --load 3 -n 2000 || PING_NOTE=$FAILURE
fi
if section fair; then
    say "ferry bench fair..."
    bench fair --file one.bin --clients 3 || FAIR_NOTE=$FAILURE
fi
# A file renamed into the repository, one at a time, to the FILES_CHANGED event at a client that
# watches: each run's figure is the p99 of its renames (ferry bench live times them itself).
RENAMES=${BENCH_RENAMES:-200}
if section live; then
    UNITS[ferry_live]=ms
    UNITS[ferry_live_p50]=ms
    case_ferry_live() {
        bench live --repo "$REPO" --renames "$RENAMES" && reported "${R[live.p99]:-}" \
            && SAMPLES[ferry_live_p50]="${SAMPLES[ferry_live_p50]:-} ${R[live.p50]}"
    }
    say "ferry bench live: $RUNS runs of $RENAMES renames..."
    alternate ferry_live
fi
stop_ferryd
stop_plain_ferryd

# ---------------------------------------------------------------- 5. scale and start-up, on each JDK

declare -A SCALE_NOTE
if section scale; then
    for jdk in "${JDKS[@]}"; do
        say "$CLIENTS clients at once, ferryd on $(jdk_name "$jdk")..."
        # with the JVM options its launchers give it on that Java
        start_ferryd "$(FERRY_JAVA_FEATURE=$(ferry_java_feature "$jdk") ferryd_java_opts)" "$jdk"
        if ! bench scale --clients "$CLIENTS"; then
            SCALE_NOTE[$jdk]=$FAILURE
        fi
        for key in clients_connected errors connect_rate; do R[jdk.$key@$jdk]=${R[scale.$key]:-}; done
        if kill -0 "$DAEMON_PID" 2>/dev/null; then
            R[jdk.rss@$jdk]=$(( $(hwm_kib "$DAEMON_PID") / 1024 ))
        else
            exited=0; wait "$DAEMON_PID" || exited=$?
            SCALE_NOTE[$jdk]="ferryd exited (status $exited) during the scenario"
        fi
        stop_ferryd
    done
fi

STARTUP_CASES=()
if section startup; then
    start_ferryd
    for jdk in "${JDKS[@]}"; do
        n=$(ferry_java_feature "$jdk" || echo x)
        eval "case_java_version_$n() { timed \"$jdk/bin/java\" -version; }"
        eval "case_ferry_who_$n() {
            timed env JAVA_HOME=\"$jdk\" \"\${FERRY[@]}\" --port \"\$DAEMON_PORT\" who && grep -q Client \"\$WORK/last.out\" \\
                || { FAILURE=\${FAILURE:-\"who printed no client: \$(head -c 60 \"\$WORK/last.out\")\"}; return 1; }
        }"
        eval "case_ferry_get4_$n() {
            rm -f \"\$OUT/four.bin\"
            timed env JAVA_HOME=\"$jdk\" \"\${FERRY[@]}\" --port \"\$DAEMON_PORT\" get four.bin -o \"\$OUT\" && same \"\$REPO/four.bin\" \"\$OUT/four.bin\"
        }"
        # the first run on a JDK makes its start-up archive; it is not timed
        ferry_on "$jdk" --port "$DAEMON_PORT" who > /dev/null 2>&1 || true
        ferry_on "$jdk" --port "$DAEMON_PORT" who > /dev/null 2>&1 || true
        STARTUP_CASES+=("java_version_$n" "ferry_who_$n" "ferry_get4_$n")
    done
    $SSH_OK && STARTUP_CASES+=(scp_small_again)
    case_scp_small_again() { case_scp_small; }
    say "start-up: ${STARTUP_CASES[*]}, in turns..."
    alternate "${STARTUP_CASES[@]}"
    stop_ferryd
fi

# ---------------------------------------------------------------- 6. flat memory

FLAT_NOTE=
if section flat; then
    say "flat memory: ferryd -Xmx64m serving a ${HUGE_GIB} GiB file..."
    start_ferryd "$FERRYD_JAVA_DEFAULTS -Xmx64m"
    rm -f "$OUT/huge.bin"
    "${FERRY[@]}" --port "$DAEMON_PORT" get huge.bin -o "$OUT" >/dev/null 2>"$WORK/huge.err" &
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
    if ! wait "$client"; then
        FLAT_NOTE="the ${HUGE_GIB} GiB download failed: $(grep -m 1 . "$WORK/huge.err" || true)"
    elif ! cmp -s "$REPO/huge.bin" "$OUT/huge.bin"; then
        FLAT_NOTE="the ${HUGE_GIB} GiB download differs from its source"
    fi
    stop_ferryd
    minmax() { printf '%s\n' "$@" | grep -v '^0$' | sort -n | awk 'NR == 1 { min = $1 } { max = $1 } END { printf "%d %d", min / 1024, max / 1024 }'; }
    read -r R[flat.daemon_min] R[flat.daemon_max] <<< "$(minmax "${samples_d[@]}")"
    read -r R[flat.client_min] R[flat.client_max] <<< "$(minmax "${samples_c[@]}")"
    R[flat.samples]=${#samples_d[@]}
fi

# ---------------------------------------------------------------- the table

get() { echo "${R[$1]:--}"; }
row() { printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4"; }
# A row for a peer compared with Ferry: its cell, and Ferry's time as a multiple of its own.
peer_row() {
    local label=$1 name=$2 ferry=$3 target=${4:-} limit=${5:-}
    [[ -n ${SAMPLES[$name]:-} || -n ${FAILED[$name]:-} ]] || return 0
    local r
    r=$(ratio "$(median "$ferry")" "$(median "$name")")
    if [[ -n $limit ]]; then
        row "$label" "$(cell "$name")" "$target" "$(verdict "$r" "$limit") (Ferry ${r}×)"
    else
        row "$label" "$(cell "$name")" "$target" "$([[ $r == - ]] && echo "no verdict" || echo "Ferry ${r}×")"
    fi
}
target_big=$(awk -v b="$BOUND" 'BEGIN { printf "%.3f", 1.2 * b }')
target_cold=$(awk -v b="$BOUND" 'BEGIN { printf "%.3f", 1.5 * b }')

echo
echo "## Ferry benchmark"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs));" \
     "ferryd and ferry on $(jdk_name "$FERRY_JAVA_HOME") unless a row says otherwise; ${BIG_MIB} MiB file hot in page cache; loopback; Ferry over TLS 1.3 (its default) unless a row says plain text."
echo "Each figure: the median, with how many runs it rests on and the lowest–highest; Ferry and its peers ran in turns, and every output was checked by SHA-256."
echo
echo "| figure | measured | target | verdict |"
echo "|---|---|---|---|"
row "SHA-256 of ${BIG_MIB} MiB in memory, one core (the bound)" "${BOUND} s" "" ""
if section big; then
    row "1. verified ${BIG_MIB} MiB \`ferry get\`, whole process, hot" "$(cell ferry_big)" "≤ 1.2 × bound = ${target_big} s" "$(verdict "$(median ferry_big)" "$target_big")"
fi
if section cold; then
    row "1. same, cold (first request after the daemon starts)" "$(cell ferry_big_cold)" "≤ 1.5 × bound = ${target_cold} s" "$(verdict "$(median ferry_big_cold)" "$target_cold")"
fi
if section big; then
    peer_row "1. vs rsync daemon (--whole-file)" rsync_big ferry_big "Ferry faster" 1
    peer_row "1. vs scp, aes128-gcm" scp_gcm_big ferry_big "Ferry ≤ 0.65 ×" 0.65
    peer_row "1. vs scp, default cipher" scp_chacha_big ferry_big "Ferry ≤ 0.65 ×" 0.65
    peer_row "1. TLS: vs scp, aes128-gcm" scp_gcm_big ferry_big "Ferry ≤ 0.75 ×" 0.75
    peer_row "1. TLS: vs Ferry in plain text (--no-tls), whole process" ferry_plain_big ferry_big "Ferry (TLS) ≤ 1.3 ×" 1.3
    peer_row "   socat, 1 MiB buffers (raw TCP, no check)" socat_big ferry_big
    peer_row "   nginx (sendfile) + curl" nginx_big ferry_big
fi
if section put; then
    target_put=$(awk -v g="$(median ferry_get_beside_put)" 'BEGIN { if (g != "") printf "%.3f", 1.1 * g }')
    row "1b. verified ${BIG_MIB} MiB \`ferry put\` (TLS), whole process, hot" "$(cell ferry_put_big)" "≤ 1.1 × get = ${target_put:-no figure} s" "$(verdict "$(median ferry_put_big)" "$target_put")"
    row "    the get it is held to, in the same turns" "$(cell ferry_get_beside_put)" "" ""
    peer_row "1b. vs an rsync daemon upload (--whole-file)" rsync_put_big ferry_put_big
    peer_row "1b. vs scp upload, aes128-gcm" scp_gcm_put_big ferry_put_big
fi
if section requests; then
    if [[ -n ${SAMPLES[curl_requests]:-} ]]; then
        row "2. 1000 × 4 KiB gets in one session, per request (after 3000 warm-up gets)" "$(cell ferry_requests)" "≤ nginx keep-alive: $(cell curl_requests)" "$(verdict "$(median ferry_requests)" "$(median curl_requests)")"
    else
        row "2. 1000 × 4 KiB gets in one session, per request (after 3000 warm-up gets)" "$(cell ferry_requests)" "≤ nginx keep-alive: ${FAILED[curl_requests]:-not measured}" "no verdict"
    fi
    row "   same, the first 1000 of a new session (after 100)" "$(cell ferry_requests_cold)" "(reported)" ""
    peer_row "2. TLS: vs Ferry in plain text (--no-tls), per request" ferry_requests_plain ferry_requests "Ferry (TLS) ≤ 1.5 ×" 1.5
    if [[ -n ${SAMPLES[sftp_requests]:-} || -n ${FAILED[sftp_requests]:-} ]]; then
        r=$(ratio "$(median sftp_requests)" "$(median ferry_requests)")
        row "   sftp, 1000 gets in one session, per request" "$(cell sftp_requests)" "Ferry ≥ 5× faster" "$(verdict 5 "$r") (${r}× faster)"
    fi
fi
if section small; then
    row "   \`ferry get\` of 4 KiB, whole process" "$(cell ferry_small)" "" ""
    peer_row "   4 KiB: socat, one process each" socat_small ferry_small
    peer_row "   4 KiB: curl from nginx" curl_small ferry_small
    peer_row "   4 KiB: rsync daemon" rsync_small ferry_small
    peer_row "   4 KiB: scp" scp_small ferry_small
    row "   JVM start, Hello world ($(jdk_name "$FERRY_JAVA_HOME"))" "$(cell jvm_hello)" "" ""
fi
if section ping; then
    if [[ -n $PING_NOTE ]]; then
        row "3. ping p99" "no figure: $PING_NOTE" "≤ 1 ms idle, ≤ 5 ms loaded" "no verdict"
    else
        row "3. ping p99, idle" "$(get ping.idle_p99) ms" "≤ 1 ms" "$(verdict "$(get ping.idle_p99)" 1)"
        row "3. ping p99, three ${BIG_MIB} MiB downloads in flight ($(get ping.loaded_pings) pings)" "$(get ping.loaded_p99) ms" "≤ 5 ms" "$(verdict "$(get ping.loaded_p99)" 5)"
    fi
fi
if section fair; then
    if [[ -n $FAIR_NOTE ]]; then
        row "4. three clients at once" "no figure: $FAIR_NOTE" "within ±20 %, ≥ 80 % together" "no verdict"
    else
        row "4. three clients at once: $(get fair.client1) / $(get fair.client2) / $(get fair.client3) MiB/s" "±$(get fair.largest_deviation_from_mean) %" "within ±20 %" "$(verdict "$(get fair.largest_deviation_from_mean)" 20)"
        row "4. together vs one client alone ($(get fair.aggregate) vs $(get fair.single_client) MiB/s)" "$(get fair.aggregate_vs_single) %" "≥ 80 %" "$(verdict 80 "$(get fair.aggregate_vs_single)")"
    fi
fi
if section live; then
    row "8. a file renamed into the repository to its event at another client, p99 of $RENAMES renames" "$(cell ferry_live)" "≤ 1000 ms" "$(verdict "$(median ferry_live)" 1000)"
    [[ -n ${FAILED[ferry_live]:-} ]] || row "   same, median of $RENAMES renames" "$(cell ferry_live_p50)" "" ""
fi
if section scale; then
    for jdk in "${JDKS[@]}"; do
        on="ferryd on $(jdk_name "$jdk")"
        if [[ -n ${SCALE_NOTE[$jdk]:-} ]]; then
            row "5. $CLIENTS clients at once, $on" "no figure: ${SCALE_NOTE[$jdk]}" "all, 0 errors, ≤ 128 MiB" "no verdict"
            continue
        fi
        connected=$(get "jdk.clients_connected@$jdk") errors=$(get "jdk.errors@$jdk")
        row "5. $CLIENTS clients at once (list + ping each), $on: connected, errors" "$connected, $errors" "all, 0" "$(if [[ $connected == "$CLIENTS" && $errors == 0 ]]; then echo holds; else echo MISSED; fi)"
        row "5. connect rate, $on" "$(get "jdk.connect_rate@$jdk") /s" "≥ 1000 /s" "$(verdict 1000 "$(get "jdk.connect_rate@$jdk")")"
        row "5. daemon peak RSS, $on" "$(get "jdk.rss@$jdk") MiB" "≤ 128 MiB" "$(verdict "$(get "jdk.rss@$jdk")" 128)"
    done
fi
if section startup; then
    for jdk in "${JDKS[@]}"; do
        n=$(ferry_java_feature "$jdk" || echo x)
        twice=$(awk -v v="$(median "java_version_$n")" 'BEGIN { if (v != "") printf "%.4f", 2 * v }')
        row "7. \`ferry who\`, whole process, $(jdk_name "$jdk")" "$(cell "ferry_who_$n")" "≤ 2 × \`java -version\` = ${twice:--} s" "$(verdict "$(median "ferry_who_$n")" "$twice")"
        row "   bare \`java -version\`, $(jdk_name "$jdk")" "$(cell "java_version_$n")" "" ""
        if [[ -n ${SAMPLES[scp_small_again]:-} ]]; then
            row "7. \`ferry get\` of 4 KiB, whole process, $(jdk_name "$jdk")" "$(cell "ferry_get4_$n")" "≤ scp: $(median scp_small_again) s" "$(verdict "$(median "ferry_get4_$n")" "$(median scp_small_again)")"
        else
            row "7. \`ferry get\` of 4 KiB, whole process, $(jdk_name "$jdk")" "$(cell "ferry_get4_$n")" "≤ scp: ${FAILED[scp_small_again]:-not measured}" "no verdict"
        fi
    done
    [[ -n ${SAMPLES[scp_small_again]:-} || -n ${FAILED[scp_small_again]:-} ]] && row "   scp of the same 4 KiB, in the same turns" "$(cell scp_small_again)" "" ""
fi
if section flat; then
    if [[ -n $FLAT_NOTE ]]; then
        row "6. ferryd -Xmx64m serving ${HUGE_GIB} GiB" "no figure: $FLAT_NOTE" "flat" "no verdict"
    else
        row "6. ferryd -Xmx64m serving ${HUGE_GIB} GiB: daemon RSS min–max ($(get flat.samples) samples)" "$(get flat.daemon_min)–$(get flat.daemon_max) MiB" "flat" ""
        row "6. client RSS min–max during the same transfer" "$(get flat.client_min)–$(get flat.client_max) MiB" "flat" ""
    fi
fi
echo
for note in "${PEER_NOTES[@]}"; do echo "- $note"; done
for name in "${!FAILED[@]}"; do echo "- $name gave no figure: ${FAILED[$name]}"; done
