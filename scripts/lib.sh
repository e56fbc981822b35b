# Shared by Ferry's launchers: where the jars are, building them on first use in a source tree,
# which Java runs them, and the locale it runs under.
# shellcheck shell=bash

# Two layouts: a source tree (this file in scripts/, the jars in each module's target/) and an
# installed release (this file in lib/ferry/ beside the jars, the launchers in bin/).
if [[ $(basename "$(dirname "${BASH_SOURCE[0]}")") == ferry && -f $(dirname "${BASH_SOURCE[0]}")/ferry.jar ]]; then
    FERRY_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    FERRYD_JAR=$FERRY_ROOT/lib/ferry/ferryd.jar
    FERRY_JAR=$FERRY_ROOT/lib/ferry/ferry.jar
    FERRY_INSTALLED=true
else
    FERRY_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
    FERRYD_JAR=$FERRY_ROOT/daemon/target/ferryd.jar
    FERRY_JAR=$FERRY_ROOT/tui-client/target/ferry.jar
    FERRY_INSTALLED=false
fi

# ferryd's JVM: its heap holds sessions and small replies only (file data goes from disk to socket
# without passing through it), and its threads are shallow; with a thousand clients connected its
# resident memory peaked at 225-270 MiB in our runs, half of it the threads' stacks. What clients'
# replies may hold is a budget ferryd sets from this heap (a quarter of it). Should memory run out
# all the same, ferryd logs it and exits (status 3) rather than limp on with threads dead: a service
# manager restarts it. (The JVM's -XX:+ExitOnOutOfMemoryError would exit before the log line.)
FERRYD_JAVA_DEFAULTS="-XX:+UseSerialGC -Xss256k -Xmx64m"

# ferryd's JVM options: FERRYD_JAVA_OPTS when set, else the defaults above for the Java that
# ferry_java chose. Before Java 21 each connection has a thread of its own, and every thread's
# stack has 80 KiB resident from its first method call: the interpreter touches each page of the
# stack's 20-page shadow zone (what native code may use beyond the overflow check) on entry.
# Ten pages halve that, 83 -> 46 KiB a thread (measured in /proc/PID/smaps); ferryd's threads are
# shallow and its native calls (TLS, file I/O) need a few KiB. Java 21 and newer serve
# connections on virtual threads, whose stacks live in the heap, and keep the JVM's default.
ferryd_java_opts() {
    if [[ -n ${FERRYD_JAVA_OPTS:-} ]]; then
        echo "$FERRYD_JAVA_OPTS"
    elif ((${FERRY_JAVA_FEATURE:-17} < 21)); then
        echo "$FERRYD_JAVA_DEFAULTS -XX:StackShadowPages=10"
    else
        echo "$FERRYD_JAVA_DEFAULTS"
    fi
}

