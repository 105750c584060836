#!/bin/sh
# The system packages TellerGuard needs beside its Python dependencies, checked before `make`
# goes further. Where the machine can install them (root with apt-get, as on CI and a fresh
# Debian/Ubuntu desktop) they are installed; otherwise one line names what to install and the
# script exits 2, so `make test` never ends in a handful of font or PDF failures instead.
#
#   scripts/system_deps.sh test     a Chinese font (screens, PDFs), pdftoppm (PDF -> PNG) and
#                                   PostgreSQL (the central database's tests start a server)
#   scripts/system_deps.sh shifted  the above and libfaketime (the suite under a shifted clock)
#   scripts/system_deps.sh run      the above (no pdftoppm) and, with a display, Qt's xcb libraries
#   scripts/system_deps.sh deb      what building the .deb needs: dpkg-deb, objdump, patchelf,
#                                   dpkg-source, tclsh (SQLite's amalgamation), patch; with
#                                   ARCH=arm64 also the ARM64 strip
#   scripts/system_deps.sh package  what testing it needs: the above, lintian, appstreamcli,
#                                   desktop-file-validate, Xvfb, and qemu-user-static and
#                                   debootstrap to run the ARM64 package
#
# PYSIDE_DIR names the installed PySide6 package (the Makefile passes it), so the xcb check
# asks the real Qt plugin which libraries it lacks instead of guessing from a list.
set -eu

purpose="${1:-test}"
missing=""      # Debian package names
need() { missing="$missing $1"; }

case "$purpose" in
  deb|package)
    command -v dpkg-deb >/dev/null 2>&1 || need dpkg
    command -v objdump >/dev/null 2>&1 || need binutils
    command -v patchelf >/dev/null 2>&1 || need patchelf
    command -v dpkg-source >/dev/null 2>&1 || need dpkg-dev
    command -v tclsh >/dev/null 2>&1 || need tcl
    command -v patch >/dev/null 2>&1 || need patch
    # The libraries the bundled Qt links to from the PC: build_deb.sh names their packages
    # in Depends by asking dpkg which installed package holds each, so they must be here.
    for pkg in libegl1 libgl1 libx11-6 libx11-xcb1 libdbus-1-3 libfontconfig1 libfreetype6 \
        libglib2.0-0 libxcb1 libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0 \
        libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 \
        libxcb-shm0 libxcb-sync1 libxcb-xfixes0 libxcb-xkb1 libxkbcommon0 libxkbcommon-x11-0 \
        libzstd1 zlib1g libstdc++6; do
      dpkg -s "$pkg" >/dev/null 2>&1 || need "$pkg"
    done
    if [ "${ARCH:-}" = arm64 ] || [ "$purpose" = package ]; then
      command -v aarch64-linux-gnu-strip >/dev/null 2>&1 || need binutils-aarch64-linux-gnu
    fi
    ;;
esac
if [ "$purpose" = package ]; then
  command -v lintian >/dev/null 2>&1 || need lintian
  command -v appstreamcli >/dev/null 2>&1 || need appstream
  command -v desktop-file-validate >/dev/null 2>&1 || need desktop-file-utils
  command -v Xvfb >/dev/null 2>&1 || need xvfb
  command -v qemu-aarch64-static >/dev/null 2>&1 || need qemu-user-static
  command -v debootstrap >/dev/null 2>&1 || need debootstrap
fi
if [ "$purpose" != deb ]; then
  fc-list :lang=zh 2>/dev/null | grep -q . || need fonts-wqy-microhei
  command -v fc-list >/dev/null 2>&1 || need fontconfig
fi
case "$purpose" in
  test|shifted) command -v pdftoppm >/dev/null 2>&1 || need poppler-utils ;;
esac
# PostgreSQL is optional: without it (and without root to install it) the central-database
# tests are left out and pytest says so in one line; everything else still runs.
case "$purpose" in
  test|shifted)
    if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        need postgresql
      else
        echo "PostgreSQL not installed (apt-get install postgresql): the central-database tests will not run" >&2
      fi
    fi ;;
esac
if [ "$purpose" = shifted ]; then
  command -v faketime >/dev/null 2>&1 || need faketime
fi

# Qt's xcb platform (a real X display): libxcb-cursor is loaded at run time, the rest are linked.
if [ "$purpose" = run ] && [ -n "${DISPLAY:-}" ] && [ "${QT_QPA_PLATFORM:-xcb}" = xcb ]; then
  ldconfig -p 2>/dev/null | grep -q 'libxcb-cursor\.so\.0' || need libxcb-cursor0
  plugin_libs=""
  if [ -n "${PYSIDE_DIR:-}" ] && [ -d "$PYSIDE_DIR/Qt" ]; then
    plugin_libs="$PYSIDE_DIR/Qt/plugins/platforms/libqxcb.so $PYSIDE_DIR/Qt/lib/libQt6XcbQpa.so.6"
  fi
  for lib in $(ldd $plugin_libs 2>/dev/null | awk '/not found/ {print $1}' | sort -u); do
    # libxcb-icccm.so.4 -> libxcb-icccm4, libxkbcommon-x11.so.0 -> libxkbcommon-x11-0
    stem="${lib%%.so*}"
    version="${lib##*.so.}"
    case "$stem" in
      *[0-9]) need "$stem-$version" ;;
      *) need "$stem$version" ;;
    esac
  done
fi

[ -z "$missing" ] && exit 0
# shellcheck disable=SC2086
set -- $missing
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system packages TellerGuard needs: $*"
  apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  exit 0
fi
echo "TellerGuard needs these system packages; install them first: sudo apt-get install $*" >&2
exit 2
