"""Non-secret settings in ``config_dir()/settings.json``.

Secrets never go here: they live in the OS keyring (:mod:`amzdesk.credentials`), and
:func:`save_settings` refuses anything that looks like one.

File format: a JSON object ``{"version": 1, <field>: <value>, ...}``.  Keys this version does not
know are kept in :attr:`Settings.extra` and written back unchanged.  A corrupt file is copied to
``settings.json.bak`` and replaced by defaults (a warning is logged); a single invalid value is
replaced by its default (also logged).  Writes are atomic (temporary file + ``os.replace``).
"""

from __future__ import annotations

import base64
import binascii
import copy
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from amzdesk import endpoints, paths
from amzdesk.endpoints import EndpointKind
from amzdesk.errors import SettingsError
from amzdesk.fileio import UnreadableFile, read_bounded
from amzdesk.logsetup import contains_secret
from amzdesk.messages import Msg, define

if TYPE_CHECKING:
    from amzdesk.states import Waits

__all__ = [
    "DEFAULT_CONFIRM_WAIT",
    "DEFAULT_RETURN_WAIT",
    "DEFAULT_SYNC_INTERVAL",
    "LANGUAGES",
    "SETTINGS_FILE_NAME",
    "Settings",
    "SettingsError",
    "default_settings_path",
    "endpoint_from_env",
    "load_settings",
    "save_settings",
    "validate_endpoint",
    "validate_settings",
]

log = logging.getLogger("amzdesk.settings")


M = define(
    "settings",
    {
        # names of settings, used as {label} in the sentences below
        "label_carrier_overrides": "配送業者コードの上書き",
        "label_csv_mapping": "CSV の列の対応",
        "label_last_sync": "最終同期時刻",
        "label_confirm_wait": "Amazon の反映を待つ時間",
        "label_return_wait": "makeshop の返送を待つ日数",
        "label_filters": "絞り込みの状態",
        "label_column_layout": "列の配置",
        "unit_minutes": "分",
        "unit_days": "日",
        "not_name_value": "{label}: 「名前: 値」の形式で指定してください",
        "name_value_not_text": "{label}: 名前と値は文字列で指定してください",
        "carrier_name_empty": "配送業者コードの上書き: 配送業者名が空です",
        "carrier_code_empty": "配送業者コードの上書き: 「{carrier}」のコードが空です",
        "carrier_code_bad": "配送業者コードの上書き: 「{carrier}」のコードが正しくありません",
        "sync_interval_not_int": "自動同期の間隔: 分単位の整数で入力してください",
        "sync_interval_range": (
            "自動同期の間隔: 0（オフ）または {low}〜{high} 分で入力してください"
        ),
        "not_whole_number": "{label}: {unit}単位の整数で入力してください",
        "out_of_range": "{label}: {low}〜{high} {unit}で入力してください",
        "window_geometry_bad": "ウィンドウの位置: 形式が正しくありません",
        "endpoint_not_text": "{label}: 文字列で入力してください",
        "language_bad": "表示言語: 「自動」「日本語」「英語」のいずれかを選んでください",
        "form_bad": "{label}: 形式が正しくありません",
        "last_folder_bad": "最後に使ったフォルダ: 形式が正しくありません",
        "demo_bad": "デモモード: オン/オフで指定してください",
        "recognition_bad": "Amazon の注文の見分け方: 形式が正しくありません",
        "recognition_said": "Amazon の注文の見分け方: {detail}",
        "unknown_field": "不明な設定項目です: {name}",
        "file_bad": "設定ファイルの形式が正しくありません",
        "secret_in_file": (
            "秘密情報（トークン・キー・パスワード）は設定ファイルに保存できません: {where}。"
            "認証情報は「認証情報」画面から OS のキーリングに保存してください"
        ),
    },
)

SETTINGS_FILE_NAME: Final = "settings.json"
FORMAT_VERSION: Final = 1
DEFAULT_SYNC_INTERVAL: Final = 15
SYNC_INTERVAL_MIN: Final = 5
SYNC_INTERVAL_MAX: Final = 1440
LANGUAGES: Final = ("auto", "ja", "en")
# How long waiting for the other side is normal before an order needs action again
# (amzdesk.states.Waits): Amazon reflecting a sent confirmation, makeshop turning to 返送.
DEFAULT_CONFIRM_WAIT: Final = 30  # minutes
CONFIRM_WAIT_MIN: Final = 5
CONFIRM_WAIT_MAX: Final = 2880  # two days
DEFAULT_RETURN_WAIT: Final = 7  # days
RETURN_WAIT_MIN: Final = 1
RETURN_WAIT_MAX: Final = 60


