# Sourced by run-quickstart.sh and run-tests.sh: selects a JDK 25 or newer for Maven and the launcher and exports
# JAVA_HOME and PATH. Looks at $JAVA_HOME, /usr/lib/jvm/temurin-25*, then the java on the PATH.
# Returns non-zero with an explanation when there is none.

REQUIRED_JDK=25

# Feature version of a JDK home (25 for 25.0.1), or nothing if it is not a JDK with javac.
jdk_version() {
    [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
    "$1/bin/java" -version 2>&1 | sed -n 's/^.* version "\([0-9][0-9]*\).*$/\1/p' | head -n 1
}

is_usable_jdk() {
    local v
    v=$(jdk_version "$1")
    [ -n "$v" ] && [ "$v" -ge "$REQUIRED_JDK" ]
}

select_jdk() {
    local candidate
    local candidates=()
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    for candidate in /usr/lib/jvm/temurin-25*; do
        [ -d "$candidate" ] && candidates+=("$candidate")
    done
    if command -v java >/dev/null 2>&1; then
        candidate=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')
        [ -n "$candidate" ] && candidates+=("$candidate")
    fi
    for candidate in "${candidates[@]}"; do
        if is_usable_jdk "$candidate"; then
            export JAVA_HOME=$candidate
            export PATH="$JAVA_HOME/bin:$PATH"
            return 0
        fi
    done
    echo "A JDK $REQUIRED_JDK or newer is required to build and run Mamori, and none was found." >&2
    echo "  Looked at: \$JAVA_HOME, /usr/lib/jvm/temurin-25*, java on the PATH." >&2
    echo "  Install one (e.g. Eclipse Temurin 25 from https://adoptium.net) and set JAVA_HOME to it." >&2
    return 1
}
