#!/bin/sh
# `make test-package`: the .deb as bank IT and a teller meet it, on this machine. Builds it,
# lints it, installs it with apt-get, runs the installed command line and the GUI (a real X
# server, Xvfb, through Qt's xcb plugin: its login window is saved to docs/screenshots/),
# sets a workstation up in /etc/tellerguard and /var/lib/tellerguard for a counter account,
# upgrades the package over itself and checks the store, keys and configuration are
# byte-for-byte unchanged and verify, then removes and purges it and checks again.
# The ARM64 package is built too, linted, unpacked into an ARM64 Debian folder (debootstrap,
# with the packages its Depends names) and run there under qemu-aarch64-static: --version,
# assess, init, and the GUI to its login window on the same Xvfb. Last it prints, for each
# package, the highest glibc symbol version any bundled ELF needs, and its size.
#
# Needs root and apt-get (CI has both). Elsewhere it says so in one line and exits 0, or 2
# under CI=true, where a skipped package test must not look like a pass.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
START=$(date +%s)

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "make test-package installs a .deb: it needs root and apt-get (skipped here)"
  [ "${CI:-}" = true ] && exit 2
  exit 0
fi

COUNTER=tgcounter                        # the OS account that works at the counter
ETC=/etc/tellerguard
DATA=/var/lib/tellerguard
MARK="$DATA/.package-test"               # only what this script made is ever cleaned up
WORK=$(mktemp -d /tmp/tellerguard-package-test.XXXXXX)
chmod 0755 "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }
as_counter() { runuser -u "$COUNTER" -- env HOME="/home/$COUNTER" "$@"; }

# A machine with a real TellerGuard workstation is never used for this test.
if [ -e "$ETC/tellerguard.toml" ] || { [ -d "$DATA" ] && [ -n "$(ls -A "$DATA")" ]; }; then
  [ -e "$MARK" ] || fail "$ETC or $DATA holds a real workstation; not testing on this machine"
fi
if dpkg -s tellerguard >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq tellerguard >/dev/null
fi
if [ -e "$MARK" ]; then rm -rf "$DATA" "$ETC"; fi
if id "$COUNTER" >/dev/null 2>&1; then userdel -r "$COUNTER" 2>/dev/null || true; fi

sh scripts/system_deps.sh package
command -v xwd >/dev/null 2>&1 && command -v pnmtopng >/dev/null 2>&1 && \
  command -v xwininfo >/dev/null 2>&1 || \
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    x11-apps x11-utils netpbm >/dev/null

ARCH=$(dpkg --print-architecture)
[ "$ARCH" = amd64 ] || fail "this test installs the amd64 package and emulates the arm64 one; this is $ARCH"
step "build the packages: amd64 (revision 1, and 2 for the upgrade) and arm64"
make --no-print-directory deb ARCH=amd64 DEB_REVISION=1
ARCH=amd64 DEB_COMPRESS=gzip sh packaging/build_deb.sh 2 >/dev/null
make --no-print-directory deb ARCH=arm64 DEB_REVISION=1
VERSION=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' tellerguard/__init__.py)
DEB1="dist/tellerguard_${VERSION}-1_${ARCH}.deb"
DEB2="dist/tellerguard_${VERSION}-2_${ARCH}.deb"
DEBARM="dist/tellerguard_${VERSION}-1_arm64.deb"

step "lint: lintian (both packages), desktop-file-validate, appstreamcli"
lintian --fail-on error,warning --tag-display-limit 0 "$DEB1" || fail "lintian"
lintian --fail-on error,warning --tag-display-limit 0 "$DEBARM" || fail "lintian (arm64)"
dpkg-deb -x "$DEB1" "$WORK/unpacked"
desktop-file-validate "$WORK/unpacked/usr/share/applications/cn.tellerguard.TellerGuard.desktop" \
  || fail "desktop file"
appstreamcli validate --no-net --explain \
  "$WORK/unpacked/usr/share/metainfo/cn.tellerguard.TellerGuard.metainfo.xml" || fail "metainfo"

step "install $DEB1 with apt-get"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "./$DEB1" \
  > "$WORK/install.log" 2>&1 || { cat "$WORK/install.log"; fail "apt-get install"; }
