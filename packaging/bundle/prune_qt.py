"""Keep of the PySide6 wheel only what TellerGuard loads (packaging/bundle/assemble.sh).

TellerGuard imports QtCore, QtGui and QtWidgets. Kept: those three bindings, libpyside6, the
platform plugins for an X11 desktop (xcb) and for headless runs (offscreen, minimal), the
image, icon, input-method, desktop-portal theme and xcb-GL plugins, and Qt's Chinese
translations. Then
every library in Qt/lib that nothing kept links to (DT_NEEDED, followed transitively) goes.
Wayland, EGLFS and evdev input, QML/Quick, designer and the developer tools are not shipped
(统信UOS 20 and 银河麒麟 V10 desktops are X11).

    python prune_qt.py SITE/PySide6
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

BINDINGS = {"QtCore", "QtGui", "QtWidgets"}
PLUGIN_DIRS = {
    "platforms",
    "xcbglintegrations",
    "imageformats",
    "iconengines",
    "platforminputcontexts",
    "platformthemes",
}
PLATFORMS = {"libqxcb.so", "libqoffscreen.so", "libqminimal.so"}
# Plugins that would pull in what TellerGuard does not ship: the on-screen keyboard (QML and
# Quick), the GTK 3 theme (GTK 3 from the PC), the PDF image format (QtPdf, not in
# PySide6-Essentials), and TIFF and WebP (the ARM64 wheel links the PC's libtiff.so.5 and
# libwebp.so.6, which Debian 12 no longer has; TellerGuard shows neither). Counter PCs type with ibus/fcitx, which the ibus
# and compose plugins serve.
UNWANTED_PLUGINS = {
    "libqtvirtualkeyboardplugin.so",
    "libqgtk3.so",
    "libqpdf.so",
    "libqtiff.so",
    "libqwebp.so",
}
KEEP_TOP = {"__init__.py", "_config.py", "_git_pyside_version.py", "py.typed", "Qt", "support"}
TRANSLATIONS = re.compile(r"^qt(base)?_zh_CN\.qm$")


def needed(elf: Path) -> set[str]:
    out = subprocess.run(
        ["readelf", "-d", str(elf)], capture_output=True, text=True, check=True
    ).stdout
    return set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^]]+)\]", out))


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def main(pyside: Path) -> int:
    qt = pyside / "Qt"
    for entry in pyside.iterdir():
        name = entry.name
        module = name.split(".", 1)[0]
        if name.endswith(".abi3.so") and module in BINDINGS:
            continue
        if name.startswith("libpyside6.abi3.so") or name in KEEP_TOP:
            continue
        remove(entry)
    for entry in qt.iterdir():
        if entry.name not in {"lib", "plugins", "translations"}:
            remove(entry)
    for entry in (qt / "translations").iterdir():
        if not TRANSLATIONS.match(entry.name):
            remove(entry)
    for entry in (qt / "plugins").iterdir():
        if entry.name not in PLUGIN_DIRS:
            remove(entry)
    for entry in (qt / "plugins" / "platforms").iterdir():
        if entry.name not in PLATFORMS:
            remove(entry)
    for entry in list((qt / "plugins").rglob("*.so")):
        if entry.name in UNWANTED_PLUGINS:
            remove(entry)
    # What the kept ELFs need, transitively, among Qt's own libraries.
    libs = {p.name: p for p in (qt / "lib").iterdir()}
    roots = [p for p in pyside.glob("*.so*")] + list((qt / "plugins").rglob("*.so"))
    shiboken = pyside.parent / "shiboken6"
    roots += list(shiboken.glob("*.so*"))
    keep: set[str] = set()
    todo = [lib for root in roots for lib in needed(root)]
    while todo:
        lib = todo.pop()
        if lib in keep or lib not in libs:
            continue
        keep.add(lib)
        todo.extend(needed(libs[lib]))
    missing = sorted(
        f"{root.name}: {lib}"
        for root in roots
        for lib in needed(root)
        if lib.startswith("libQt6") and lib not in libs
    )
    if missing:
        print("kept Qt files link to Qt libraries the wheel lacks:", *missing, file=sys.stderr)
        return 1
    dropped = sorted(set(libs) - keep)
    for name in dropped:
        remove(libs[name])
    kept = ", ".join(sorted(keep))
    print(f"Qt: kept {len(keep)} libraries ({kept}); dropped {len(dropped)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
