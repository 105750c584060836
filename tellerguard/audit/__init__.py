"""The tamper-evident audit store: SQLite file, hash chain, keys, checkpoints, exports.

No Qt. The writer is :class:`~tellerguard.audit.store.AuditStore` (one per store, guarded by a
lock file); everything else reads through :class:`~tellerguard.audit.store.AuditReader`.
Design notes and the key-recovery procedure: docs/AUDIT.md.
"""
