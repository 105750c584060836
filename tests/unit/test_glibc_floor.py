"""packaging/bundle/glibc_floor.py on real ELFs compiled here (the .deb's glibc-2.28 step).

Debian 12's gcc links exp/pow/log at GLIBC_2.29 and gettid at GLIBC_2.30, as PySide6's ARM64
wheel does with the math functions, so the rewrite can be checked on this machine: the
library must then ask for nothing above 2.28, still load and compute the same numbers; a
symbol the tool has not been told is safe must stop it without touching the file.
"""

from __future__ import annotations

import ctypes
import importlib.util
import math
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    shutil.which("gcc") is None or shutil.which("objdump") is None,
    reason="needs gcc and objdump",
)


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "glibc_floor", ROOT / "packaging" / "bundle" / "glibc_floor.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def compile_lib(tmp_path: Path, name: str, source: str, *libs: str) -> Path:
    c = tmp_path / f"{name}.c"
    c.write_text(source)
    out = tmp_path / "tree" / f"lib{name}.so"
    out.parent.mkdir(exist_ok=True)
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(out), str(c), *libs], check=True)
    return out


def glibc_versions(path: Path) -> set[str]:
    dump = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True).stdout
    return {word.strip("()") for word in dump.split() if word.strip("()").startswith("GLIBC_2.")}


def above_228(versions: set[str]) -> set[str]:
    def key(v: str) -> tuple[int, ...]:
        return tuple(int(p) for p in v.removeprefix("GLIBC_").split("."))

    return {v for v in versions if key(v) > (2, 28)}


def test_math_versions_are_brought_down_and_the_library_still_computes(tmp_path: Path) -> None:
    lib = compile_lib(
        tmp_path,
        "mathy",
        # cbrt is at the base version (GLIBC_2.2.5 on x86-64), as in every Qt library: the
        # rewrite points at that version's name, which must be in the string table already.
        "#include <math.h>\n"
        "double f(double x) { return exp(x) + pow(x, 2.0) + log(x) + cbrt(x); }\n",
        "-fno-builtin",
        "-lm",
    )
    if "GLIBC_2.29" not in glibc_versions(lib):
        pytest.skip("this glibc links exp/pow/log at an older version")
    shim = tmp_path / "libunused.so"
    shim.write_bytes(b"")
    assert load_tool().main(lib.parent, shim) == 0
    assert above_228(glibc_versions(lib)) == set()
    f = ctypes.CDLL(str(lib)).f
    f.restype = ctypes.c_double
    f.argtypes = [ctypes.c_double]
    expected = math.exp(2.5) + 2.5**2 + math.log(2.5) + math.cbrt(2.5)
    assert f(2.5) == pytest.approx(expected, rel=1e-15)


def test_an_unknown_newer_symbol_stops_the_build_and_leaves_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lib = compile_lib(
        tmp_path,
        "tid",
        "#define _GNU_SOURCE\n#include <unistd.h>\nint f(void) { return gettid(); }\n",
    )
    if "GLIBC_2.30" not in glibc_versions(lib):
        pytest.skip("this glibc has gettid at another version")
    before = lib.read_bytes()
    assert load_tool().main(lib.parent, tmp_path / "libunused.so") == 1
    assert "gettid" in capsys.readouterr().err
    assert lib.read_bytes() == before