[ "$(tellerguard --version)" = "tellerguard $VERSION" ] || fail "tellerguard --version"
echo "installed: $(tellerguard --version) at $(command -v tellerguard)"
[ "$(stat -c '%U %a' $DATA)" = "root 700" ] || fail "$DATA is not root 0700 after install"
# Every library a bundled ELF links to resolves on the installed system (optional Qt plugins
# for Wayland cursors and the GTK theme aside: Qt loads them only when asked to).
find /opt/tellerguard -type f \( -name '*.so*' -o -name python3.11 \) -print0 | xargs -0 ldd 2>/dev/null \
  | awk '/not found/ {print $1}' | sort -u \
  | grep -vE '^lib(wayland-cursor|wayland-egl|gtk-3|gdk-3)\.so' > "$WORK/missing" || true
[ -s "$WORK/missing" ] && { cat "$WORK/missing"; fail "bundled libraries need what is missing"; }

step "the installed command line: assess an example, init into a scratch configuration"
EX=/usr/share/doc/tellerguard/examples/03_wechat_friend_100k.json
tellerguard assess "$EX" --branch-region 410102 --on 2026-11-25 > "$WORK/assess.json"
grep -q '"level": "manager_approval"' "$WORK/assess.json" || fail "assess: unexpected level"
tellerguard assess "$EX" --branch-region 410102 --on 2026-11-25 --pretty | head -3
tellerguard rules check /opt/tellerguard/python/lib/python3.11/site-packages/tellerguard/_rules/default >/dev/null \
  || fail "the bundled default pack does not check"
