#!/bin/sh
# The private CPython of the .deb, for one Debian architecture, built so that it runs on any
# glibc >= 2.28 (统信UOS 20 / 银河麒麟 V10): `zig cc -target <cpu>-linux-gnu.2.28` compiles
# against glibc 2.28's symbol versions whatever glibc this machine has, and cross-compiles
# to ARM64 (Kunpeng, Phytium) from an x86-64 machine. zlib, bzip2, liblzma, libffi and SQLite
# and OpenSSL are linked in statically, so the interpreter needs nothing of the PC but glibc.
#
#   packaging/python/build_python.sh amd64|arm64 SRC OUT
#     SRC  the sources fetched by fetch_sources.sh      OUT  where the tree lands:
#     OUT/python is the interpreter as /opt/tellerguard/python holds it.
#
# ssl uses the PC's certificate store (/etc/ssl, the OpenSSL default on Debian, UOS and
# Kylin). Left out on purpose: readline, curses, dbm, tkinter, _crypt, nis, _uuid (uuid falls
# back to its pure-Python code), the test modules, pip.
set -eu

ARCH=$1
SRC=$(cd "$2" && pwd)
mkdir -p "$3"
OUT=$(cd "$3" && pwd)
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GLIBC=2.28
case "$ARCH" in
  amd64) CPU=x86_64 ;;
  arm64) CPU=aarch64 ;;
  *) echo "unknown architecture $ARCH (amd64 or arm64)" >&2; exit 2 ;;
esac
TRIPLE=$CPU-linux-gnu
ZIG=${ZIG:-$ROOT/build/toolchain/ziglang/zig}
JOBS=${JOBS:-$(nproc)}
PREFIX=/opt/tellerguard/python
BUILD_PYTHON=${BUILD_PYTHON:-$(command -v python3.11)}
[ -x "$BUILD_PYTHON" ] || { echo "a Python 3.11 for the build is needed (BUILD_PYTHON)" >&2; exit 2; }
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git -C "$ROOT" log -1 --format=%ct)}"
export ZIG_GLOBAL_CACHE_DIR="$OUT/zig-cache" ZIG_LOCAL_CACHE_DIR="$OUT/zig-cache"

# Wrappers: configure and libtool want one word for each tool.
TOOLS="$OUT/tools"
mkdir -p "$TOOLS"
for tool in cc ar ranlib; do
  case $tool in
    cc) cmd="cc -target $TRIPLE.$GLIBC" ;;
    *) cmd=$tool ;;
  esac
  printf '#!/bin/sh\nexec "%s" %s "$@"\n' "$ZIG" "$cmd" > "$TOOLS/$TRIPLE-$tool"
  chmod +x "$TOOLS/$TRIPLE-$tool"
done
CC="$TOOLS/$TRIPLE-cc"
AR="$TOOLS/$TRIPLE-ar"
RANLIB="$TOOLS/$TRIPLE-ranlib"
DEPS="$OUT/deps"
mkdir -p "$DEPS/include" "$DEPS/lib"
DEP_CFLAGS="-O2 -fPIC -w -ffile-prefix-map=$SRC=. -ffile-prefix-map=$OUT=."
WORK="$OUT/work"
mkdir -p "$WORK"

