"""The wheel carries the default rule pack and every package; installed, it hashes the same."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_package_list_matches_the_source_tree() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "tellerguard").rglob("__init__.py")
    }
    assert listed - {"tellerguard._rules"} == on_disk


def test_installed_wheel_finds_the_same_default_pack(tmp_path: Path) -> None:
    wheel_dir = tmp_path / "wheel"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheel_dir),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    wheel = next(wheel_dir.glob("tellerguard-*.whl"))
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    script = (
        "import tellerguard, tellerguard.resources as r\n"
        "from tellerguard.engine.pack import load_pack\n"
        "p = load_pack(r.default_rules_dir())\n"
        "print(tellerguard.__file__)\n"
        "print(p.sha256)\n"
        # The audit records' zstd dictionaries are package data too (read at import).
        "import tellerguard.audit.record as rec\n"
        "print(rec.PACKAGED_DICTIONARY.stat().st_size)\n"
        "print(*(p.stat().st_size for p in rec.EARLIER_DICTIONARIES))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout.splitlines()
    assert out[0].startswith(str(target))
    from tellerguard.engine.pack import pack_sha256

    assert out[1] == pack_sha256(ROOT / "rules" / "default")
    audit = ROOT / "tellerguard" / "audit"
    assert out[2] == str((audit / "record_dictionary_2.zstd").stat().st_size)
    assert out[3] == str((audit / "record_dictionary_1.zstd").stat().st_size)


LINUX = ROOT / "packaging" / "linux"
APP_ID = "cn.tellerguard.TellerGuard"


def test_desktop_entry_metainfo_icon_and_app_agree_on_one_id() -> None:
    """The menu entry, the software centre's metadata, the icon files and the running app
    (its desktop file name and theme icon) all use one id; a mismatch loses the icon."""
    desktop = (LINUX / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    assert f"Icon={APP_ID}\n" in desktop and "Name[zh_CN]=柜面反诈助手\n" in desktop
    assert "Exec=tellerguard gui\n" in desktop
    metainfo = (LINUX / f"{APP_ID}.metainfo.xml").read_text(encoding="utf-8")
    assert f"<id>{APP_ID}</id>" in metainfo
    assert f'<launchable type="desktop-id">{APP_ID}.desktop</launchable>' in metainfo
    for icon in (f"{APP_ID}.svg", *(f"{APP_ID}-{n}.png" for n in (48, 128, 256))):
        assert (LINUX / icon).stat().st_size > 500, icon
    app = (ROOT / "tellerguard" / "gui" / "app.py").read_text(encoding="utf-8")
    assert f'DESKTOP_ID = "{APP_ID}"' in app


def test_maintainer_scripts_parse_refuse_unknown_actions_and_spare_the_store() -> None:
    for name in ("postinst", "prerm", "postrm"):
        script = LINUX / "debian" / name
        subprocess.run(["sh", "-n", str(script)], check=True, timeout=30)
        bad = subprocess.run(["sh", str(script), "bogus"], capture_output=True, timeout=30)
        assert bad.returncode == 1 and b"unknown argument" in bad.stderr
        code = "\n".join(
            line
            for line in script.read_text(encoding="utf-8").splitlines()
            if not line.lstrip().startswith("#")
        )
        # Nothing that could delete or re-own the store or keys: no recursive rm, no
        # chown/chmod at all (postinst creates missing folders with install -d only), and
        # the data folder is written to only for the purged configuration's copy.
        assert not re.search(r"\b(chown|chmod|rm -r|rm -fr|rm -rf)\b", code), name
        assert re.findall(r"\$DATA/[\w.]+", code) in ([], ["$DATA/tellerguard.toml.purged"])
