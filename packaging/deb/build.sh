#!/usr/bin/env bash
# Builds the mine .deb with dpkg-deb: artifacts/deb/mine_VERSION_amd64.deb. docs/packaging.md says what it installs.
# Usage: packaging/deb/build.sh [OUTPUT_DIR]
# MINE_BINARY=path uses an already published single-file mine instead of running packaging/publish.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-artifacts/deb}"
here=packaging/deb

if ! command -v dpkg-deb >/dev/null 2>&1; then
  echo "packaging/deb/build.sh: dpkg-deb is missing (Debian: apt-get install dpkg)" >&2
  exit 2
fi
if [ ! -f config/mine.json ]; then
  echo "packaging/deb/build.sh: config/mine.json (the example config installed as /etc/mine/mine.json) is missing" >&2
  exit 2
fi

binary="${MINE_BINARY:-}"
if [ -z "$binary" ]; then
  packaging/publish.sh artifacts/publish/linux-x64
  binary=artifacts/publish/linux-x64/mine
fi
# The package's version is the program's own (Version in Directory.Build.props), without the commit suffix.
version=$(HOME="${TMPDIR:-/tmp}" "$binary" --version | cut -d+ -f1)
if ! [[ "$version" =~ ^[0-9][0-9A-Za-z.~+-]*$ ]]; then
  echo "packaging/deb/build.sh: $binary --version printed '$version', not a version" >&2
  exit 2
fi

root="$out/staging/mine_${version}_amd64"
rm -rf "$root"
install -d -m 0755 "$root/DEBIAN" "$root/usr/bin" "$root/lib/systemd/system" "$root/etc/mine" "$root/usr/share/doc/mine"
install -m 0755 "$binary" "$root/usr/bin/mine"
install -m 0644 "$here/mine.service" "$root/lib/systemd/system/mine.service"
install -m 0644 config/mine.json "$root/etc/mine/mine.json"
install -m 0644 README.md "$root/usr/share/doc/mine/README.md"
install -m 0644 docs/packaging.md "$root/usr/share/doc/mine/packaging.md"
install -m 0755 "$here/debian/postinst" "$here/debian/prerm" "$here/debian/postrm" "$root/DEBIAN/"
# /etc/mine/mine.json is a conffile: an operator's edits survive upgrades, and purge removes it.
echo /etc/mine/mine.json > "$root/DEBIAN/conffiles"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@INSTALLED_SIZE@/$size/" "$here/control.in" > "$root/DEBIAN/control"

rm -f "$out"/mine_*_amd64.deb
deb="$out/mine_${version}_amd64.deb"
# --root-owner-group: every file root:root whoever builds it; xz packs the binary (about 115 MB) to about a third.
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
rm -rf "$out/staging"
echo "packaging/deb/build.sh: $deb ($(du -h "$deb" | cut -f1))"
