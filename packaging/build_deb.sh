#!/bin/sh
# Build dist/tellerguard_<version>_<arch>.deb from the tree in build/bundle/<arch>/tellerguard
# (`make deb [ARCH=amd64|arm64]` assembles it first: packaging/bundle/assemble.sh). Reproducible: every timestamp is the last commit's
# (SOURCE_DATE_EPOCH), owners are root:root, modes are normalised, file lists are sorted,
# and dpkg-deb packs the tree in name order. Offline: it uses only what is on disk.
#
#   packaging/build_deb.sh [DEB_REVISION]     (default 1; the upgrade test builds 2)
#   ARCH=arm64 packaging/build_deb.sh ...      (default: this machine's architecture)
#
# Every bundled ELF must need glibc <= GLIBC_FLOOR (2.28: 统信UOS 20, 银河麒麟 V10); the build
# fails naming the files that need more.
#
# DEB_COMPRESS=gzip packs faster (the upgrade test's throw-away second revision); releases
# use xz, which every dpkg on UOS and Kylin reads (zstd needs dpkg >= 1.21.18).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
REVISION="${1:-1}"
ARCH=${ARCH:-$(dpkg --print-architecture)}
GLIBC_FLOOR=${GLIBC_FLOOR:-2.28}
BUNDLE=build/bundle/$ARCH/tellerguard
STAGE=build/deb-root
LINUX=packaging/linux
APP_ID=cn.tellerguard.TellerGuard

[ -x "$BUNDLE/bin/tellerguard" ] || { echo "no bundle in $BUNDLE: run 'make deb ARCH=$ARCH'" >&2; exit 2; }
command -v dpkg-deb >/dev/null || { echo "dpkg-deb is needed (apt-get install dpkg)" >&2; exit 2; }

SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}"
export SOURCE_DATE_EPOCH
UPSTREAM=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' tellerguard/__init__.py)
VERSION="$UPSTREAM-$REVISION"
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
install -m 0644 build/python-src/versions.txt "$STAGE/usr/share/doc/tellerguard/bundled-sources.txt"
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
chmod 0755 "$STAGE/usr/bin/tellerguard"
# Python files are modules of the bundled interpreter, never run as scripts: no x bit, even
# where upstream installs one (their #! lines are upstream's; lintian-overrides says why).
find "$STAGE/opt/tellerguard" -type f -name '*.py' -exec chmod 0644 {} +

# Every ELF of the bundle: shared objects and executables (the interpreter has no .so in its
# name), kept if they start with the ELF magic.
find "$STAGE/opt/tellerguard" -type f \( -name '*.so' -o -name '*.so.*' -o -perm /111 \) \
  | LC_ALL=C sort | while read -r f; do
    if [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = "177ELF" ]; then echo "$f"; fi
  done > build/elfs.txt

# ELF clean-up as dh_strip and Debian policy ask: symbol tables and notes go, and run paths
# into the build machine; $ORIGIN-relative ones (Qt's, the wheels') stay.
STRIP=strip
[ "$ARCH" = arm64 ] && STRIP=aarch64-linux-gnu-strip
while read -r elf; do
  "$STRIP" --strip-unneeded --remove-section=.comment --remove-section=.note "$elf"
  case "$(patchelf --print-rpath "$elf")" in
    "" | *'$ORIGIN'*) ;;
    *) patchelf --remove-rpath "$elf" ;;
  esac
done < build/elfs.txt

