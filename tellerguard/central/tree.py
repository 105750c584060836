"""The Merkle tree in the central database: taking accepted events into it, signing tree
heads with the centre's log key, and making inclusion and consistency proofs.

The tree takes events in after they are accepted (as a CT log does, with a merge delay):
``central tree`` appends every event not yet in it — store by store, in seq order — under
an advisory lock, stores the hash of every complete subtree (about two rows per event, so a
proof never reads more than its O(log n) nodes), and signs the new head. Formats and
algorithms: :mod:`tellerguard.central.merkle`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tellerguard.audit.keys import WorkstationSigner, read_private_file
from tellerguard.central.errors import CentralError
from tellerguard.central.merkle import (
    EMPTY_ROOT,
    TreeHead,
    consistency_path,
    consistency_text,
    entry,
    inclusion_path,
    inclusion_text,
    leaf_hash,
    node_hash,
    sign_checkpoint,
    split,
    vkey,
)
from tellerguard.central.pg import Connection
from tellerguard.private_files import write_private_file

_LOCK = 0x7467_7472  # "tgtr": one tree writer at a time
DEFAULT_ORIGIN = "tellerguard.central/audit-log"


def log_signer(path: Path) -> WorkstationSigner:
    """The centre's Ed25519 log key (made when the file does not exist yet)."""
    if not path.exists():
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        write_private_file(path, pem)
        return WorkstationSigner(key)
    loaded = serialization.load_pem_private_key(read_private_file(path, "log key"), None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise CentralError(f"{path}: not an Ed25519 log key")
    return WorkstationSigner(loaded)


class Nodes:
    """Hashes of ranges of the stored tree (complete subtrees are rows; the rest derived)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.cache: dict[tuple[int, int], bytes] = {}

    def node(self, level: int, idx: int) -> bytes:
        key = (level, idx)
        if key not in self.cache:
            row = self.conn.execute(
                "SELECT hash FROM tree_nodes WHERE level = %s AND idx = %s", key
            ).fetchone()
            if row is None:
                raise CentralError(f"tree node ({level}, {idx}) missing: the tree is damaged")
            self.cache[key] = bytes(row[0])
        return self.cache[key]

    def mth(self, start: int, end: int) -> bytes:
        n = end - start
        if n & (n - 1) == 0 and start % n == 0:
            return self.node(n.bit_length() - 1, start // n)
        k = split(n)
        return node_hash(self.mth(start, start + k), self.mth(start + k, end))


def _frontier(nodes: Nodes, size: int) -> list[tuple[int, bytes]]:
    stack, offset = [], 0
    for level in range(size.bit_length() - 1, -1, -1):
        if size >> level & 1:
            stack.append((level, nodes.node(level, offset >> level)))
            offset += 1 << level
    return stack


def _root(stack: list[tuple[int, bytes]]) -> bytes:
    if not stack:
        return EMPTY_ROOT
    root = stack[-1][1]
    for _, digest in reversed(stack[:-1]):
        root = node_hash(digest, root)
    return root


@dataclass(frozen=True, slots=True)
class TreeResult:
    head: TreeHead
    added: int
    checkpoint: str
    verifier: str

    def lines(self) -> list[str]:
        return [
            f"tree: {self.added} events added; size {self.head.size}, root "
            f"{self.head.root.hex()[:16]}…, signed tree head stored",
            f"verifier key: {self.verifier}",
            *self.checkpoint.rstrip("\n").splitlines(),
        ]


def extend_tree(conn: Connection, signer: WorkstationSigner, origin: str) -> TreeResult:
    """Take every accepted event not yet in the tree into it and sign the new head."""
    public = bytes.fromhex(signer.public_key_hex)
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
        (size,) = conn.execute("SELECT coalesce(max(idx) + 1, 0) FROM tree_leaves").fetchone() or (
            0,
        )
        nodes = Nodes(conn)
        stack = _frontier(nodes, size)
        leaves: list[tuple[int, str, int]] = []
        new_nodes: list[tuple[int, int, bytes]] = []
        through: dict[str, int] = {}
        stores = conn.execute(
            "SELECT store_id::text, tree_seq, head_seq FROM stores WHERE head_seq > tree_seq "
            "ORDER BY store_id FOR UPDATE"
        ).fetchall()
        for store_id, tree_seq, head_seq in stores:
            rows = conn.execute(
                "SELECT seq, hash FROM events WHERE store_id = %s AND seq > %s AND seq <= %s "
                "ORDER BY seq",
                (store_id, tree_seq, head_seq),
            )
            for seq, digest in rows:
                index = size + len(leaves)
                leaves.append((index, store_id, seq))
                current = (0, leaf_hash(entry(store_id, seq, bytes(digest))))
                new_nodes.append((0, index, current[1]))
                while stack and stack[-1][0] == current[0]:
                    level = current[0] + 1
                    current = (level, node_hash(stack.pop()[1], current[1]))
                    new_nodes.append((level, (index + 1 >> level) - 1, current[1]))
                stack.append(current)
            through[store_id] = head_seq
        with conn.cursor() as cur:
            with cur.copy("COPY tree_leaves (idx, store_id, seq) FROM STDIN") as copy:
                for row in leaves:
                    copy.write_row(row)
            with cur.copy("COPY tree_nodes (level, idx, hash) FROM STDIN") as copy:
                for node in new_nodes:
                    copy.write_row(node)
        for store_id, seq in through.items():
            conn.execute("UPDATE stores SET tree_seq = %s WHERE store_id = %s", (seq, store_id))
        head = TreeHead(origin, size + len(leaves), _root(stack))
        existing = conn.execute(
            "SELECT checkpoint FROM tree_heads WHERE size = %s", (head.size,)
        ).fetchone()
        if existing is not None:
            checkpoint = str(existing[0])
        else:
            checkpoint = sign_checkpoint(head, origin, signer)
            conn.execute(
                "INSERT INTO tree_heads (size, root, checkpoint) VALUES (%s, %s, %s)",
                (head.size, head.root, checkpoint),
            )
    return TreeResult(head, len(leaves), checkpoint, vkey(origin, public))


def _head(conn: Connection, size: int | None) -> tuple[int, str]:
    if size is None:
        row = conn.execute(
            "SELECT size, checkpoint FROM tree_heads ORDER BY size DESC LIMIT 1"
        ).fetchone()
    else:
        row = conn.execute(
            "SELECT size, checkpoint FROM tree_heads WHERE size = %s", (size,)
        ).fetchone()
    if row is None:
        what = (
            "no signed tree head yet (run 'central tree')"
            if size is None
            else (f"no signed tree head of size {size}")
        )
        raise CentralError(what)
    return int(row[0]), str(row[1])


def inclusion_proof(conn: Connection, store_id: str, seq: int, size: int | None = None) -> str:
    """The C2SP tlog-proof of event ``seq`` of a store against a signed tree head."""
    row = conn.execute(
        "SELECT l.idx, e.hash FROM tree_leaves l JOIN events e ON e.store_id = l.store_id "
        "AND e.seq = l.seq WHERE l.store_id = %s AND l.seq = %s",
        (store_id, seq),
    ).fetchone()
    if row is None:
        raise CentralError(f"store {store_id} seq {seq} is not in the tree (yet)")
    index, digest = int(row[0]), bytes(row[1])
    tree_size, checkpoint = _head(conn, size)
    if index >= tree_size:
        raise CentralError(f"store {store_id} seq {seq} came into the tree after size {tree_size}")
    path = inclusion_path(index, tree_size, Nodes(conn).mth)
    return inclusion_text(entry(store_id, seq, digest), index, path, checkpoint)


def consistency_proof(conn: Connection, old: int, new: int | None = None) -> str:
    tree_size, checkpoint = _head(conn, new)
    _head(conn, old)
    return consistency_text(old, consistency_path(old, tree_size, Nodes(conn).mth), checkpoint)
