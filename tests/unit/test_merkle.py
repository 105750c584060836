"""The Merkle tree's proofs against an independent reader written here from RFC 9162's
definitions (recursive reconstruction, not the RFC's bit-walking verifiers used by the
program), over every index of trees of many sizes."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tellerguard.central.merkle import (
    consistency_path,
    inclusion_path,
    leaf_hash,
    root_of,
    verify_consistency,
    verify_inclusion,
)


def H(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def mth(leaves: list[bytes]) -> bytes:
    """RFC 9162 §2.1.1, verbatim: MTH({}) = SHA-256(), MTH({d0}) = SHA-256(0x00 || d0),
    MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])) with k the largest power of two
    smaller than n (here on already-hashed leaves)."""
    if not leaves:
        return H(b"")
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return H(b"\x01" + mth(leaves[:k]) + mth(leaves[k:]))


def root_from_inclusion(m: int, n: int, leaf: bytes, proof: list[bytes]) -> bytes:
    """Undo PATH(m, D[n]) of §2.1.3.1: the sibling of each level is the proof's last hash."""
    if n == 1:
        assert not proof
        return leaf
    k = 1
    while k * 2 < n:
        k *= 2
    if m < k:
        return H(b"\x01" + root_from_inclusion(m, k, leaf, proof[:-1]) + proof[-1])
    return H(b"\x01" + proof[-1] + root_from_inclusion(m - k, n - k, leaf, proof[:-1]))


def roots_from_consistency(
    m: int, n: int, whole: bool, proof: list[bytes], old_root: bytes
) -> tuple[bytes, bytes]:
    """Undo SUBPROOF(m, D[n], b) of §2.1.4.1: (hash of the old part, hash of the new)."""
    if m == n:
        if whole:
            assert not proof
            return old_root, old_root
        assert len(proof) == 1
        return proof[0], proof[0]
    k = 1
    while k * 2 < n:
        k *= 2
    sibling = proof[-1]
    if m <= k:
        old, new = roots_from_consistency(m, k, whole, proof[:-1], old_root)
        return old, H(b"\x01" + new + sibling)
    old, new = roots_from_consistency(m - k, n - k, False, proof[:-1], old_root)
    return H(b"\x01" + sibling + old), H(b"\x01" + sibling + new)


def leaves_of(n: int) -> list[bytes]:
    return [leaf_hash(f"entry {i}".encode()) for i in range(n)]


def range_hash(leaves: list[bytes]):  # type: ignore[no-untyped-def]
    return lambda a, b: mth(leaves[a:b])


def test_the_empty_and_tiny_trees_match_the_rfc() -> None:
    assert root_of([]) == H(b"")
    assert leaf_hash(b"") == H(b"\x00")
    two = leaves_of(2)
    assert root_of(two) == H(b"\x01" + two[0] + two[1])


@pytest.mark.parametrize("n", [*range(1, 34), 63, 64, 65, 127, 128, 129])
def test_every_inclusion_proof_holds_and_reads_back_independently(n: int) -> None:
    leaves = leaves_of(n)
    root = mth(leaves)
    assert root_of(leaves) == root
    for m in range(n):
        proof = inclusion_path(m, n, range_hash(leaves))
        assert len(proof) <= max(1, (n - 1).bit_length())
        assert verify_inclusion(m, n, leaves[m], proof, root)
        assert root_from_inclusion(m, n, leaves[m], proof) == root
        # the wrong leaf, the wrong index, a changed hash, a wrong size: refused
        assert not verify_inclusion(m, n, leaf_hash(b"forged"), proof, root)
        if n > 1:
            assert not verify_inclusion((m + 1) % n, n, leaves[m], proof, root)
            bent = [proof[0][:-1] + bytes([proof[0][-1] ^ 1]), *proof[1:]]
            assert not verify_inclusion(m, n, leaves[m], bent, root)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 300).flatmap(lambda n: st.tuples(st.integers(1, n), st.just(n))))
def test_consistency_proofs_hold_and_read_back_independently(sizes: tuple[int, int]) -> None:
    m, n = sizes
    leaves = leaves_of(n)
    old_root, new_root = mth(leaves[:m]), mth(leaves)
    proof = consistency_path(m, n, range_hash(leaves))
    assert verify_consistency(m, n, old_root, new_root, proof)
    if m < n:
        assert roots_from_consistency(m, n, True, proof, old_root) == (old_root, new_root)
        # a rewritten old leaf: the new tree no longer extends the old head
        other = [*leaves[: m - 1], leaf_hash(b"rewritten"), *leaves[m:]]
        assert not verify_consistency(m, n, old_root, mth(other), proof)
        assert not verify_consistency(m, n, H(b"other"), new_root, proof)
