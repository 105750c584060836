"""Branch and workstation settings, from a TOML file, validated by pydantic.

Looked up from ``--config PATH``, else ``$TELLERGUARD_CONFIG``, else the default file: the
installed package's system-wide one (its ``/usr/bin/tellerguard`` launcher sets
``$TELLERGUARD_SYSTEM_CONFIG`` to ``/etc/tellerguard/tellerguard.toml``), else the user's
platform config directory (``platformdirs``). Paths inside the file are relative to the file's
own folder. ``$TELLERGUARD_DATA_DIR`` (``/var/lib/tellerguard`` in the package) is where
``tellerguard init`` puts a new workstation's store and keys when ``--data-dir`` is not given.
"""

from __future__ import annotations

import os
import re
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tellerguard.errors import TellerGuardError
from tellerguard.private_files import read_regular_file

APP_NAME = "TellerGuard"
CONFIG_ENV = "TELLERGUARD_CONFIG"
SYSTEM_CONFIG_ENV = "TELLERGUARD_SYSTEM_CONFIG"
DATA_DIR_ENV = "TELLERGUARD_DATA_DIR"
CONFIG_FILE_NAME = "tellerguard.toml"

RegionCode = Annotated[str, Field(pattern=r"^[1-9][0-9]{5}$")]


class ConfigError(TellerGuardError, ValueError):
    """A configuration that cannot be used; the message names the file and the setting."""

    default_zh = "网点配置文件无效或不存在，请联系科技部门"


class Settings(BaseModel):
    """One workstation at one branch."""

    model_config = ConfigDict(extra="forbid")

    branch_code: Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]
    branch_name: Annotated[str, Field(min_length=1, max_length=100)]
    region: RegionCode
    workstation: Annotated[
        str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    ] = "counter-01"
    database: Path = Path("tellerguard.sqlite3")
    key_dir: Path = Path("keys")
    rules: Path | None = None
    """Rule pack folder; ``None`` means the default pack shipped with TellerGuard."""
    params: dict[str, int | str | bool | list[str]] = {}
    """Branch overrides of pack parameters, checked against the pack's parameter types."""
    list_signing_keys: list[Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]] = []
    """Ed25519 public keys (hex) whose signatures on risk-list files this workstation
    trusts: the risk department's ``tellerguard lists keygen`` prints one."""
    idle_lock_minutes: Annotated[int, Field(ge=1, le=240)] = 5
    max_failed_logins: Annotated[int, Field(ge=1, le=20)] = 5
    source: Path | None = Field(default=None, exclude=True)

    @field_validator("params")
    @classmethod
    def _param_names(
        cls, value: dict[str, int | str | bool | list[str]]
    ) -> dict[str, int | str | bool | list[str]]:
        for name in value:
            if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
                raise ValueError(f"parameter name {name!r} is not a valid identifier")
        return value

    def resolve(self, path: Path) -> Path:
        """A path from the file, made absolute against the file's folder."""
        if path.is_absolute() or self.source is None:
            return path
        return self.source.parent / path

    @property
    def database_path(self) -> Path:
        return self.resolve(self.database)

    @property
    def key_path(self) -> Path:
        return self.resolve(self.key_dir)

    @property
    def rules_path(self) -> Path | None:
        return None if self.rules is None else self.resolve(self.rules)

    def param_overrides(self) -> dict[str, object]:
        """Overrides with money given as strings turned into Decimal by the pack's types."""
        return param_overrides(self.params)


ParamValue = int | str | bool | list[str]


def param_overrides(params: dict[str, ParamValue]) -> dict[str, object]:
    """Branch overrides as the pack loader takes them: money given as text becomes Decimal
    (the configuration's ``[params]`` and an approved rule pack change alike)."""
    return {
        k: (Decimal(v) if isinstance(v, str) and re.fullmatch(r"[0-9.]+", v) else v)
        for k, v in params.items()
    }


def default_config_path() -> Path:
    """Where the configuration lives when neither ``--config`` nor ``$TELLERGUARD_CONFIG``
    says: the installation's system-wide file, else the user's config folder."""
    system = os.environ.get(SYSTEM_CONFIG_ENV)
    if system:
        return Path(system)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / CONFIG_FILE_NAME


def config_path_for_init(explicit: Path | None = None) -> Path:
    """Where ``tellerguard init`` reads or writes the configuration: the same lookup as every
    other command (``--config``, then ``$TELLERGUARD_CONFIG``, then the platform folder),
    whether or not the file exists yet."""
    return find_config(explicit) or default_config_path()


def default_data_dir() -> Path | None:
    """The installation's folder for a new workstation's store and keys, if it names one
    (otherwise they go beside the configuration file)."""
    env = os.environ.get(DATA_DIR_ENV)
    return Path(env) if env else None


def find_config(explicit: Path | None = None) -> Path | None:
    """The configuration file to use, or ``None`` when there is none."""
    if explicit is not None:
        return explicit
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env)
    path = default_config_path()
    return path if path.exists() else None


MAX_CONFIG_BYTES = 1024 * 1024


def load_settings(path: Path) -> Settings:
    """Read and validate a settings file; :class:`ConfigError` names what is wrong."""
    try:
        data = tomllib.loads(read_regular_file(path, MAX_CONFIG_BYTES).decode("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        lines = [
            f"{path}: {'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        ]
        raise ConfigError("\n".join(lines)) from None
    return settings.model_copy(update={"source": path.resolve()})
