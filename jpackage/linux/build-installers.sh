#!/usr/bin/env bash
# Builds Mamori's Linux installers with jpackage: a jlinked runtime, an application image with two launchers
# (mamori, "Mamori Dashboard"), then a .deb (always) and an .rpm (when rpmbuild exists).
# Called by the Maven profile `installer` of packaging/ (mvn -P installer -pl packaging -am package); it can also be
# run by hand after `mvn package`:
#   jpackage/linux/build-installers.sh --version 0.1.0-SNAPSHOT --dist packaging/target/mamori \
#       --out packaging/target/installer [--work DIR] [--release N] [--types "deb rpm"]
# Needs a JDK 25 in JAVA_HOME (jdeps, jlink, jpackage), and for the .deb: dpkg-deb and fakeroot
# (apt-get install fakeroot binutils). MAMORI_DEB_COMPRESSION: xz (default, smallest) or gzip (faster). Prints the time, runtime size and package sizes at the end.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
jp=$(dirname "$here")
repo=$(dirname "$jp")

version= dist= out= work= release=${MAMORI_PKG_RELEASE:-1} types="deb rpm"
while [ $# -gt 0 ]; do
    case $1 in
        --version) version=$2; shift 2 ;;
        --dist) dist=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        --release) release=$2; shift 2 ;;
        --types) types=$2; shift 2 ;;
        *) echo "build-installers: unknown option $1" >&2; exit 2 ;;
    esac
done
[ -n "$version" ] && [ -n "$dist" ] && [ -n "$out" ] || { echo "build-installers: --version, --dist and --out are required" >&2; exit 2; }
work=${work:-$(dirname "$out")/jpackage-work}
: "${JAVA_HOME:?JAVA_HOME must point to a JDK 25}"
for tool in jdeps jlink jpackage; do
    [ -x "$JAVA_HOME/bin/$tool" ] || { echo "build-installers: $JAVA_HOME/bin/$tool not found (JAVA_HOME must be a full JDK 25)" >&2; exit 1; }
done
[ -d "$dist/lib" ] || { echo "build-installers: no distribution at $dist (run mvn package first)" >&2; exit 1; }

# jpackage wants a plain version: 0.1.0-SNAPSHOT becomes 0.1.0 (Windows refuses anything but digits and dots).
app_version=${version%-SNAPSHOT}
if ! [[ $app_version =~ ^[0-9]+(\.[0-9]+){0,3}$ ]]; then
    echo "build-installers: version $version does not give a numeric installer version (got $app_version)" >&2
    exit 1
fi
[[ $release =~ ^[0-9]+$ ]] || { echo "build-installers: --release must be a number: $release" >&2; exit 2; }

start=$(date +%s)
rm -rf "$work"
mkdir -p "$work" "$out"

