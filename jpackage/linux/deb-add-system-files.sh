#!/usr/bin/env bash
# Adds to a jpackage-built Mamori .deb the files that live outside /opt/mamori, so that dpkg owns them:
#   /etc/mamori/mamori.yaml                 a conffile: dpkg keeps an edited copy on upgrade, deletes it on purge
#   /lib/systemd/system/mamori.service      the service
#   /usr/bin/mamori                         a link to the console launcher
#   /usr/share/applications/mamori-dashboard.desktop and the icon
# jpackage can only place files under its installation directory and has no conffile support; its application
# image carries these files in /opt/mamori/lib/share/system/ (--app-content), and this script moves copies into place and repacks.
#   deb-add-system-files.sh PACKAGE.deb WORKDIR      (the package is replaced in place)
set -euo pipefail
deb=$1 root=$2
rm -rf "$root"
dpkg-deb -R "$deb" "$root"
sys=$root/opt/mamori/lib/share/system
[ -f "$sys/mamori.service" ] || { echo "deb-add-system-files: $sys/mamori.service missing in $deb" >&2; exit 1; }

install -D -m 0644 "$sys/mamori.yaml" "$root/etc/mamori/mamori.yaml"
install -D -m 0644 "$sys/mamori.service" "$root/lib/systemd/system/mamori.service"
install -D -m 0644 "$sys/mamori-dashboard.desktop" "$root/usr/share/applications/mamori-dashboard.desktop"
install -D -m 0644 "$sys/mamori.png" "$root/usr/share/icons/hicolor/256x256/apps/mamori.png"
install -d -m 0755 "$root/usr/bin"
ln -sf /opt/mamori/bin/mamori "$root/usr/bin/mamori"
echo /etc/mamori/mamori.yaml > "$root/DEBIAN/conffiles"
chmod 0644 "$root/DEBIAN/conffiles"

size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -i "s/^Installed-Size: .*/Installed-Size: $size/" "$root/DEBIAN/control"
fakeroot dpkg-deb -Z"${MAMORI_DEB_COMPRESSION:-xz}" --build --root-owner-group "$root" "$deb" >/dev/null
rm -rf "$root"
