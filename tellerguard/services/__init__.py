"""The use cases of a counter and a branch, as plain Python (no Qt): the one door through
which the desktop app and the command line reach the domain, the engine, the audit store and
the operators.

* :mod:`~tellerguard.services.workstation` — set up and open a workstation, an operator's own
  password change, key recovery;
* :mod:`~tellerguard.services.desk` — a workstation with a signed-in operator: operators, the
  audit log, statistics, exports, verification, seals, backups;
* :mod:`~tellerguard.services.rules` — which rule pack runs, checking and testing a pack,
  assessing a case;
* :mod:`~tellerguard.services.counter` — record assessments, reminders, authorizations and
  refusals; a customer's recent history; searches and case replays;
* :mod:`~tellerguard.services.audit_ops` — verify, seal, export, back up, rule pack events;
* :mod:`~tellerguard.services.reports` — the branch manager's statistics and audit browsing;
* :mod:`~tellerguard.services.demo` — the demo branch.
"""
