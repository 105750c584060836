#!/bin/sh
# The C sources of the bundled interpreter, from Debian's signed bookworm archive with apt's
# ordinary client: `apt-get source` checks every file against the Sources index that the
# archive's signed Release file vouches for. A private apt state folder under build/ is used,
# so the machine's own apt configuration is neither read for sources nor changed.
#
#   packaging/python/fetch_sources.sh DEST     (unpacks each into DEST/<package>/, once)
#
# CPython is taken as Debian's upstream tarball (orig), with Debian's patches left out: they
# move site-packages to dist-packages and bend paths to /usr, which a private interpreter
# under /opt must not do. The package versions used are written to DEST/versions.txt and
# shipped in the .deb (usr/share/doc/tellerguard/bundled-sources.txt).
set -eu

DEST=$(mkdir -p "$1" && cd "$1" && pwd)
PACKAGES="python3.11 zlib bzip2 xz-utils libffi sqlite3 openssl"
grep -q "^openssl " "$DEST/versions.txt" 2>/dev/null && exit 0
command -v dpkg-source >/dev/null || { echo "dpkg-source is needed (apt-get install dpkg-dev)" >&2; exit 2; }

APT="$DEST/.apt"
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$APT/etc/preferences.d"
cat > "$APT/sources.list" <<LIST
deb-src http://deb.debian.org/debian bookworm main
deb-src http://deb.debian.org/debian bookworm-updates main
LIST
set -- -o Dir::Etc::SourceList="$APT/sources.list" -o Dir::Etc::SourceParts=/dev/null \
  -o Dir::State::Lists="$APT/lists" -o Dir::Cache="$APT/cache" \
  -o Dir::Etc::PreferencesParts="$APT/etc/preferences.d" -o APT::Sandbox::User=root
apt-get "$@" -qq update
cd "$DEST"
: > versions.tmp
for pkg in $PACKAGES; do
  rm -rf "$pkg"
  mkdir -p ".dl/$pkg"
  (cd ".dl/$pkg" && apt-get "$@" -qq --download-only source "$pkg" >/dev/null)
  dsc=$(ls ".dl/$pkg"/*.dsc)
  dpkg-source --no-check --skip-patches -x "$dsc" "$pkg" >/dev/null
  echo "$pkg $(sed -n 's/^Version: //p' "$dsc")" >> versions.tmp
done
rm -rf .dl
mv versions.tmp versions.txt
cat versions.txt