@dataclass(slots=True)
class Settings:
    """All non-secret settings.  Mutable: the settings dialog edits a copy, then saves it."""

    # "" = the default endpoint (amzdesk.assumptions); https, or http on loopback only.
    spapi_endpoint: str = ""
    lwa_endpoint: str = ""
    makeshop_endpoint: str = ""
    # makeshop carrier name -> SP-API carrierCode (corrects resources/carriers.tsv)
    carrier_code_overrides: dict[str, str] = field(default_factory=dict)
    # minutes between automatic syncs; 0 = off, else 5..1440
    sync_interval_minutes: int = DEFAULT_SYNC_INTERVAL
    language: str = "auto"  # "auto" | "ja" | "en"
    # minutes Amazon may take to reflect a sent confirmation before the order needs action again
    confirm_wait_minutes: int = DEFAULT_CONFIRM_WAIT
    # days makeshop may take to turn to 返送 after a Seller Central return before it is flagged
    return_wait_days: int = DEFAULT_RETURN_WAIT
    # the main window's filter state (free-form, owned by the UI)
    filters: dict[str, Any] = field(default_factory=dict)
    # column order / widths / hidden columns / header state (free-form, owned by the UI)
    column_layout: dict[str, Any] = field(default_factory=dict)
    window_geometry: str = ""  # base64 (QWidget.saveGeometry)
    # generic label CSV: our field name -> the CSV column header
    csv_column_mapping: dict[str, str] = field(default_factory=dict)
    # the folder of the last file opened or written through a file dialog ("" = none yet)
    last_folder: str = ""
    # source ("amazon", "makeshop", ...) -> ISO 8601 UTC time of the last successful sync
    last_sync: dict[str, str] = field(default_factory=dict)
    demo: bool = False
    # Advanced: how Amazon orders are recognised among makeshop orders (empty = the defaults in
    # amzdesk.assumptions); see amzdesk.recognition.Recognition.from_settings for the keys.
    amazon_recognition: dict[str, Any] = field(default_factory=dict)
    # keys this version does not know, preserved as read
    extra: dict[str, Any] = field(default_factory=dict)

    def copy(self) -> Settings:
        return copy.deepcopy(self)

    def waits(self) -> Waits:
        """The waits of :mod:`amzdesk.states` these settings ask for."""
        from amzdesk.states import Waits  # imported late: keeps settings light

        return Waits(
            confirm=timedelta(minutes=self.confirm_wait_minutes),
            ret=timedelta(days=self.return_wait_days),
        )

    def endpoint(self, kind: EndpointKind) -> str:
        """The effective endpoint: environment variable, else this setting, else default."""
        return endpoint_from_env(kind, self)

    def to_json_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = dict(self.extra)
        data["version"] = FORMAT_VERSION
        for f in fields(self):
            if f.name != "extra":
                data[f.name] = copy.deepcopy(getattr(self, f.name))
        return data


_KNOWN_FIELDS: Final = frozenset(f.name for f in fields(Settings) if f.name != "extra")


# --- validation ---------------------------------------------------------------------------------


def validate_endpoint(url: str, kind: str = "") -> str:
    """``url`` normalised; "" stays "" (= default).  https, or http to loopback only.

    The rule lives in :mod:`amzdesk.endpoints`; its ``EndpointError`` is a SettingsError.
    """
    url = (url or "").strip()
    return endpoints.validate_endpoint(url, kind) if url else ""