static_lib() {  # name, source folder, C files...: compile into $DEPS/lib/lib<name>.a
  name=$1 dir=$2
  shift 2
  mkdir -p "$WORK/$name"
  for c in "$@"; do
    "$CC" $DEP_CFLAGS ${EXTRA_CFLAGS:-} -I"$dir" -c "$dir/$c" -o "$WORK/$name/${c%.c}.o"
  done
  rm -f "$DEPS/lib/lib$name.a"
  "$AR" rcs "$DEPS/lib/lib$name.a" "$WORK/$name"/*.o
}

if [ ! -e "$DEPS/.built" ]; then   # the libraries once per OUT (\`make clean\` starts afresh)
echo "== zlib, bzip2 ($TRIPLE, glibc $GLIBC)"
EXTRA_CFLAGS="-DHAVE_UNISTD_H -DHAVE_STDARG_H" static_lib z "$SRC/zlib" adler32.c compress.c crc32.c deflate.c gzclose.c gzlib.c gzread.c \
  gzwrite.c infback.c inffast.c inflate.c inftrees.c trees.c uncompr.c zutil.c
cp "$SRC/zlib/zlib.h" "$SRC/zlib/zconf.h" "$DEPS/include/"
static_lib bz2 "$SRC/bzip2" blocksort.c huffman.c crctable.c randtable.c compress.c \
  decompress.c bzlib.c
cp "$SRC/bzip2/bzlib.h" "$DEPS/include/"

echo "== SQLite (amalgamation made with the host's cc and tclsh, then compiled for $TRIPLE)"
mkdir -p "$WORK/sqlite-host"
(cd "$WORK/sqlite-host" && "$SRC/sqlite3/configure" --disable-tcl >/dev/null && make -s sqlite3.c >/dev/null)
# Debian's compile options (debian/rules of sqlite3), so the store behaves as with the
# system SQLite the tests use.
EXTRA_CFLAGS="-DSQLITE_SECURE_DELETE -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_FTS3 \
  -DSQLITE_ENABLE_FTS3_PARENTHESIS -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_RTREE=1 -DSQLITE_SOUNDEX=1 \
  -DSQLITE_ENABLE_UNLOCK_NOTIFY -DSQLITE_OMIT_LOOKASIDE=1 -DSQLITE_ENABLE_DBSTAT_VTAB \
  -DSQLITE_ENABLE_UPDATE_DELETE_LIMIT=1 -DSQLITE_ENABLE_LOAD_EXTENSION -DSQLITE_ENABLE_JSON1 \
  -DSQLITE_LIKE_DOESNT_MATCH_BLOBS -DSQLITE_THREADSAFE=1 -DSQLITE_USE_URI=1 \
  -DSQLITE_MAX_SCHEMA_RETRY=25 -DSQLITE_ENABLE_PREUPDATE_HOOK -DSQLITE_ENABLE_SESSION \
  -DSQLITE_ENABLE_STMTVTAB -DSQLITE_MAX_VARIABLE_NUMBER=250000 -DHAVE_USLEEP=1" \
  static_lib sqlite3 "$WORK/sqlite-host" sqlite3.c
cp "$WORK/sqlite-host/sqlite3.h" "$WORK/sqlite-host/sqlite3ext.h" "$DEPS/include/"

autotools_lib() {  # source folder, configure options...
  dir=$1
  shift
  mkdir -p "$WORK/$(basename "$dir")"
  (cd "$WORK/$(basename "$dir")" && \
    CC="$CC" AR="$AR" RANLIB="$RANLIB" CFLAGS="$DEP_CFLAGS" \
    "$dir/configure" --host="$TRIPLE" --build="$(uname -m)-linux-gnu" --prefix="$DEPS" \
      --enable-static --disable-shared --with-pic "$@" >/dev/null && \
    make -s -j"$JOBS" >build.log 2>&1 && make -s install >/dev/null) \
    || { tail -20 "$WORK/$(basename "$dir")/build.log"; exit 1; }
}
echo "== liblzma, libffi"
autotools_lib "$SRC/xz-utils" --disable-xz --disable-xzdec --disable-lzmadec --disable-lzmainfo \
  --disable-lzma-links --disable-scripts --disable-doc --disable-nls --disable-threads
# Static trampolines (libffi 3.4's tramp.c) do not compile with clang >= 16; the classic
# trampolines are what libffi used before 3.4.
autotools_lib "$SRC/libffi" --disable-docs --disable-multi-os-directory --disable-exec-static-tramp
touch "$DEPS/.built"
fi
if [ ! -e "$DEPS/lib/libssl.a" ]; then
  # OpenSSL for the ssl and hashlib modules (python-stdnum imports ssl when loaded). Static,
  # libraries only, no assembler (one code path for both architectures), no engines or
  # loadable modules: the interpreter must not look for OpenSSL files on the PC.
  echo "== OpenSSL (libraries only)"
  case "$CPU" in x86_64) ossl_target=linux-x86_64 ;; aarch64) ossl_target=linux-aarch64 ;; esac
  rm -rf "$WORK/openssl"
  cp -a "$SRC/openssl" "$WORK/openssl"
  (cd "$WORK/openssl" && \
    CC="$CC" AR="$AR" RANLIB="$RANLIB" ./Configure "$ossl_target" --prefix="$DEPS" --libdir=lib \
      --openssldir=/etc/ssl no-shared no-asm no-tests no-engine no-module no-dso \
      no-legacy -fPIC -O2 -w >build.log 2>&1 && \
    make -s -j"$JOBS" build_libs >>build.log 2>&1 && make -s install_dev >>build.log 2>&1) \
    || { tail -20 "$WORK/openssl/build.log"; exit 1; }
fi

echo "== CPython $(cat "$SRC/python3.11/debian/changelog" | sed -n '1s/.*(\(.*\)).*/\1/p') for $TRIPLE"
PY="$WORK/cpython"
rm -rf "$PY"
cp -a "$SRC/python3.11" "$PY"
# Debian's fixes for CVEs and crashes, in Debian's order; its layout patches (dist-packages,
# multiarch, /usr paths) are left out.
sed -n '/^\(CVE-\|[0-9][0-9][0-9][0-9]-3\.11-\|shutdown-deadlock\|frame_dealloc-crash\|relfile-nullptr\)/p' \
  "$PY/debian/patches/series" | while read -r patch; do
    patch -s -p1 -d "$PY" < "$PY/debian/patches/$patch"
  done
# zig cc refuses __DATE__/__TIME__ (not reproducible): the build date is the commit's.
sed -i -e "s|#define DATE __DATE__|#define DATE \"$(LC_ALL=C date -u -d "@$SOURCE_DATE_EPOCH" '+%b %e %Y')\"|" \
  -e "s|#define TIME __TIME__|#define TIME \"$(LC_ALL=C date -u -d "@$SOURCE_DATE_EPOCH" '+%H:%M:%S')\"|" \
  "$PY/Modules/getbuildinfo.c"
# Debian's CVE-2026-4224 fix makes pyexpat.c include an internal header; Debian builds the
# module into the interpreter, setup.py builds it shared, which needs the define that
# CPython's other such modules (e.g. _json.c) carry.
sed -i '1i #ifndef Py_BUILD_CORE_BUILTIN\n#  define Py_BUILD_CORE_MODULE 1\n#endif' "$PY/Modules/pyexpat.c"
# setup.py adds this machine's /usr/include/<multiarch> and /usr/lib/<multiarch> to every
# extension module's search path (Debian multiarch support); those are glibc 2.36's headers
# and this machine's libraries, so that step is skipped: zig cc knows its own.
sed -i 's/^        self\.add_multiarch_paths()$/        pass  # TellerGuard: no build-host paths/' "$PY/setup.py"
grep -q 'TellerGuard: no build-host paths' "$PY/setup.py"
# Always a cross build, for x86-64 too: configure and setup.py then take only what zig cc
# shows them (glibc 2.28's headers) and never add this machine's /usr/include; this
# machine's Python 3.11 runs the build steps (freezing, setup.py). --build names the vendor
# so that it differs from --host even for x86-64. What configure cannot find out by running a
# program is given here.
export ac_cv_file__dev_ptmx=yes ac_cv_file__dev_ptc=no ac_cv_buggy_getaddrinfo=no
mkdir -p "$PY/out"
cd "$PY/out"
# The libraries above, named for configure's pkg-config checks so it looks nowhere else.
export PKG_CONFIG_LIBDIR=/nonexistent
export ZLIB_CFLAGS="-I$DEPS/include" ZLIB_LIBS="-L$DEPS/lib -lz"
export BZIP2_CFLAGS="-I$DEPS/include" BZIP2_LIBS="-L$DEPS/lib -lbz2"
export LIBLZMA_CFLAGS="-I$DEPS/include" LIBLZMA_LIBS="-L$DEPS/lib -llzma"
export LIBFFI_CFLAGS="-I$DEPS/include" LIBFFI_LIBS="-L$DEPS/lib -lffi"
export LIBSQLITE3_CFLAGS="-I$DEPS/include" LIBSQLITE3_LIBS="-L$DEPS/lib -lsqlite3 -lm"
export LIBUUID_CFLAGS="" LIBUUID_LIBS="" ac_cv_header_uuid_uuid_h=no ac_cv_header_uuid_h=no
export py_cv_module__tkinter=n/a py_cv_module__curses=n/a py_cv_module__curses_panel=n/a \
  py_cv_module_readline=n/a py_cv_module__dbm=n/a py_cv_module__gdbm=n/a py_cv_module_nis=n/a \
  py_cv_module__crypt=n/a py_cv_module__uuid=n/a
CC="$CC" AR="$AR" RANLIB="$RANLIB" CPPFLAGS="-I$DEPS/include" LDFLAGS="-L$DEPS/lib" \
  CFLAGS="-fPIE -ffile-prefix-map=$PY=." \
  ../configure --build="$(uname -m)-pc-linux-gnu" --host="$TRIPLE" --with-build-python="$BUILD_PYTHON" --prefix="$PREFIX" --without-ensurepip \
    --disable-test-modules --with-openssl="$DEPS" --with-openssl-rpath=no >"$OUT/configure.log" 2>&1 \
  || { tail -30 "$OUT/configure.log"; exit 1; }
# A position-independent executable (Debian's hardening; zig links with BIND_NOW already).
make -j"$JOBS" LINKFORSHARED="-Xlinker -export-dynamic -pie" >"$OUT/make.log" 2>&1 \
  || { tail -40 "$OUT/make.log"; exit 1; }
grep -A6 "^Failed to build these modules" "$OUT/make.log" && exit 1
rm -rf "$OUT/root"
make install DESTDIR="$OUT/root" >"$OUT/install.log" 2>&1 || { tail -40 "$OUT/install.log"; exit 1; }
rm -rf "$OUT/python"
mv "$OUT/root$PREFIX" "$OUT/python"
rm -rf "$OUT/root"
# What a program never uses at a counter: tests, IDLE, Tk, C headers, the static library.
P="$OUT/python/lib/python3.11"
rm -rf "$P/test" "$P/idlelib" "$P/tkinter" "$P/turtledemo" "$P/lib2to3/tests" "$P/ensurepip" \
  "$P"/config-3.11-*/libpython3.11.a "$P"/config-3.11-*/python.o "$OUT/python/share" "$OUT/python/include" \
  "$OUT/python/lib/pkgconfig" "$OUT/python/bin"/2to3* "$OUT/python/bin"/idle3* \
  "$OUT/python/bin"/pydoc3* "$OUT/python/bin"/python3*-config
find "$OUT/python" -name __pycache__ -prune -exec rm -rf {} +
echo "== modules configure left out"
grep -E "^checking for stdlib extension module .*\.\.\. (missing|disabled|n/a)" "$OUT/configure.log" \
  | sed 's/checking for stdlib extension module //; s/\.\.\. /: /' | tr '\n' ' '
echo
echo "python for $ARCH in $OUT/python"
