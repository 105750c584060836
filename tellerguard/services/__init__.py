"""The use cases a counter performs, as plain Python (no Qt): the one place that ties the
domain, the audit store and the operators together.

* :mod:`~tellerguard.services.workstation` — set up and open a workstation, key recovery;
* :mod:`~tellerguard.services.counter` — record assessments, reminders, authorizations and
  refusals; a customer's recent history; searches and case replays;
* :mod:`~tellerguard.services.audit_ops` — verify, seal, export, back up, rule pack events;
* :mod:`~tellerguard.services.reports` — the branch manager's statistics and audit browsing;
* :mod:`~tellerguard.services.commands` — one function per headless command for the CLI;
* :mod:`~tellerguard.services.demo` — the demo branch.
"""
