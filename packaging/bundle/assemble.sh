#!/bin/sh
# The tree that becomes /opt/tellerguard in the .deb, for one Debian architecture:
#   python/   the private CPython (packaging/python/build_python.sh; glibc >= 2.28)
#   python/lib/python3.11/site-packages/   TellerGuard's wheel and the runtime wheels of
#             packaging/bundle/requirements.txt (hash-checked, binary wheels for the target:
#             manylinux_2_28 on amd64; on arm64 manylinux_2_31 for Qt, see glibc_floor.py)
#   bin/tellerguard   starts the program in isolated mode (no PYTHONPATH, no user site)
# Wheels come from uv's cache (offline once cached) and are installed for the target's
# platform, not this machine's: no build step runs code for the target, so an ARM64 tree is
# assembled on x86-64 without emulation.
#
#   packaging/bundle/assemble.sh amd64|arm64 PYTHON_TREE OUT
set -eu

ARCH=$1
PYTREE=$(cd "$2" && pwd)
OUT=$3
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
case "$ARCH" in
  amd64) PLATFORM=x86_64-manylinux_2_28 ;;
  # PySide6's ARM64 wheels are tagged manylinux_2_31 (6.8.0.2, the newest below 2.39); its
  # few newer symbols are brought down to 2.28 by glibc_floor.py. Every other wheel is
  # 2.28 or older, which the symbol check after this proves.
  arm64) PLATFORM=aarch64-manylinux_2_31 ;;
  *) echo "unknown architecture $ARCH (amd64 or arm64)" >&2; exit 2 ;;
esac
UV=.venv/bin/uv
HOSTPY=.venv/bin/python
SITE="$OUT/python/lib/python3.11/site-packages"

rm -rf "$OUT"
mkdir -p "$OUT/bin"
cp -a "$PYTREE" "$OUT/python"
rm -f "$OUT/python/lib/libpython3.11.a"   # the static library: nothing links to it at a counter
mkdir -p "$SITE"

# TellerGuard's own wheel, from this checkout (pure Python; the default rule pack inside).
rm -rf build/wheel
"$HOSTPY" -m pip wheel --quiet --no-deps --no-build-isolation --disable-pip-version-check \
  --wheel-dir build/wheel . > build/wheel.log 2>&1 || { cat build/wheel.log; exit 1; }
"$UV" pip install --quiet --target "$SITE" --python "$HOSTPY" --python-version 3.11 \
  --python-platform "$PLATFORM" --only-binary :all: --require-hashes --no-deps \
  --link-mode copy -r packaging/bundle/requirements.txt
"$UV" pip install --quiet --target "$SITE" --python "$HOSTPY" --no-deps --link-mode copy \
  build/wheel/tellerguard-*.whl
rm -rf build/wheel "$SITE/bin"

# Qt: TellerGuard imports QtCore, QtGui and QtWidgets only. Every other Qt module, QML, the
# designer tools and translations but Chinese go; the libraries kept are those the kept
# modules and plugins link to (closure over DT_NEEDED).
"$HOSTPY" packaging/bundle/prune_qt.py "$SITE/PySide6"
# The glibc floor: the few symbols of PySide6's ARM64 wheel newer than 2.28 (glibc_floor.py
# says which and why that is safe); on amd64 nothing is above it and nothing is changed.
case "$ARCH" in amd64) TRIPLE=x86_64-linux-gnu ;; arm64) TRIPLE=aarch64-linux-gnu ;; esac
ZIG=${ZIG:-$ROOT/build/toolchain/ziglang/zig}
mkdir -p build/shim
ZIG_GLOBAL_CACHE_DIR="$PYTREE/../zig-cache" ZIG_LOCAL_CACHE_DIR="$PYTREE/../zig-cache" \
  "$ZIG" cc -target "$TRIPLE.2.28" -shared -fPIC -O2 -Wall -Werror \
  -o build/shim/libtgclockwait.so packaging/bundle/clockwait_shim.c -lpthread
"$HOSTPY" packaging/bundle/glibc_floor.py "$SITE" build/shim/libtgclockwait.so
# OpenCC's wheel carries its command-line tools and C headers; TellerGuard uses the library.
rm -rf "$SITE/opencc/clib/bin" "$SITE/opencc/clib/include"
find "$OUT" -name __pycache__ -prune -exec rm -rf {} +

# Byte code once, at build time, checked by hash rather than by mtime: /opt is read-only to
# the counter account, and dpkg's timestamps must not make Python think a .pyc is stale.
# The magic number is the same across 3.11.x, so this machine's 3.11 compiles for the target.
TARGET_MAGIC=$(sed -n 's/^MAGIC_NUMBER = (\([0-9]*\)).*/\1/p' \
  "$OUT/python/lib/python3.11/importlib/_bootstrap_external.py")
HOST_MAGIC=$("$HOSTPY" -c 'import importlib.util as u; print(int.from_bytes(u.MAGIC_NUMBER[:2], "little"))')
[ "$TARGET_MAGIC" = "$HOST_MAGIC" ] || { echo "byte-code magic differs: $TARGET_MAGIC vs $HOST_MAGIC" >&2; exit 1; }
"$HOSTPY" -m compileall -q -j0 --invalidation-mode unchecked-hash \
  -s "$OUT" -p /opt/tellerguard "$OUT/python/lib/python3.11" >/dev/null

cat > "$OUT/bin/tellerguard" <<'SH'
#!/bin/sh
# TellerGuard on its own Python, isolated (-I): PYTHONPATH, PYTHONHOME and the user's
# site-packages are ignored, so nothing on the PC can put code in front of it.
exec /opt/tellerguard/python/bin/python3.11 -I -c \
  'import sys; from tellerguard.cli import main; sys.exit(main())' "$@"
SH
chmod 0755 "$OUT/bin/tellerguard"
echo "assembled $ARCH tree in $OUT ($(du -sh "$OUT" | cut -f1))"
