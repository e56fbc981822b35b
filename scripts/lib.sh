# Shared by Ferry's launchers: where the project is, building the runnable jars on first use, and
# the locale java runs under.
# shellcheck shell=bash

FERRY_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FERRYD_JAR=$FERRY_ROOT/daemon/target/ferryd.jar
FERRY_JAR=$FERRY_ROOT/tui-client/target/ferry.jar

# ferryd's JVM: its heap holds sessions and small replies only (file data goes from disk to socket
# without passing through it), and its threads are shallow; with a thousand clients connected its
# resident memory peaked at 225-270 MiB in our runs, half of it the threads' stacks. Should the heap
# run out all the same, ferryd exits (status 3) rather than limp on with threads dead: a service
# manager restarts it, and its console output (run/ferryd.out, or the journal) says why.
FERRYD_JAVA_DEFAULTS="-XX:+UseSerialGC -Xss256k -Xmx64m -XX:+ExitOnOutOfMemoryError"

# Maven, quiet and without colour, its output on stderr. -B and style.color=never turn colour off;
# jansi.noreset keeps the Jansi some Maven packages ship (Debian's 3.8) from writing a reset code
# (ESC[0m) to both streams as Maven starts and ends, which it does even in batch mode.
ferry_mvn() {
    (cd "$FERRY_ROOT" && MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true" mvn -B -q -Dstyle.color=never "$@" >&2)
}

# Builds both jars with Maven if either is missing. Build output goes to stderr, so a script
# reading ferry's stdout still sees only ferry's output.
ferry_build_if_missing() {
    if [[ -f $FERRYD_JAR && -f $FERRY_JAR ]]; then
        return 0
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

# Checks for java and sets up what every launcher's java needs.
ferry_java() {
    if ! command -v java >/dev/null 2>&1; then
        echo "ferry: java is not installed; Ferry needs a JDK or JRE 17 or newer" >&2
        return 1
    fi
    ferry_utf8_locale
}
