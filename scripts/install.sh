#!/usr/bin/env bash
# Installs Ferry under PREFIX (default ~/.local): bin/ferry and bin/ferryd, lib/ferry/ (the jars),
# manual pages, bash and zsh completion, and in share/ferry/ the systemd unit and a sample settings
# file. Run it from an unpacked release archive (ferry-VERSION/install.sh), or from a source tree
# (scripts/install.sh), where it installs target/ferry-VERSION.tar.gz as the last "mvn -B package"
# made it (building it first if there is none).
# Needs Java 17 or newer to run Ferry afterwards, nothing else; installing again replaces the files.
#
#   ./install.sh                 into ~/.local (bin/ferry is then on the PATH of most shells)
#   sudo ./install.sh /usr/local for everyone, and for the systemd unit
set -euo pipefail
prefix=${1:-$HOME/.local}
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)

if [[ -f $here/lib/ferry/ferry.jar ]]; then
    release=$here
else
    # a source tree: the archive Maven makes
    root=$(cd "$here/.." && pwd)
    archive=$(ls -t "$root"/target/ferry-*.tar.gz 2>/dev/null | head -n 1 || true)
    if [[ -z $archive ]]; then
        echo "install: building the release archive (mvn -B -DskipTests package)..." >&2
        (cd "$root" && mvn -B -q -DskipTests package >&2)
        archive=$(ls -t "$root"/target/ferry-*.tar.gz | head -n 1)
    fi
    unpacked=$(mktemp -d)
    trap 'rm -rf "$unpacked"' EXIT
    tar -xzf "$archive" -C "$unpacked"
    release=$(echo "$unpacked"/ferry-*)
fi

mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)
install -d "$prefix/bin" "$prefix/lib/ferry" "$prefix/share/man/man1" "$prefix/share/ferry" \
    "$prefix/share/bash-completion/completions" "$prefix/share/zsh/site-functions" "$prefix/share/doc/ferry"
install -m 0755 "$release/bin/ferry" "$release/bin/ferryd" "$prefix/bin/"
install -m 0644 "$release"/lib/ferry/* "$prefix/lib/ferry/"
install -m 0644 "$release"/share/man/man1/* "$prefix/share/man/man1/"
install -m 0644 "$release"/share/bash-completion/completions/* "$prefix/share/bash-completion/completions/"
install -m 0644 "$release"/share/zsh/site-functions/* "$prefix/share/zsh/site-functions/"
install -m 0644 "$release/share/ferry/ferryd.conf" "$prefix/share/ferry/"
install -m 0644 "$release/README.md" "$prefix/share/doc/ferry/"
# the unit runs this prefix's ferryd
sed "s|/usr/local/bin/ferryd|$prefix/bin/ferryd|" "$release/share/ferry/ferryd.service" > "$prefix/share/ferry/ferryd.service"
chmod 0644 "$prefix/share/ferry/ferryd.service"
# start-up archives made for an earlier jar are stale
rm -f "$prefix"/lib/ferry/*.jsa "$prefix"/lib/ferry/*.aot

echo "installed Ferry in $prefix: $prefix/bin/ferry, $prefix/bin/ferryd, man ferry, man ferryd"
case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "note: $prefix/bin is not on your PATH" ;;
esac