# The glibc floor: the highest GLIBC_ symbol version any bundled ELF asks for.
GLIBC_MAX=$(xargs -d '\n' objdump -T < build/elfs.txt 2>/dev/null \
  | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
if [ "$(printf '%s\n%s\n' "$GLIBC_MAX" "$GLIBC_FLOOR" | sort -V | tail -1)" != "$GLIBC_FLOOR" ]; then
  echo "bundled ELFs need glibc $GLIBC_MAX, above the floor $GLIBC_FLOOR:" >&2
  while read -r elf; do
    objdump -T "$elf" | awk -v floor="$GLIBC_FLOOR" '{ for (i = 1; i <= NF; i++) if ($i ~ /^\(?GLIBC_[0-9]/) print $i, $NF }' \
      | tr -d '()' | sed 's/GLIBC_//' | while read -r v sym; do
        [ "$(printf '%s\n%s\n' "$v" "$GLIBC_FLOOR" | sort -V | tail -1)" = "$GLIBC_FLOOR" ] \
          || echo "  ${elf#"$STAGE"}: $sym@GLIBC_$v" >&2
      done
  done < build/elfs.txt
  exit 1
fi
GLIBCXX_MAX=$(xargs -d '\n' objdump -T < build/elfs.txt 2>/dev/null \
  | grep -o 'GLIBCXX_[0-9][0-9.]*' | sed 's/GLIBCXX_//' | sort -uV | tail -1)

# Depends: the packages providing the libraries the bundle links to outside itself (the C
# library, libstdc++ and the graphics stack, which must match the PC's drivers): every
# DT_NEEDED soname that no bundled file provides, looked up with dpkg -S on this machine
# (the same package names exist on every architecture). readelf reads ELFs of any
# architecture, so this works for an ARM64 bundle built here.
PROVIDED=$(sed 's|.*/||' build/elfs.txt | LC_ALL=C sort -u)
SONAMES=$(xargs -d '\n' readelf -d < build/elfs.txt 2>/dev/null \
  | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | LC_ALL=C sort -u)
PKGS=""
for so in $SONAMES; do
  echo "$PROVIDED" | grep -qxF "$so" && continue
  case "$so" in
    libc.so.6 | libm.so.6 | libpthread.so.0 | libdl.so.2 | librt.so.1 | libutil.so.1 | ld-linux*) continue ;;
  esac
  pkg=$(dpkg -S "*/$so" 2>/dev/null | cut -d: -f1 | sed 's/,.*//' | sort -u | head -1)
  [ -n "$pkg" ] || { echo "no installed package provides $so (needed by the bundle): install it to compute Depends" >&2; exit 2; }
  [ "$pkg" = libc6 ] || PKGS="$PKGS $pkg"
done
PKGS=$(echo $PKGS | tr ' ' '\n' | LC_ALL=C sort -u | tr '\n' ' ')
# The C++ runtime at least at the GCC release that introduced the newest GLIBCXX symbol the
# bundle asks for; Debian 10 (UOS 20's base) calls libgcc-s1 libgcc1.
gcc_for_glibcxx() {
  case "$1" in
    3.4.19) echo 4.8 ;; 3.4.20) echo 4.9 ;; 3.4.21) echo 5 ;; 3.4.22) echo 6 ;;
    3.4.23|3.4.24) echo 7 ;; 3.4.25) echo 8 ;; 3.4.26|3.4.27) echo 9 ;; 3.4.28) echo 10 ;;
    3.4.29) echo 11 ;; 3.4.30) echo 12 ;; *) echo "" ;;
  esac
}
DEPENDS="libc6 (>= $GLIBC_MAX), tzdata"
for pkg in $PKGS; do
  case "$pkg" in
    libstdc++6)
      gcc=$(gcc_for_glibcxx "$GLIBCXX_MAX")
      DEPENDS="$DEPENDS, libstdc++6${gcc:+ (>= $gcc)}" ;;
    libgcc-s1) DEPENDS="$DEPENDS, libgcc-s1 | libgcc1" ;;
    *) DEPENDS="$DEPENDS, $pkg" ;;
  esac
done

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
echo "highest GLIBC symbol version needed by a bundled ELF: $GLIBC_MAX (floor $GLIBC_FLOOR); GLIBCXX: $GLIBCXX_MAX"
echo "Depends: $DEPENDS"
