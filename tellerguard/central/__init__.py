"""The bank's central copy of every workstation's audit chain, in PostgreSQL.

Workstations stay the source of truth and keep working offline; ``ship`` sends their events
and checkpoints here (or into a signed bundle for a USB stick), where each batch is checked
against the chain the centre already holds before it is stored, and divergent histories are
recorded as forks, never merged. This package is the only one besides ``audit`` that talks
SQL, and :mod:`tellerguard.central.pg` is its only module that imports the driver.
See docs/CENTRAL.md.
"""
