#!/usr/bin/env bash
# Runs an installed ferryd under the restrictions of ferryd.service, for a machine where systemd
# is not PID 1 (a container, a CI runner) and systemd-run cannot apply them. As root:
#
#   scripts/unit-sandbox.sh PREFIX SETTINGS_FILE [FERRYD FLAGS...]
#
# PREFIX is where install.sh put Ferry (not under /home, /root or /tmp, which the sandbox hides).
# What it applies, with the unit's setting for each: new mount and PID namespaces; / read-only
# (ProtectSystem=strict); empty /home, /root, /tmp (ProtectHome=, PrivateTmp=); a /dev with only
# null, zero, random and urandom (PrivateDevices=); a /proc showing only its own processes
# (ProtectProc=invisible, ProcSubset=pid); writable /var/lib/ferry, 0700, and /var/log/ferry
# (StateDirectory=, LogsDirectory=); an unused uid with no groups (DynamicUser=); no capabilities
# in any set (CapabilityBoundingSet=, AmbientCapabilities=); no_new_privs (NoNewPrivileges=);
# umask 0077 (UMask=); and, where python3-seccomp is installed, the system-call filter
# (SystemCallFilter=@system-service ~@privileged, SystemCallErrorNumber=EPERM, the list from
# systemd-analyze) with socket() for AF_INET, AF_INET6 and AF_UNIX only (RestrictAddressFamilies=).
# Not applied: PrivateUsers=, RestrictNamespaces=, LockPersonality=, ProtectKernel*=, ProtectClock=.
set -euo pipefail
if (($# < 2)) || [[ $(id -u) != 0 ]]; then
    sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
fi
prefix=$(readlink -f "$1") settings=$(readlink -f "$2")
shift 2
uid=${SANDBOX_UID:-61234}
work=$(mktemp -d /var/tmp/ferry-sandbox.XXXXXX)
chmod 0755 "$work"
trap 'rm -rf "$work"' EXIT

filter=()
if /usr/bin/python3 -c 'import seccomp' 2>/dev/null && command -v systemd-analyze >/dev/null; then
    expand() {
        systemd-analyze syscall-filter "$1" | awk 'NR > 1 && $1 !~ /^#/ { print $1 }' | while read -r call; do
            if [[ $call == @* ]]; then expand "$call"; else echo "$call"; fi
        done
    }
    comm -23 <(expand @system-service | sort -u) <(expand @privileged | sort -u) > "$work/allowed"
    cat > "$work/filter.py" <<'PY'
import errno, os, socket, sys
import seccomp
f = seccomp.SyscallFilter(defaction=seccomp.ERRNO(errno.EPERM))
allowed = 0
for name in open(sys.argv[1]):
    name = name.strip()
    if name and name != 'socket':
        try:
            f.add_rule(seccomp.ALLOW, name)
            allowed += 1
        except Exception:
            pass  # not a system call on this architecture
for family in (socket.AF_INET, socket.AF_INET6, socket.AF_UNIX):
    f.add_rule(seccomp.ALLOW, 'socket', seccomp.Arg(0, seccomp.EQ, family))
f.load()
sys.stderr.write(f"sandbox: system-call filter on: {allowed} calls allowed, socket() for IPv4, IPv6 and Unix only\n")
os.execv(sys.argv[2], sys.argv[2:])
PY
    chmod -R a+rX "$work"
    filter=(/usr/bin/python3 "$work/filter.py" "$work/allowed")
else
    echo "sandbox: python3-seccomp or systemd-analyze missing: no system-call filter" >&2
fi

# shellcheck disable=SC2016
unshare --mount --pid --fork bash -c '
set -euo pipefail
uid=$1 prefix=$2 settings=$3 n=$4; shift 4
filter=("${@:1:n}"); shift "$n"
flags=("$@")
mount --make-rprivate /
for d in /home /root /tmp /var/lib /var/log; do mount -t tmpfs -o mode=0755 tmpfs "$d"; done
chmod 1777 /tmp
install -d -m 0700 -o "$uid" -g "$uid" /var/lib/ferry
install -d -m 0755 -o "$uid" -g "$uid" /var/log/ferry
mount -t tmpfs -o mode=0755 tmpfs /dev
mknod -m 0666 /dev/null c 1 3; mknod -m 0666 /dev/zero c 1 5
mknod -m 0666 /dev/random c 1 8; mknod -m 0666 /dev/urandom c 1 9
mount -t proc -o subset=pid,hidepid=invisible proc /proc
mount -o bind,remount,ro /
cd /var/lib/ferry
umask 0077
exec setpriv --reuid "$uid" --regid "$uid" --clear-groups --no-new-privs \
    --bounding-set -all --inh-caps -all --ambient-caps -all \
    env -i ${JAVA_HOME:+JAVA_HOME=$JAVA_HOME} LANG=C.UTF-8 PATH=/usr/bin:/bin HOME=/ \
    STATE_DIRECTORY=/var/lib/ferry LOGS_DIRECTORY=/var/log/ferry \
    "${filter[@]}" "$prefix/bin/ferryd" --config "$settings" "${flags[@]}"
' sandbox "$uid" "$prefix" "$settings" "${#filter[@]}" "${filter[@]}" "$@"