# Maven, quiet and without colour, its output on stderr. -B and style.color=never turn colour off;
# jansi.noreset keeps the Jansi some Maven packages ship (Debian's 3.8) from writing a reset code
# (ESC[0m) to both streams as Maven starts and ends, which it does even in batch mode.
ferry_mvn() {
    (cd "$FERRY_ROOT" && MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true" mvn -B -q -Dstyle.color=never "$@" >&2)
}

# Where start-up archives for JAR go: beside it when that folder is writable, else
# $XDG_CACHE_HOME/ferry (made if need be). Fails when there is nowhere to write.
ferry_cache_dir() {
    local beside
    beside=$(dirname "$1")
    if [[ -w $beside ]]; then
        echo "$beside"
        return 0
    fi
    local cache=${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/ferry
    mkdir -p "$cache" 2>/dev/null && [[ -w $cache ]] && echo "$cache"
}

# Builds both jars with Maven if either is missing. Build output goes to stderr, so a script
# reading ferry's stdout still sees only ferry's output.
ferry_build_if_missing() {
    if [[ -f $FERRYD_JAR && -f $FERRY_JAR ]]; then
        return 0
    fi
    if $FERRY_INSTALLED; then
        echo "ferry: $FERRY_JAR or $FERRYD_JAR is missing; reinstall Ferry" >&2
        return 1
    fi
    if ! command -v mvn >/dev/null 2>&1; then
        echo "ferry: the jars are not built and Maven (mvn) is not installed; install Maven and a JDK 17+" >&2
        return 1
    fi
    echo "ferry: building the runnable jars with Maven (first run only)..." >&2
    if ! ferry_mvn -DskipTests package; then
        echo "ferry: the build failed; run 'mvn -B package' in $FERRY_ROOT to see why" >&2
        return 1
    fi
}

# Java reads file names, and ferry its arguments, in the charset of the locale it starts under.
# Under C or POSIX (a systemd unit, a container, cron) that is ASCII, and 'café menu.txt' can be
# neither served nor asked for. Then, and only then, this sets the character type to a UTF-8
# locale the system has: LC_CTYPE, or LC_ALL where LC_CTYPE would not count (below).
# Under ASCII nothing outside ASCII could work, so the switch cannot break anything; a caller's
# UTF-8 or deliberate legacy locale (ISO-8859-1, say, with file names to match) is left alone, and
# so are messages, dates and the rest. A locale is set only once 'locale' confirms it exists;
# where none does nothing changes, and ferryd says at start that names outside ASCII cannot be
# served.
ferry_utf8_locale() {
    command -v locale >/dev/null 2>&1 || return 0
    case $(locale charmap 2>/dev/null) in
        ANSI_X3.4-1968|US-ASCII|ASCII|'') ;;
        *) return 0 ;;
    esac
    local candidate
    for candidate in C.UTF-8 C.utf8 en_US.UTF-8; do
        if [[ $(LC_ALL=$candidate locale charmap 2>/dev/null) == UTF-8 ]]; then
            # LC_ALL when the caller set it, or when a setting names a locale the system lacks:
            # then C applies to every category, LC_CTYPE too, whatever it says
            if [[ -n ${LC_ALL:-} || -n $(locale 2>&1 >/dev/null) ]]; then
                export LC_ALL=$candidate
            else
                export LC_CTYPE=$candidate
            fi
            return 0
        fi
    done
}

# The feature version (17, 21, 25, ...) of the Java installed at HOME, from its 'release' file, or
# nothing when it has none.
ferry_java_feature() {
    local version
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n 1)
    [[ $version =~ ^[0-9]+$ ]] && echo "$version"
}

# The Java installation Ferry runs on: JAVA_HOME when it is set, else the newest Java 17 or later
# installed beside the default one (the one 'java' on the PATH is), as /usr/lib/jvm holds several;
# the default when no newer one is found. Newer JDKs start Ferry faster and, from Java 21, serve
# each connection on a virtual thread. Prints the home folder.
ferry_java_home() {
    if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
        echo "$JAVA_HOME"
        return 0
    fi
    local java default best="" best_version=0 home version
    java=$(command -v java 2>/dev/null) || return 1
    default=$(dirname "$(dirname "$(readlink -f "$java")")")
    for home in "$default" "$(dirname "$default")"/*; do
        [[ -x $home/bin/java ]] || continue
        version=$(ferry_java_feature "$home") || continue
        if ((version >= 17 && version > best_version)); then
            best=$home best_version=$version
        fi
    done
    echo "${best:-$default}"
}

# Checks for java, chooses the installation (JAVA, its home in FERRY_JAVA_HOME and its feature
# version in FERRY_JAVA_FEATURE) and sets up what every launcher's java needs.
ferry_java() {
    if ! FERRY_JAVA_HOME=$(ferry_java_home); then
        echo "ferry: java is not installed; Ferry needs a JDK or JRE 17 or newer" >&2
        return 1
    fi
    JAVA=$FERRY_JAVA_HOME/bin/java
    FERRY_JAVA_FEATURE=$(ferry_java_feature "$FERRY_JAVA_HOME" || echo 17)
    ferry_utf8_locale
}