def endpoint_from_env(
    kind: EndpointKind,
    settings: Settings | None = None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """The endpoint to use for ``kind``: ``AMZDESK_*`` env var, else setting, else default.

    Same as :func:`amzdesk.endpoints.resolve_endpoint`; raises SettingsError (EndpointError)
    when the chosen value is not https (or loopback http).
    """
    return endpoints.resolve_endpoint(kind, settings, environ)


def _label(kind: str) -> str:
    return endpoints.label(kind)


# Key names that look like credentials.  Known non-secret names are allowed explicitly.
_SECRET_KEY = re.compile(
    r"(?i)(token|secret|passw|passphrase|api[-_ ]?key|apikey|access[-_ ]?key|private[-_ ]?key"
    r"|credential|client[-_ ]?id|(^|[-_ ])key$)"
)
_NON_SECRET_KEYS: Final = frozenset(
    {"sort_key", "sortkey", "key", "column_key", "group_key", "filter_key", "token_bucket"}
)
_SECRET_VALUE = re.compile(r"^(Atz[ar]\||amzn1\.application-oa2-client\.|amzn1\.oa2-cs\.)")


def _find_secret(value: Any, where: str) -> str | None:
    if isinstance(value, Mapping):
        for k, v in value.items():
            key = str(k)
            if key.lower() not in _NON_SECRET_KEYS and _SECRET_KEY.search(key):
                return f"{where}.{key}"
            found = _find_secret(v, f"{where}.{key}")
            if found:
                return found
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            found = _find_secret(v, f"{where}[{i}]")
            if found:
                return found
    elif isinstance(value, str) and (_SECRET_VALUE.search(value.strip()) or contains_secret(value)):
        # A token shape, or a value registered as a secret (credentials register theirs).
        return where
    return None


def _check_dict_of_str(value: Any, label: Msg) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise SettingsError(M("not_name_value", label=label))
    out: dict[str, str] = {}
    for k, v in value.items():
        if not isinstance(k, str) or not isinstance(v, str):
            raise SettingsError(M("name_value_not_text", label=label))
        out[k] = v
    return out


def _check_carrier_overrides(value: Any) -> dict[str, str]:
    raw = _check_dict_of_str(value, M("label_carrier_overrides"))
    cleaned: dict[str, str] = {}
    for raw_carrier, raw_code in raw.items():
        carrier, code = raw_carrier.strip(), raw_code.strip()
        if not carrier:
            raise SettingsError(M("carrier_name_empty"))
        if not code:
            raise SettingsError(M("carrier_code_empty", carrier=carrier))
        if len(code) > 64 or any(ch in code for ch in "\r\n\t"):
            raise SettingsError(M("carrier_code_bad", carrier=carrier))
        cleaned[carrier] = code
    return cleaned


def _check_sync_interval(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SettingsError(M("sync_interval_not_int"))
    if value != 0 and not SYNC_INTERVAL_MIN <= value <= SYNC_INTERVAL_MAX:
        raise SettingsError(M("sync_interval_range", low=SYNC_INTERVAL_MIN, high=SYNC_INTERVAL_MAX))
    return value


def _check_whole_number(value: Any, label: str, low: int, high: int, unit: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SettingsError(M("not_whole_number", label=M(label), unit=M(unit)))
    if not low <= value <= high:
        raise SettingsError(M("out_of_range", label=M(label), low=low, high=high, unit=M(unit)))
    return value


def _check_window_geometry(value: Any) -> str:
    if not isinstance(value, str):
        raise SettingsError(M("window_geometry_bad"))
    if value:
        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise SettingsError(M("window_geometry_bad")) from None
    return value


_WAIT_FIELDS: Final = {
    "confirm_wait_minutes": (
        "label_confirm_wait",
        CONFIRM_WAIT_MIN,
        CONFIRM_WAIT_MAX,
        "unit_minutes",
    ),
    "return_wait_days": ("label_return_wait", RETURN_WAIT_MIN, RETURN_WAIT_MAX, "unit_days"),
}


def _said(exc: Exception) -> str:
    """An inner error's sentence, kept as a Msg when it is one (renders in the same language)."""
    first = exc.args[0] if len(exc.args) == 1 else None
    return first if isinstance(first, Msg) else str(exc)


def _validate_field(name: str, value: Any) -> Any:  # noqa: C901 -- one branch per field
    """The validated (normalised) value of one field, or SettingsError."""
    if name in ("spapi_endpoint", "lwa_endpoint", "makeshop_endpoint"):
        if not isinstance(value, str):
            raise SettingsError(
                M("endpoint_not_text", label=_label(name.removesuffix("_endpoint")))
            )
        return validate_endpoint(value, name.removesuffix("_endpoint"))
    if name == "carrier_code_overrides":
        return _check_carrier_overrides(value)
    if name == "sync_interval_minutes":
        return _check_sync_interval(value)
    if name in _WAIT_FIELDS:
        return _check_whole_number(value, *_WAIT_FIELDS[name])
    if name == "language":
        if value not in LANGUAGES:
            raise SettingsError(M("language_bad"))
        return value
    if name in ("filters", "column_layout"):
        if not isinstance(value, Mapping):
            label = M("label_filters" if name == "filters" else "label_column_layout")
            raise SettingsError(M("form_bad", label=label))
        return copy.deepcopy(dict(value))
    if name == "window_geometry":
        return _check_window_geometry(value)
    if name == "csv_column_mapping":
        return _check_dict_of_str(value, M("label_csv_mapping"))
    if name == "last_folder":
        if not isinstance(value, str) or any(ch in value for ch in "\r\n\x00"):
            raise SettingsError(M("last_folder_bad"))
        return value
    if name == "last_sync":
        return _check_dict_of_str(value, M("label_last_sync"))
    if name == "demo":
        if not isinstance(value, bool):
            raise SettingsError(M("demo_bad"))
        return value
    if name == "amazon_recognition":
        from amzdesk.recognition import Recognition  # imported late: keeps settings light

        if not isinstance(value, Mapping):
            raise SettingsError(M("recognition_bad"))
        if not value:
            return {}
        try:
            return Recognition.from_settings(value).to_settings()
        except ValueError as exc:
            raise SettingsError(M("recognition_said", detail=_said(exc))) from None
    raise SettingsError(M("unknown_field", name=name))


def validate_settings(settings: Settings) -> Settings:
    """A validated, normalised copy of ``settings``; raises SettingsError on the first problem."""
    out = Settings()
    for name in _KNOWN_FIELDS:
        setattr(out, name, _validate_field(name, getattr(settings, name)))
    if not isinstance(settings.extra, Mapping):
        raise SettingsError(M("file_bad"))
    out.extra = {k: copy.deepcopy(v) for k, v in settings.extra.items() if k not in _KNOWN_FIELDS}
    out.extra.pop("version", None)
    where = _find_secret(out.to_json_dict(), "settings")
    if where is not None:
        raise SettingsError(M("secret_in_file", where=where))
    return out


# --- load / save --------------------------------------------------------------------------------


# A real settings file is a few kB; anything far larger is not ours.
MAX_SETTINGS_BYTES: Final = 1024 * 1024


MAX_SETTINGS_DEPTH: Final = 16


def _depth_exceeds(value: Any, limit: int) -> bool:
    """True when ``value`` nests lists/dicts deeper than ``limit`` (checked without recursion)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth >= limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


def default_settings_path() -> Path:
    return paths.config_dir() / SETTINGS_FILE_NAME


def _backup_corrupt(path: Path) -> Path:
    backup = path.with_name(path.name + ".bak")
    try:
        shutil.copy2(path, backup)
    except OSError as exc:
        log.warning("could not keep a copy of the corrupt settings file: %s", exc)
    return backup


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings; missing file -> defaults; corrupt file -> defaults + ``.bak`` copy."""
    path = Path(path) if path is not None else default_settings_path()
    try:
        text = read_bounded(path, MAX_SETTINGS_BYTES).decode("utf-8")
    except FileNotFoundError:
        return Settings()
    except UnreadableFile as exc:  # a device, a pipe, 200 MB: not ours, nothing to keep
        log.warning("settings file not usable (%s); using defaults", exc)
        return Settings()
    except (OSError, UnicodeDecodeError) as exc:
        backup = _backup_corrupt(path)
        log.warning("settings file unreadable (%s); using defaults, copy kept at %s", exc, backup)
        return Settings()
    try:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
    except (ValueError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
        backup = _backup_corrupt(path)
        log.warning("settings file corrupt (%s); using defaults, copy kept at %s", exc, backup)
        return Settings()

    settings = Settings()
    for key, value in data.items():
        if key == "version":
            continue
        if _depth_exceeds(value, MAX_SETTINGS_DEPTH):
            log.warning("settings: %s is nested too deeply; ignored", key[:40])
            continue
        if key in _KNOWN_FIELDS:
            try:
                setattr(settings, key, _validate_field(key, value))
            except SettingsError as exc:
                log.warning("settings: invalid value for %s ignored (%s); using default", key, exc)
        else:
            settings.extra[key] = value
    return settings


def save_settings(settings: Settings, path: Path | None = None) -> Settings:
    """Validate and write atomically; returns the normalised settings that were written."""
    path = Path(path) if path is not None else default_settings_path()
    valid = validate_settings(settings)
    text = json.dumps(valid.to_json_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return valid


def with_changes(settings: Settings, **changes: Any) -> Settings:
    """A copy of ``settings`` with ``changes`` applied (not validated: call save/validate)."""
    return replace(settings.copy(), **changes)
