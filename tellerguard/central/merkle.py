"""The Merkle tree over everything the centre accepted, as Certificate Transparency keeps it,
and the text formats an inspector checks offline.

* Hashing is RFC 6962 / RFC 9162 §2.1: ``leaf = SHA-256(0x00 ‖ entry)``, ``node =
  SHA-256(0x01 ‖ left ‖ right)``, the tree split at the largest power of two below its size.
* An entry (a leaf's input) is one accepted event: its store id (16 bytes), its seq (8 bytes,
  big-endian) and its chain hash (32 bytes) — the chain hash pins the record bytes, so an
  event exported from any workstation or from the centre can be checked against the tree.
* Tree heads are C2SP ``tlog-checkpoint`` signed notes (``origin``, size, base64 root, a
  blank line, ``— <key name> <base64(key id ‖ Ed25519 signature)>``; the key id is the first
  4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)), inclusion proofs the C2SP
  ``tlog-proof`` text (``c2sp.org/tlog-proof@v1``, ``extra`` = the entry, ``index``, one
  base64 hash a line, a blank line, the checkpoint); a consistency proof is the same shape
  with ``tellerguard/consistency-proof@v1``, ``old <size>`` and the hashes.
* The verifiers (:func:`verify_inclusion`, :func:`verify_consistency`) are RFC 9162
  §2.1.3.2 and §2.1.4.2 as written; proofs are made by the RFC's recursive PATH and SUBPROOF
  definitions over a function that returns the hash of any range of leaves.

No database here: :mod:`tellerguard.central.tree` stores the nodes and signs the heads.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tellerguard.audit.keys import WorkstationSigner, signature_ok

EMPTY_ROOT = hashlib.sha256(b"").digest()
PROOF_HEADER = "c2sp.org/tlog-proof@v1"
CONSISTENCY_HEADER = "tellerguard/consistency-proof@v1"
_DASH = "\u2014 "

RangeHash = Callable[[int, int], bytes]
"""The hash of leaves ``[start, end)`` of the tree (MTH of that range)."""


class ProofError(ValueError):
    """A proof, checkpoint or signature that does not hold or cannot be read."""


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def entry(store_id: str, seq: int, event_hash: bytes) -> bytes:
    """A leaf's input: store id (16 bytes) ‖ seq (8 bytes big-endian) ‖ chain hash."""
    return bytes.fromhex(store_id.replace("-", "")) + seq.to_bytes(8, "big") + event_hash