# 1. The input: the distribution's jars and the logging configuration. Every jar in it is on the class path.
input=$work/input
mkdir -p "$input"
cp "$dist"/lib/*.jar "$input/"
cp "$dist/conf/log4j2.xml" "$input/"
main_jar=$(cd "$input" && ls mamori-packaging-*.jar | head -n 1)
[ -n "$main_jar" ] || { echo "build-installers: mamori-packaging jar missing from $dist/lib" >&2; exit 1; }

# 2. The modules: what jdeps finds in every jar, plus extra-modules.txt (what only shows at run time).
# Every jar is a target (they resolve each other), so no class path is given.
found=$("$JAVA_HOME/bin/jdeps" -q --ignore-missing-deps --print-module-deps --multi-release 25 "$input"/*.jar \
    2>"$work/jdeps.err" | tail -n 1) || { echo "build-installers: jdeps failed:" >&2; cat "$work/jdeps.err" >&2; exit 1; }
[[ $found =~ ^[a-z0-9.,]+$ ]] || { echo "build-installers: unexpected jdeps output: $found" >&2; exit 1; }
extra=$(grep -v '^[[:space:]]*#' "$jp/extra-modules.txt" | grep -v '^[[:space:]]*$' | paste -sd, -)
modules=$(printf '%s,%s\n' "$found" "$extra" | tr ',' '\n' | sort -u | paste -sd, -)
echo "$modules" | tr ',' '\n' > "$work/modules.txt"
echo "build-installers: runtime modules: $modules"

# 3. The runtime image. --strip-native-commands: the launchers start the JVM themselves, no bin/java is needed.
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --output "$work/runtime" \
    --strip-debug --no-man-pages --no-header-files --strip-native-commands --compress=zip-6
runtime_kb=$(du -sk "$work/runtime" | cut -f1)
echo "build-installers: runtime image after $(( $(date +%s) - start ))s"

# 4. Files the application image carries besides the jars: system files for the packages, samples, the docs.
content=$work/content/share
mkdir -p "$content/system" "$content/samples" "$content/doc"
cp "$here/mamori.service" "$here/mamori-dashboard.desktop" "$jp/icons/mamori.png" "$content/system/"
{
    echo "# Mamori configuration, installed by the Mamori package from sample-configs/quickstart.yaml."
    echo "# Edit it freely: upgrades keep your changes (the package's current default stays in"
    echo "# /opt/mamori/lib/share/samples/). Check a change with: mamori config check /etc/mamori/mamori.yaml"
    echo "# and apply it with: systemctl restart mamori"
    echo "#"
    cat "$repo/sample-configs/quickstart.yaml"
} > "$content/system/mamori.yaml"
cp "$repo"/sample-configs/*.yaml "$content/samples/"
if [ -d "$repo/docs/operations" ]; then
    cp -r "$repo/docs/operations" "$content/doc/"
fi

# 5. The application image: launchers, runtime, jars, content.
"$JAVA_HOME/bin/jpackage" --type app-image @"$jp/common.args" @"$jp/app-image.args" \
    --app-version "$app_version" \
    --input "$input" --main-jar "$main_jar" \
    --runtime-image "$work/runtime" \
    --icon "$jp/icons/mamori.png" \
    --add-launcher "Mamori Dashboard=$jp/dashboard.properties" \
    --app-content "$content" \
    --dest "$work/image"
image=$work/image/mamori
echo "build-installers: application image after $(( $(date +%s) - start ))s"

# 6. The packages. The project's licence file, once there is one, goes into each package (deb: the copyright file;
# rpm: %license); MAMORI_LICENSE_TYPE names it for the rpm's License field (an SPDX identifier).
license_args=()
for f in LICENSE LICENSE.txt LICENSE.md; do
    if [ -f "$repo/$f" ]; then license_args=(--license-file "$repo/$f"); break; fi
done
[ ${#license_args[@]} -gt 0 ] || echo "build-installers: no LICENSE file in $repo: the packages carry no licence text"
built=()
for type in $types; do
    case $type in
        deb)
            for tool in dpkg-deb fakeroot objdump; do
                command -v "$tool" >/dev/null || { echo "build-installers: $tool is missing: apt-get install fakeroot binutils" >&2; exit 1; }
            done
            # jpackage's own .deb is unpacked again at once (deb-add-system-files.sh): not worth compressing
            DPKG_DEB_COMPRESSOR_TYPE=none "$JAVA_HOME/bin/jpackage" --type deb --app-image "$image" @"$jp/common.args" @"$jp/package.args" \
                --app-version "$app_version" --linux-app-release "$release" \
                --linux-package-name mamori --linux-deb-maintainer mamori@users.noreply.github.com \
                --linux-app-category net --linux-package-deps passwd \
                "${license_args[@]}" --resource-dir "$here" --dest "$work/deb"
            deb=$(ls "$work"/deb/*.deb)
            "$here/deb-add-system-files.sh" "$deb" "$work/deb-root"
            cp "$deb" "$out/"
            built+=("$out/$(basename "$deb")")
            echo "build-installers: .deb after $(( $(date +%s) - start ))s"
            ;;
        rpm)
            if ! command -v rpmbuild >/dev/null; then
                echo "build-installers: rpmbuild not found, no .rpm built (apt-get install rpm, or dnf install rpm-build)"
                continue
            fi
            "$JAVA_HOME/bin/jpackage" --type rpm --app-image "$image" @"$jp/common.args" @"$jp/package.args" \
                --app-version "$app_version" --linux-app-release "$release" \
                --linux-package-name mamori --linux-app-category Applications/Internet \
                --linux-rpm-license-type "${MAMORI_LICENSE_TYPE:-Unknown}" --linux-package-deps shadow-utils \
                "${license_args[@]}" --resource-dir "$here" --dest "$work/rpm"
            cp "$work"/rpm/*.rpm "$out/"
            built+=("$out/$(basename "$work"/rpm/*.rpm)")
            ;;
        *) echo "build-installers: unknown package type $type" >&2; exit 2 ;;
    esac
done

echo "build-installers: runtime image $((runtime_kb / 1024)) MiB ($runtime_kb KiB, $(wc -l < "$work/modules.txt") modules)"
for f in "${built[@]}"; do
    echo "build-installers: $f $(( $(stat -c %s "$f") / 1024 / 1024 )) MiB ($(stat -c %s "$f") bytes)"
done
echo "build-installers: done in $(( $(date +%s) - start ))s"
