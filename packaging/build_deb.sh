#!/bin/sh
# Build dist/tellerguard_<version>_<arch>.deb from the PyInstaller bundle in build/bundle
# (`make deb` builds the bundle first). Reproducible: every timestamp is the last commit's
# (SOURCE_DATE_EPOCH), owners are root:root, modes are normalised, file lists are sorted,
# and dpkg-deb packs the tree in name order. Offline: it uses only what is on disk.
#
#   packaging/build_deb.sh [DEB_REVISION]     (default 1; the upgrade test builds 2)
#
# DEB_COMPRESS=gzip packs faster (the upgrade test's throw-away second revision); releases
# use xz, which every dpkg on UOS and Kylin reads (zstd needs dpkg >= 1.21.18).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
REVISION="${1:-1}"
BUNDLE=build/bundle/tellerguard
STAGE=build/deb-root
LINUX=packaging/linux
APP_ID=cn.tellerguard.TellerGuard

[ -x "$BUNDLE/tellerguard" ] || { echo "no bundle in $BUNDLE: run 'make deb'" >&2; exit 2; }
command -v dpkg-deb >/dev/null || { echo "dpkg-deb is needed (apt-get install dpkg)" >&2; exit 2; }

SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}"
export SOURCE_DATE_EPOCH
UPSTREAM=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' tellerguard/__init__.py)
VERSION="$UPSTREAM-$REVISION"
ARCH=$(dpkg --print-architecture)
DATE_RFC=$(date -u -R -d "@$SOURCE_DATE_EPOCH")
DATE_ISO=$(date -u +%Y-%m-%d -d "@$SOURCE_DATE_EPOCH")

rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/doc/tellerguard"
cp -a "$BUNDLE" "$STAGE/opt/tellerguard"
install -m 0755 "$LINUX/debian/tellerguard.launcher" "$STAGE/usr/bin/tellerguard"
install -D -m 0644 "$LINUX/$APP_ID.desktop" "$STAGE/usr/share/applications/$APP_ID.desktop"
sed -e "s/@VERSION@/$UPSTREAM/" -e "s/@DATE@/$DATE_ISO/" "$LINUX/$APP_ID.metainfo.xml" \
  > "$STAGE/usr/share/metainfo.tmp"
install -D -m 0644 "$STAGE/usr/share/metainfo.tmp" "$STAGE/usr/share/metainfo/$APP_ID.metainfo.xml"
rm "$STAGE/usr/share/metainfo.tmp"
install -D -m 0644 "$LINUX/$APP_ID.svg" "$STAGE/usr/share/icons/hicolor/scalable/apps/$APP_ID.svg"
for size in 48 128 256; do
  install -D -m 0644 "$LINUX/$APP_ID-$size.png" \
    "$STAGE/usr/share/icons/hicolor/${size}x$size/apps/$APP_ID.png"