def split(n: int) -> int:
    """The largest power of two smaller than ``n`` (n ≥ 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def root_of(leaves: Sequence[bytes]) -> bytes:
    """MTH of a list of leaf hashes (the straightforward recursion; tests and small trees)."""
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = split(len(leaves))
    return node_hash(root_of(leaves[:k]), root_of(leaves[k:]))


def inclusion_path(index: int, size: int, mth: RangeHash) -> list[bytes]:
    """PATH(m, D[n]) of RFC 9162 §2.1.3.1, for leaf ``index`` in a tree of ``size``."""

    def path(m: int, start: int, end: int) -> list[bytes]:
        n = end - start
        if n == 1:
            return []
        k = split(n)
        if m < k:
            return [*path(m, start, start + k), mth(start + k, end)]
        return [*path(m - k, start + k, end), mth(start, start + k)]

    if not 0 <= index < size:
        raise ProofError(f"index {index} is not in a tree of size {size}")
    return path(index, 0, size)


def consistency_path(old: int, new: int, mth: RangeHash) -> list[bytes]:
    """PROOF(m, D[n]) of RFC 9162 §2.1.4.1."""

    def subproof(m: int, start: int, end: int, whole: bool) -> list[bytes]:
        n = end - start
        if m == n:
            return [] if whole else [mth(start, end)]
        k = split(n)
        if m <= k:
            return [*subproof(m, start, start + k, whole), mth(start + k, end)]
        return [*subproof(m - k, start + k, end, False), mth(start, start + k)]

    if not 0 < old <= new:
        raise ProofError(f"no consistency proof from size {old} to size {new}")
    return subproof(old, 0, new, True)


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes
) -> bool:
    """RFC 9162 §2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(
    old: int, new: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2."""
    if old == new:
        return not proof and old_root == new_root
    if not 0 < old < new or not proof:
        return False
    path = list(proof)
    if old & (old - 1) == 0:  # a power of two: the old root is the first node
        path.insert(0, old_root)
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root


# -- signed notes and checkpoints ------------------------------------------------------------
def key_id(name: str, public_key: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n\x01" + public_key).digest()[:4]


def vkey(name: str, public_key: bytes) -> str:
    """The verifier key an inspector is given: ``name+hex(key id)+base64(0x01 ‖ key)``."""
    encoded = base64.b64encode(b"\x01" + public_key).decode()
    return f"{name}+{key_id(name, public_key).hex()}+{encoded}"


def parse_vkey(text: str) -> tuple[str, bytes]:
    try:
        name, hint, encoded = text.strip().split("+", 2)
        raw = base64.b64decode(encoded, validate=True)
    except (ValueError, binascii.Error):
        raise ProofError("not a verifier key (name+keyid+base64key)") from None
    if len(raw) != 33 or raw[0] != 1 or key_id(name, raw[1:]).hex() != hint:
        raise ProofError("not an Ed25519 verifier key, or its key id does not match")
    return name, raw[1:]


@dataclass(frozen=True, slots=True)
class TreeHead:
    origin: str
    size: int
    root: bytes

    def body(self) -> str:
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\n"


def sign_checkpoint(head: TreeHead, name: str, signer: WorkstationSigner) -> str:
    """The C2SP checkpoint of ``head``, signed (Ed25519) as key ``name``."""
    body = head.body()
    public = bytes.fromhex(signer.public_key_hex)
    signature = signer.sign(body.encode())
    line = base64.b64encode(key_id(name, public) + signature).decode()
    return f"{body}\n{_DASH}{name} {line}\n"


def open_checkpoint(text: str, verifier: str) -> TreeHead:
    """Parse a checkpoint and check its signature by ``verifier`` (a vkey)."""
    name, public = parse_vkey(verifier)
    body, sep, signatures = text.partition("\n\n")
    if not sep:
        raise ProofError("not a signed checkpoint: no blank line before the signatures")
    body += "\n"
    lines = body.split("\n")
    if len(lines) < 4:
        raise ProofError("a checkpoint needs an origin, a size and a root hash")
    origin, size_text, root_text = lines[0], lines[1], lines[2]
    if not size_text.isdigit() or (size_text.startswith("0") and size_text != "0"):
        raise ProofError(f"checkpoint size {size_text[:20]!r} is not a decimal number")
    try:
        root = base64.b64decode(root_text, validate=True)
    except binascii.Error:
        raise ProofError("checkpoint root is not base64") from None
    if len(root) != 32:
        raise ProofError("checkpoint root is not 32 bytes")
    wanted = key_id(name, public)
    for line in signatures.splitlines():
        if not line.startswith(_DASH):
            continue
        signer_name, _, encoded = line[len(_DASH) :].rpartition(" ")
        try:
            raw = base64.b64decode(encoded, validate=True)
        except binascii.Error:
            continue
        if signer_name == name and raw[:4] == wanted:
            if signature_ok(public.hex(), raw[4:], body.encode()):
                return TreeHead(origin, int(size_text), root)
            raise ProofError(f"the checkpoint's signature by {name} does not hold")
    raise ProofError(f"the checkpoint carries no signature by {name}")


# -- proof files -----------------------------------------------------------------------------
def _hash_lines(hashes: Sequence[bytes]) -> str:
    return "".join(base64.b64encode(h).decode() + "\n" for h in hashes)


def inclusion_text(extra: bytes, index: int, hashes: Sequence[bytes], checkpoint: str) -> str:
    extra_line = f"extra {base64.b64encode(extra).decode()}\n"
    return f"{PROOF_HEADER}\n{extra_line}index {index}\n{_hash_lines(hashes)}\n{checkpoint}"


def consistency_text(old: int, hashes: Sequence[bytes], checkpoint: str) -> str:
    return f"{CONSISTENCY_HEADER}\nold {old}\n{_hash_lines(hashes)}\n{checkpoint}"


@dataclass(frozen=True, slots=True)
class ParsedProof:
    header: str
    fields: dict[str, str]
    hashes: list[bytes]
    checkpoint: str


def parse_proof(text: str) -> ParsedProof:
    head, sep, checkpoint = text.partition("\n\n")
    if not sep:
        raise ProofError("not a proof: no blank line before the checkpoint")
    lines = head.split("\n")
    if lines[0] not in (PROOF_HEADER, CONSISTENCY_HEADER):
        raise ProofError(f"not a proof: first line {lines[0][:40]!r}")
    fields: dict[str, str] = {}
    hashes = []
    for line in lines[1:]:
        word, _, value = line.partition(" ")
        if word in ("extra", "index", "old") and value:
            fields[word] = value
            continue
        try:
            digest = base64.b64decode(line, validate=True)
        except binascii.Error:
            raise ProofError(f"proof line {line[:40]!r} is not a base64 hash") from None
        if len(digest) != 32:
            raise ProofError("a proof hash is not 32 bytes")
        hashes.append(digest)
    return ParsedProof(lines[0], fields, hashes, checkpoint)


def check_proof(text: str, verifier: str, old_checkpoint: str | None = None) -> list[str]:
    """Check a proof file offline (no database): the checkpoint's signature by ``verifier``
    and the inclusion or consistency proof against it; the report's lines, or
    :class:`ProofError` naming what does not hold."""
    proof = parse_proof(text)
    head = open_checkpoint(proof.checkpoint, verifier)
    signed = f"tree head {head.origin} size {head.size} root {head.root.hex()[:16]}… (signature OK)"
    if proof.header == PROOF_HEADER:
        try:
            index = int(proof.fields["index"])
            extra = base64.b64decode(proof.fields["extra"], validate=True)
        except (KeyError, ValueError, binascii.Error):
            raise ProofError("an inclusion proof needs an index and the entry (extra)") from None
        if len(extra) != 56:
            raise ProofError("the entry (extra) is not store id ‖ seq ‖ event hash")
        if not verify_inclusion(index, head.size, leaf_hash(extra), proof.hashes, head.root):
            raise ProofError(f"the inclusion proof for index {index} does not hold")
        store_id, seq, digest = extra[:16].hex(), int.from_bytes(extra[16:24], "big"), extra[24:]
        return [
            signed,
            f"store {store_id} seq {seq} event hash {digest.hex()} is in the log at index "
            f"{index} ({len(proof.hashes)} hashes, {32 * len(proof.hashes)} bytes): OK",
        ]
    if old_checkpoint is None:
        raise ProofError("a consistency proof is checked against the old checkpoint: pass it")
    old = open_checkpoint(old_checkpoint, verifier)
    if old.origin != head.origin or str(old.size) != proof.fields.get("old"):
        raise ProofError("the old checkpoint is not the one this proof starts from")
    if not verify_consistency(old.size, head.size, old.root, head.root, proof.hashes):
        raise ProofError(f"the log of size {head.size} does not extend the one of size {old.size}")
    return [
        signed,
        f"the tree of size {head.size} extends the tree of size {old.size} "
        f"({len(proof.hashes)} hashes): append-only, OK",
    ]
