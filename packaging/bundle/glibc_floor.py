"""Bring the few newer glibc symbol versions of PySide6's ARM64 wheel down to glibc 2.28.

PySide6's ARM64 wheels are built on glibc 2.31 (6.8.0.2; later ones on 2.39). Of everything
they ask glibc for, only two kinds of symbol are newer than 2.28 (`objdump -T`):

* exp, exp2, log, log2 and pow at GLIBC_2.29, in libm. glibc 2.29 gave them a new version
  when it dropped the SVID error-handling wrapper; the GLIBC_2.17 versions compute the same
  results and exist in every ARM64 glibc, old and new. The version each library asks for is
  rewritten to GLIBC_2.17 (vna_name and vna_hash of its verneed entry, in place).
* pthread_cond_clockwait at GLIBC_2.30 (libstdc++'s inline condition_variable code). It is
  rewritten to GLIBC_2.17 as well, a version no glibc defines it at, and the library gets
  clockwait_shim.c's unversioned definition as a DT_NEEDED next to it, which the dynamic
  loader accepts for a versioned reference. So the same code runs on every glibc.

Anything else above the floor is an error naming the library, version and symbols: this
never rewrites what it has not been told is safe. The .deb build checks the result again.

    python glibc_floor.py TREE SHIM.so      (rewrites ELFs under TREE in place)
"""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

FLOOR = (2, 28)
MATH = {"exp", "exp2", "log", "log2", "pow"}
CLOCKWAIT = {"pthread_cond_clockwait"}
BASE = {183: "GLIBC_2.17", 62: "GLIBC_2.2.5"}  # e_machine: AArch64, x86-64
SHT_DYNSYM, SHT_VERSYM, SHT_VERNEED = 11, 0x6FFFFFFF, 0x6FFFFFFE


def elf_hash(name: bytes) -> int:
    h = 0
    for c in name:
        h = ((h << 4) + c) & 0xFFFFFFFF
        g = h & 0xF0000000
        if g:
            h ^= g >> 24
        h &= ~g & 0xFFFFFFFF
    return h


def cstr(data: bytes | bytearray, offset: int) -> str:
    return bytes(data[offset : data.index(b"\0", offset)]).decode()


def version_tuple(name: str) -> tuple[int, ...]:
    return tuple(int(p) for p in name.removeprefix("GLIBC_").split("."))


class Elf:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.data = bytearray(path.read_bytes())
        d = self.data
        if d[:4] != b"\x7fELF" or d[4] != 2 or d[5] != 1:
            raise ValueError("not a 64-bit little-endian ELF")
        self.machine = struct.unpack_from("<H", d, 0x12)[0]
        shoff = struct.unpack_from("<Q", d, 0x28)[0]
        shentsize, shnum = struct.unpack_from("<HH", d, 0x3A)
        self.sections = [
            struct.unpack_from("<IIQQQQIIQQ", d, shoff + i * shentsize) for i in range(shnum)
        ]

    def section(self, kind: int) -> tuple[int, ...] | None:
        return next((s for s in self.sections if s[1] == kind), None)

    def needs(self) -> list[tuple[str, str, int, int]]:
        """(file, version, version index, offset of the vernaux entry) per needed version."""
        verneed = self.section(SHT_VERNEED)
        if verneed is None:
            return []
        strtab = self.sections[verneed[6]][4]
        out, offset = [], verneed[4]
        for _ in range(verneed[7]):
            _, cnt, file_, aux, nxt = struct.unpack_from("<HHIII", self.data, offset)
            aux_off = offset + aux
            for _ in range(cnt):
                _, _, other, name, anext = struct.unpack_from("<IHHII", self.data, aux_off)
                out.append(
                    (cstr(self.data, strtab + file_), cstr(self.data, strtab + name), other, aux_off)
                )
                aux_off += anext
            offset += nxt
        return out

    def symbols_at(self, index: int) -> set[str]:
        dynsym, versym = self.section(SHT_DYNSYM), self.section(SHT_VERSYM)
        if dynsym is None or versym is None:
            return set()
        strtab = self.sections[dynsym[6]][4]
        names = set()
        for i in range(dynsym[5] // 24):
            if struct.unpack_from("<H", self.data, versym[4] + 2 * i)[0] & 0x7FFF == index:
                st_name = struct.unpack_from("<I", self.data, dynsym[4] + 24 * i)[0]
                names.add(cstr(self.data, strtab + st_name))
        return names

    def rename(self, aux_offset: int, version: str) -> None:
        verneed = self.section(SHT_VERNEED)
        assert verneed is not None
        strtab = self.sections[verneed[6]]
        table = bytes(self.data[strtab[4] : strtab[4] + strtab[5]])
        at = table.find(b"\0" + version.encode() + b"\0")
        if at < 0:
            raise ValueError(f"{version} is not in the string table")
        struct.pack_into("<I", self.data, aux_offset, elf_hash(version.encode()))
        struct.pack_into("<I", self.data, aux_offset + 8, at + 1)


def main(tree: Path, shim: Path) -> int:
    errors, shimmed, rewritten = [], [], 0
    for path in sorted(p for p in tree.rglob("*") if p.is_file() and not p.is_symlink()):
        with path.open("rb") as f:
            if f.read(4) != b"\x7fELF":
                continue
        elf = Elf(path)
        needs_shim = False
        for file_, version, index, aux in elf.needs():
            if not version.startswith("GLIBC_2.") or version_tuple(version) <= FLOOR:
                continue
            symbols = elf.symbols_at(index)
            if file_ == "libm.so.6" and symbols <= MATH:
                pass
            elif symbols <= CLOCKWAIT:
                needs_shim = True
            else:
                errors.append(f"{path.relative_to(tree)}: {version} ({file_}): {sorted(symbols)}")
                continue
            elf.rename(aux, BASE[elf.machine])
            rewritten += 1
        if elf.data != path.read_bytes():
            path.write_bytes(elf.data)
        if needs_shim:
            shimmed.append(path)
    if errors:
        print("symbols above glibc 2.28 that glibc_floor.py does not know to be safe:", file=sys.stderr)
        print("\n".join(errors), file=sys.stderr)
        return 1
    for path in shimmed:
        target = path.parent / shim.name
        if not target.exists():
            target.write_bytes(shim.read_bytes())
        subprocess.run(["patchelf", "--add-needed", shim.name, str(path)], check=True)
    names = ", ".join(p.name for p in shimmed) or "none"
    print(f"glibc floor: {rewritten} version needs rewritten; clockwait shim added to {names}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
