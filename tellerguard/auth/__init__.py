"""Operators, roles and passwords. No Qt.

* :mod:`~tellerguard.auth.roles` — the one permission table (role → actions);
* :mod:`~tellerguard.auth.passwords` — argon2id hashing and the password policy;
* :mod:`~tellerguard.auth.users` — the operators in the audit store, where every change is
  an audit event written in the same transaction; login, lockout, supervisor authorization.
"""