done
install -D -m 0644 "$LINUX/tellerguard.1" "$STAGE/usr/share/man/man1/tellerguard.1"
gzip -n -9 "$STAGE/usr/share/man/man1/tellerguard.1"
install -m 0644 "$LINUX/debian/copyright" "$STAGE/usr/share/doc/tellerguard/copyright"
install -m 0644 docs/INSTALL.md "$STAGE/usr/share/doc/tellerguard/deployment.md"
mkdir -p "$STAGE/usr/share/doc/tellerguard/examples"
cp examples/*.json examples/*.jsonl "$STAGE/usr/share/doc/tellerguard/examples/"
printf 'tellerguard (%s) unstable; urgency=medium\n\n  * Build %s of TellerGuard %s from commit %s.\n\n -- TellerGuard IT <it@tellerguard.invalid>  %s\n' \
  "$VERSION" "$REVISION" "$UPSTREAM" "$(git rev-parse --short HEAD)" "$DATE_RFC" \
  | gzip -n -9 > "$STAGE/usr/share/doc/tellerguard/changelog.Debian.gz"
install -D -m 0644 "$LINUX/debian/lintian-overrides" \
  "$STAGE/usr/share/lintian/overrides/tellerguard"

# Modes: folders 0755, files 0644; executables keep their x bit, shared libraries lose it.
find "$STAGE" -type d -exec chmod 0755 {} +
find "$STAGE" -type f -perm /111 ! -name '*.so' ! -name '*.so.*' -exec chmod 0755 {} +
find "$STAGE" -type f \( ! -perm /111 -o -name '*.so' -o -name '*.so.*' \) -exec chmod 0644 {} +
chmod 0755 "$STAGE/opt/tellerguard/tellerguard" "$STAGE/usr/bin/tellerguard"

# ELF clean-up as dh_strip and Debian policy ask: shared objects lose their symbol tables
# (the main executable keeps its: PyInstaller appends its archive to it), and run paths into
# the build machine (pyenv's lib folder) go; the bootloader sets the search path itself.
find "$STAGE/opt/tellerguard" -type f \( -name '*.so' -o -name '*.so.*' \) | LC_ALL=C sort \
  | while read -r elf; do
      head -c 4 "$elf" | grep -q ELF || continue
      strip --strip-unneeded --remove-section=.comment --remove-section=.note "$elf"
      case "$(patchelf --print-rpath "$elf")" in
        "" | *'$ORIGIN'*) ;;
        *) patchelf --remove-rpath "$elf" ;;
      esac
    done

# Depends: the packages providing the libraries the bundle links to outside itself (the C
# library and the graphics stack, which must match the PC's drivers), found with ldd and
# dpkg -S, and libc6 at least at the highest GLIBC symbol version any bundled ELF needs.
# Optional Qt plugins whose libraries are absent (Wayland cursor, GTK theme) load only when
# asked for and add nothing.
ELFS=$(find "$STAGE/opt/tellerguard" -type f \( -name '*.so*' -o -name tellerguard \) | LC_ALL=C sort)
GLIBC_MAX=$(for f in $ELFS; do objdump -T "$f" 2>/dev/null; done \
  | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
LIBS=$(for f in $ELFS; do LD_LIBRARY_PATH="$STAGE/opt/tellerguard/_internal" ldd "$f" 2>/dev/null; done \
  | awk '$2 == "=>" && $3 ~ /^\// {print $3}' | grep -v "^$ROOT/" | LC_ALL=C sort -u)
PKGS=$(for lib in $LIBS; do dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "$lib" 2>/dev/null; done \
  | cut -d: -f1 | grep -vx libc6 | LC_ALL=C sort -u | tr '\n' ' ')
DEPENDS="libc6 (>= $GLIBC_MAX)"
for pkg in $PKGS; do DEPENDS="$DEPENDS, $pkg"; done

for script in postinst prerm postrm; do
  install -m 0755 "$LINUX/debian/$script" "$STAGE/DEBIAN/$script"
done
INSTALLED_SIZE=$(du -sk --apparent-size "$STAGE" --exclude=DEBIAN | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@DEPENDS@/$DEPENDS/" \
  -e "s/@INSTALLED_SIZE@/$INSTALLED_SIZE/" "$LINUX/debian/control.in" > "$STAGE/DEBIAN/control"
chmod 0644 "$STAGE/DEBIAN/control"
(cd "$STAGE" && find . -path ./DEBIAN -prune -o -type f -print | sed 's|^\./||' | LC_ALL=C sort \
  | xargs -d '\n' md5sum) > "$STAGE/DEBIAN/md5sums"
chmod 0644 "$STAGE/DEBIAN/md5sums"

find "$STAGE" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
mkdir -p dist
OUT="dist/tellerguard_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Z"${DEB_COMPRESS:-xz}" --build "$STAGE" "$OUT" >/dev/null
echo "built $OUT ($(du -h "$OUT" | cut -f1), installed $((INSTALLED_SIZE / 1024)) MiB)"
echo "highest GLIBC symbol version needed by a bundled ELF: $GLIBC_MAX"
echo "Depends: $DEPENDS"
