# Shared by Ferry's launchers: where the project is, and building the runnable jars on first use.
# shellcheck shell=bash

FERRY_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FERRYD_JAR=$FERRY_ROOT/daemon/target/ferryd.jar
FERRY_JAR=$FERRY_ROOT/tui-client/target/ferry.jar

# ferryd's JVM: its heap holds sessions and small replies only (file data goes from disk to socket
# without passing through it), and its threads are shallow; measured with a thousand clients
# connected, these keep its resident memory near 200 MiB.
FERRYD_JAVA_DEFAULTS="-XX:+UseSerialGC -Xss256k -Xmx64m"

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

ferry_java() {
    if ! command -v java >/dev/null 2>&1; then
        echo "ferry: java is not installed; Ferry needs a JDK or JRE 17 or newer" >&2
        return 1
    fi
}