useradd --create-home --home-dir "/home/$COUNTER" --shell /bin/sh "$COUNTER"
SECRETS="$WORK/secrets"
install -d -m 0700 -o "$COUNTER" "$SECRETS"
printf 'Admin#Pkg2026!\n' > "$SECRETS/admin.pw"
printf 'Teller#Pkg2026!\n' > "$SECRETS/teller.pw"
printf 'escrow passphrase for the package test\n' > "$SECRETS/backup.pw"
chown "$COUNTER" "$SECRETS"/*.pw && chmod 0600 "$SECRETS"/*.pw
SCRATCH="$WORK/scratch"
install -d -m 0700 -o "$COUNTER" "$SCRATCH"
as_counter tellerguard init --config "$SCRATCH/tellerguard.toml" --data-dir "$SCRATCH/data" \
  --branch-code PKG01 --branch-name 打包测试支行 --region 410102 --admin admin01 \
  --password-file "$SECRETS/admin.pw" --backup-passphrase-file "$SECRETS/backup.pw" >/dev/null
as_counter tellerguard audit verify --config "$SCRATCH/tellerguard.toml" >/dev/null \
  || fail "scratch workstation does not verify"

step "the real workstation: root runs init for the counter account"
tellerguard init --owner "$COUNTER" --branch-code ZZ001 --branch-name 郑州市中原区示范支行 \
  --region 410102 --admin admin01 --password-file "$SECRETS/admin.pw" \
  --backup-passphrase-file "$SECRETS/backup.pw"
touch "$MARK"
[ "$(stat -c '%U %a' $ETC/tellerguard.toml)" = "root 644" ] || fail "configuration mode"
[ "$(stat -c '%U %a' $DATA)" = "$COUNTER 700" ] || fail "$DATA not owner-only for $COUNTER"
[ "$(stat -c '%U %a' $DATA/keys)" = "$COUNTER 700" ] || fail "key folder mode"
for key in "$DATA"/keys/*; do
  case "$key" in *.pub) continue ;; esac
  [ "$(stat -c '%U %a' "$key")" = "$COUNTER 600" ] || fail "$key is not owner-only"
done
as_counter tellerguard users add teller07 --display-name 王柜员 --role teller \
  --operator admin01 --password-file "$SECRETS/admin.pw" --new-password-file "$SECRETS/teller.pw"
as_counter tellerguard audit seal --operator admin01 --password-file "$SECRETS/admin.pw"
as_counter tellerguard audit verify > "$WORK/verify1" || fail "verify before the upgrade"
cat "$WORK/verify1"

step "the installed GUI under Xvfb to its login window"
Xvfb :77 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
trap 'kill $XVFB 2>/dev/null || true' EXIT
sleep 2
# setpriv execs (runuser would stay as a parent), so $! is the GUI itself and can be ended.
setpriv --reuid="$COUNTER" --regid="$COUNTER" --init-groups \
  env HOME="/home/$COUNTER" DISPLAY=:77 QT_QPA_PLATFORM=xcb tellerguard gui > "$WORK/gui.log" 2>&1 &
GUI=$!
window=""
for _ in $(seq 1 90); do
  window=$(DISPLAY=:77 xwininfo -root -tree 2>/dev/null | awk '/登录/ {print $1; exit}')
  [ -n "$window" ] && break
  kill -0 $GUI 2>/dev/null || break
  sleep 1
done
[ -n "$window" ] || { cat "$WORK/gui.log"; fail "no login window within 90 s"; }
sleep 3  # let it paint
DISPLAY=:77 xwd -id "$window" -silent | xwdtopnm 2>/dev/null \
  | pnmtopng > docs/screenshots/42_installed_login.png
kill $GUI
wait $GUI 2>/dev/null || true
kill -0 $GUI 2>/dev/null && fail "the GUI did not exit"
echo "screenshot: docs/screenshots/42_installed_login.png (window $window)"

snapshot() {  # every file of the configuration, store and keys: owner, mode, bytes
  find "$ETC" "$DATA" -type f ! -name 'tellerguard.toml.purged' ! -name '.package-test' \
    -print0 2>/dev/null | sort -z | xargs -0 -r stat -c '%n %U %a %s' | \
    while read -r name rest; do echo "$name $rest $(sha256sum "$name" | cut -c1-16)"; done
}
snapshot > "$WORK/before"

step "upgrade over itself: $DEB2"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$DEB2" > "$WORK/upgrade.log" 2>&1 \
  || { cat "$WORK/upgrade.log"; fail "upgrade"; }
[ "$(dpkg-query -W -f '${Version}' tellerguard)" = "$VERSION-2" ] || fail "not upgraded"
snapshot > "$WORK/after-upgrade"
diff "$WORK/before" "$WORK/after-upgrade" || fail "the upgrade changed the store, keys or config"
as_counter tellerguard audit verify > "$WORK/verify2" || fail "verify after the upgrade"
cat "$WORK/verify2"
snapshot > "$WORK/before-remove"  # verify itself records an event

step "remove, then purge"
DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq tellerguard 2>&1 | grep -v '^(Reading' || true
[ ! -e /opt/tellerguard ] && [ ! -e /usr/bin/tellerguard ] || fail "program left after remove"
snapshot > "$WORK/after-remove"
diff "$WORK/before-remove" "$WORK/after-remove" || fail "remove changed the store, keys or config"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq tellerguard 2>&1 | tee "$WORK/purge.log" \
  | grep -E 'WARNING|kept' || true
grep -q "WARNING: purging TellerGuard removes its configuration" "$WORK/purge.log" \
  || fail "purge gave no warning"
[ ! -e "$ETC/tellerguard.toml" ] || fail "purge left the configuration"
[ -s "$DATA/tellerguard.toml.purged" ] || fail "purge kept no copy of the configuration"
snapshot > "$WORK/after-purge"
grep -v "^$ETC/" "$WORK/before-remove" | diff - "$WORK/after-purge" \
  || fail "purge changed the store or keys"
echo "store and keys unchanged after upgrade, remove and purge: $(grep -c . "$WORK/after-purge") files"

step "the arm64 package under qemu-aarch64-static, in an ARM64 Debian folder"
# The folder gets exactly the packages the .deb's Depends and Recommends name (the first of
# each alternative),
# so a library missing from Depends shows up here as a failure to start.
ARMROOT="$WORK/arm64-root"
# Recommends too (a CJK font), as apt installs them by default.
ARMDEPS=$(printf '%s, %s' "$(dpkg-deb -f "$DEBARM" Depends)" "$(dpkg-deb -f "$DEBARM" Recommends)" \
  | tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/ //g' | grep -v '^libc6$' | paste -sd, -)
debootstrap --foreign --arch=arm64 --variant=minbase --include="$ARMDEPS" bookworm "$ARMROOT" \
  http://deb.debian.org/debian > "$WORK/debootstrap.log" 2>&1 \
  || { tail -20 "$WORK/debootstrap.log"; fail "debootstrap arm64"; }
# --foreign unpacks only the base system; the packages named by --include wait in apt's
# cache for the second stage, which would run ARM64 programs. Unpacking them is enough for
# libraries and fonts.
for deb in "$ARMROOT"/var/cache/apt/archives/*.deb; do dpkg-deb -x "$deb" "$ARMROOT"; done
dpkg-deb -x "$DEBARM" "$ARMROOT"
ARMPY="$ARMROOT/opt/tellerguard/python/bin/python3.11"
file -b "$ARMPY" | grep -q 'ARM aarch64' || fail "the arm64 interpreter is not an ARM64 ELF"
arm_tellerguard() {  # the installed launcher's command, run by the emulator in the ARM64 folder
  env TELLERGUARD_SYSTEM_CONFIG="$ARMROOT/etc/tellerguard/tellerguard.toml" \
    TELLERGUARD_DATA_DIR="$ARMROOT/var/lib/tellerguard" \
    qemu-aarch64-static -L "$ARMROOT" "$ARMPY" -I -c \
    'import sys; from tellerguard.cli import main; sys.exit(main())' "$@"
}
[ "$(arm_tellerguard --version)" = "tellerguard $VERSION" ] || fail "arm64 tellerguard --version"
echo "arm64: $(arm_tellerguard --version) (qemu-aarch64-static)"
ARMEX="$ARMROOT/usr/share/doc/tellerguard/examples/03_wechat_friend_100k.json"
arm_tellerguard assess "$ARMEX" --branch-region 410102 --on 2026-11-25 > "$WORK/assess-arm64.json"
cmp -s "$WORK/assess.json" "$WORK/assess-arm64.json" || fail "arm64 assess differs from amd64"
echo "arm64 assess: the same $(wc -c < "$WORK/assess-arm64.json")-byte result as amd64"
ARMCONF="$WORK/arm-scratch/tellerguard.toml"
arm_tellerguard init --config "$ARMCONF" --data-dir "$WORK/arm-scratch/data" \
  --branch-code ARM01 --branch-name 鲲鹏测试支行 --region 410102 --admin admin01 \
  --password-file "$SECRETS/admin.pw" --backup-passphrase-file "$SECRETS/backup.pw" >/dev/null
arm_tellerguard audit verify --config "$ARMCONF" >/dev/null || fail "arm64 workstation does not verify"
env TELLERGUARD_CONFIG="$ARMCONF" DISPLAY=:77 QT_QPA_PLATFORM=xcb qemu-aarch64-static -L "$ARMROOT" "$ARMPY" -I -c \
  'import sys; from tellerguard.cli import main; sys.exit(main())' gui > "$WORK/gui-arm64.log" 2>&1 &
ARMGUI=$!
window=""
for _ in $(seq 1 180); do
  window=$(DISPLAY=:77 xwininfo -root -tree 2>/dev/null | awk '/登录/ {print $1; exit}')
  [ -n "$window" ] && break
  kill -0 $ARMGUI 2>/dev/null || break
  sleep 1
done
[ -n "$window" ] || { cat "$WORK/gui-arm64.log"; fail "arm64: no login window within 180 s"; }
sleep 5
DISPLAY=:77 xwd -id "$window" -silent | xwdtopnm 2>/dev/null \
  | pnmtopng > docs/screenshots/41_arm64_login.png
kill $ARMGUI
wait $ARMGUI 2>/dev/null || true
echo "arm64 GUI: docs/screenshots/41_arm64_login.png (window $window)"

step "figures"
for deb in "$DEB1" "$DEBARM"; do
  rm -rf "$WORK/figures" && dpkg-deb -x "$deb" "$WORK/figures"
  elfs=$(find "$WORK/figures/opt/tellerguard" -type f \( -name '*.so' -o -name '*.so.*' -o -perm /111 \) \
    -exec sh -c 'for f; do if [ "$(head -c 4 "$f" | od -An -c | tr -d " ")" = 177ELF ]; then echo "$f"; fi; done' _ {} +)
  glibc=$(echo "$elfs" | xargs objdump -T 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' \
    | sed 's/GLIBC_//' | sort -uV | tail -1)
  glibcxx=$(echo "$elfs" | xargs objdump -T 2>/dev/null | grep -o 'GLIBCXX_[0-9][0-9.]*' \
    | sed 's/GLIBCXX_//' | sort -uV | tail -1)
  echo "$deb: $(echo "$elfs" | wc -l) ELFs; highest GLIBC symbol version $glibc (target for UOS 20 / Kylin V10: 2.28), GLIBCXX $glibcxx"
  echo "  $(stat -c %s "$deb") bytes ($(du -h "$deb" | cut -f1)), installed $(du -sh "$WORK/figures/opt/tellerguard" | cut -f1); Depends: $(dpkg-deb -f "$deb" Depends)"
done

# Leave the machine as it was: only what this script made, marked, is removed.
if [ -e "$MARK" ]; then rm -rf "$DATA"; fi
rmdir "$ETC" 2>/dev/null || true
userdel -r "$COUNTER" 2>/dev/null || true
rm -rf "$WORK"
echo "test-package: passed in $(( $(date +%s) - START )) s"
