"""Errors of the central database (members of the one family in :mod:`tellerguard.errors`).

Exit status 2 for what cannot be used (a DSN, a password, a server that is down, a file that
is not a bundle), 1 for a check that failed (a broken chain, a forged signature, a fork, a
replayed bundle, an unknown workstation).
"""

from __future__ import annotations

from tellerguard.errors import TellerGuardError


class CentralError(TellerGuardError):
    """The central database cannot be used as asked."""

    default_zh = "总行审计库操作未完成，请联系科技部门"


class CentralConnectionError(CentralError):
    """Wrong DSN, wrong password, server down or gone mid-way, disk full on the server."""

    default_zh = "无法连接总行审计库，请联系科技部门"


class BundleError(CentralError):
    """A bundle file that cannot be read (missing, damaged, too big, not a bundle)."""


class IngestRefused(CentralError):
    """The centre refused a batch: nothing of it was stored."""

    exit_status = 1
    default_zh = "总行审计库拒收：审计链校验未通过，请立即联系科技部门"


class ForkRefused(IngestRefused):
    """The workstation's history diverges from what the centre holds: recorded as a fork."""


class CentralCheckFailed(CentralError):
    """A central check (verify) found a problem."""

    exit_status = 1
