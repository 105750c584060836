"""Errors of the audit store, keys and checkpoints (members of the one family in
:mod:`tellerguard.errors`)."""

from __future__ import annotations

from tellerguard.errors import TellerGuardError


class AuditError(TellerGuardError):
    """A problem with the audit store."""

    default_zh = "审计记录出错，请联系技术支持"


class StoreNotFoundError(AuditError):
    """The store file does not exist or is not a TellerGuard audit store."""

    default_zh = "未找到审计记录库，请先完成工作站初始化"


class HistoryMissingError(AuditError):
    """This workstation was set up before, but its store is missing or emptied: the audit
    history is gone, and starting a new one must not happen silently."""

    exit_status = 1
    default_zh = (
        "审计记录库缺失或已被清空（本工作站此前已初始化）：请勿重新初始化，"
        "立即停止办理业务，联系网点主管和科技安全部门从备份恢复"
    )


class AlreadySetUpError(AuditError):
    """``init`` found keys, checkpoints or a store of an earlier set-up and refuses to start
    a new history without ``--reinitialise`` and two people."""

    default_zh = "本工作站已完成初始化（已有密钥、封存记录或审计记录库），不能静默重新开始"


class StoreLockedError(AuditError):
    """Another process (or another object in this one) already writes to the store."""

    default_zh = "审计记录库正被另一个 TellerGuard 程序使用，请先关闭它"


class StoreReadOnlyError(AuditError):
    """The store file or its folder cannot be written."""

    default_zh = "审计记录库文件为只读，无法写入，请联系技术支持"


class StoreCorruptError(AuditError):
    """The file is not an SQLite database or SQLite reports it damaged."""

    exit_status = 1
    default_zh = "审计记录库文件已损坏，请联系技术支持"


class StoreTamperedError(AuditError):
    """The chain head, the schema or a checkpoint disagrees with the store: writing stops."""

    exit_status = 1
    default_zh = "审计记录校验未通过，已停止写入，请立即联系主管"


class StoreMismatchError(AuditError):
    """The store belongs to another branch, workstation or key than the settings say."""

    default_zh = "审计记录库与本工作站配置不符，请联系技术支持"


class StoreWriteError(AuditError):
    """SQLite could not commit an event (disk full, I/O error); nothing was recorded."""

    default_zh = "审计记录写入失败，本次操作未记录，请联系技术支持"


class EventError(AuditError):
    """An event of an unknown type, or a payload its model rejects; nothing was written."""

    default_zh = "审计事件内容不正确，未写入"

    def __init__(self, message_en: str, problems: list[str] | None = None) -> None:
        super().__init__(message_en)
        self.problems = problems or []


class BundleError(AuditError):
    """A file given as an export bundle is not one (not a zip, no manifest): unusable."""

    default_zh = "导出文件无法识别"


class KeyFileError(AuditError):
    """A key file is missing, unreadable, too widely readable or belongs to another store."""

    default_zh = "密钥文件缺失或不可用，请联系技术支持按密钥恢复流程处理"


class KeyBackupError(AuditError):
    """The key backup cannot be opened: wrong passphrase or a damaged file."""

    default_zh = "密钥备份无法打开：口令错误或备份文件已损坏"


class CheckpointError(AuditError):
    """A checkpoint file cannot be read or its signature does not hold."""

    exit_status = 1
    default_zh = "封存文件无效或签名不符"


class ExportError(AuditError):
    """An export that cannot be written as asked."""

    default_zh = "导出失败，请检查导出条件"


class DuplicateListEntry(AuditError):
    """Two entries of one list file have the same key (the store's primary key refused the
    second); the import is rolled back and the caller names the lines."""

    default_zh = "名单文件中有重复条目，未导入"


class VerifyCancelled(AuditError):
    """The operator cancelled a verification before it finished (nothing was concluded)."""

    default_zh = "校验已取消，未得出结论"
