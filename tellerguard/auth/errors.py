"""Errors an operator can cause, with the Chinese message the counter screen shows."""

from __future__ import annotations

from tellerguard.errors import TellerGuardError


class AuthError(TellerGuardError):
    """A problem with an operator, a password or a permission."""

    default_zh = "身份验证未通过"


class AuthenticationFailed(AuthError):
    """Unknown operator or wrong password (deliberately not saying which)."""

    default_zh = "用户名或密码错误"


class AccountLockedError(AuthenticationFailed):
    """Signing in to a locked account (the audit event says so; the message does not)."""


class AccountDisabledError(AuthenticationFailed):
    """Signing in to a disabled account (the audit event says so; the message does not)."""


class PasswordChangeRequired(AuthError):
    default_zh = "密码已重置或首次登录，请先修改密码"


class PermissionDenied(AuthError):
    default_zh = "您没有执行此操作的权限"


class PasswordPolicyError(AuthError):
    default_zh = "新密码不符合要求"


class UserExistsError(AuthError):
    default_zh = "该用户名已存在"


class UnknownUserError(AuthError):
    default_zh = "没有这个操作员"


class SelfApprovalError(AuthError):
    """A supervisor authorizing their own case, or an approver approving their own export."""

    default_zh = "不能为本人经办的业务授权，请由另一位主管授权"


class UserStateError(AuthError):
    """A change that the operator's current state does not allow (e.g. disabling the last
    system administrator)."""

    default_zh = "当前状态下不能执行此操作"
