"""Credentials live in the operating system's keyring, nowhere else.

``keyring`` picks the platform's backend: macOS Keychain, Windows Credential Locker, or the
Secret Service (GNOME Keyring / KWallet) on Linux.  When no usable backend exists this module
raises :class:`KeyringUnavailable` with what to install -- it never falls back to a plain-text
file, and it refuses the plain-text / "encrypted file" backends of ``keyrings.alt`` explicitly.

Every value read or stored is registered with the log redaction filter
(:func:`amzdesk.logsetup.register_secret`), so it cannot appear in a log afterwards.

``keyring`` is imported on first use (it costs the window's first frame ~100 ms).  So that the
window can decide between the welcome screen and the order list without it, the store keeps an
index of which credential *names* are in the keyring (never a value) in
``config_dir()/keyring-index.json``: updated on every ``set``/``delete`` and whenever a read finds
the keyring different; :func:`configured_hint` reads it.  It is a hint: the keyring is the truth
and is read (in the background) before any request is made.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from amzdesk.logsetup import register_secret
from amzdesk.messages import Msg, UserError, define, join

if TYPE_CHECKING:
    from types import ModuleType

log = logging.getLogger("amzdesk.credentials")

__all__ = [
    "AMAZON_NAMES",
    "MAKESHOP_NAMES",
    "NAMES",
    "SERVICE",
    "CredentialError",
    "CredentialStore",
    "KeyringUnavailable",
    "OsKeyring",
    "configured_hint",
    "os_keyring",
    "stored_names_hint",
]

SERVICE: Final = "amzdesk"
LWA_CLIENT_ID: Final = "lwa-client-id"
LWA_CLIENT_SECRET: Final = "lwa-client-secret"  # noqa: S105 (a name, not a value)
LWA_REFRESH_TOKEN: Final = "lwa-refresh-token"  # noqa: S105 (a name, not a value)
MAKESHOP_TOKEN: Final = "makeshop-token"  # noqa: S105 (a name, not a value)
MAKESHOP_API_KEY: Final = "makeshop-api-key"
AMAZON_NAMES: Final = (LWA_CLIENT_ID, LWA_CLIENT_SECRET, LWA_REFRESH_TOKEN)
MAKESHOP_NAMES: Final = (MAKESHOP_TOKEN, MAKESHOP_API_KEY)
NAMES: Final = AMAZON_NAMES + MAKESHOP_NAMES

M = define(
    "credentials",
    {
        "label_lwa_client_id": "LWA クライアントID",
        "label_lwa_client_secret": "LWA クライアントシークレット",
        "label_lwa_refresh_token": "LWA リフレッシュトークン",
        "label_makeshop_token": "makeshop アクセストークン",
        "label_makeshop_api_key": "makeshop APIキー",
        "unavailable_linux": (
            "OSのキーリングが使えません。gnome-keyring または KWallet（Secret Service）を入れて"
            "ログインし直してください: sudo apt install gnome-keyring"
        ),
        "unavailable_macos": (
            "macOS のキーチェーンにアクセスできません。キーチェーンのロックを解除してから"
            "やり直してください。"
        ),
        "unavailable_windows": (
            "Windows の資格情報マネージャーにアクセスできません。Windows にログインし直して"
            "からやり直してください。"
        ),
        "unavailable_other": "OSのキーリングが使えません。認証情報は平文では保存しません。",
        "detail": "({detail})",
        "plaintext_refused": "平文/ファイル保存のキーリングは使いません: {backend}",
        "no_service": "サービス名が空です",
        "backend_error": "利用できません ({name})",
        "backend_refused": "利用できません: {backend}",
        "unknown_name": "不明な認証情報の名前です: {name}（使える名前: {names}）",
        "value_not_text": "{label} は文字列で入力してください",
        "value_empty": "{label} が空です。値を入力してください",
        "value_has_breaks": "{label} に改行やタブが含まれています",
    },
)

LABELS: Final = {
    LWA_CLIENT_ID: M("label_lwa_client_id"),
    LWA_CLIENT_SECRET: M("label_lwa_client_secret"),
    LWA_REFRESH_TOKEN: M("label_lwa_refresh_token"),
    MAKESHOP_TOKEN: M("label_makeshop_token"),
    MAKESHOP_API_KEY: M("label_makeshop_api_key"),
}


INDEX_FILE_NAME: Final = "keyring-index.json"


def _keyring() -> ModuleType:
    import keyring
    import keyring.errors

    return keyring


def default_index_path() -> Path:
    from amzdesk import paths

    return paths.config_dir() / INDEX_FILE_NAME


def stored_names_hint(service: str = SERVICE, path: Path | None = None) -> frozenset[str] | None:
    """The credential names the keyring held when this app last looked (from the index file,
    without touching the keyring); None when there is no usable index."""
    try:
        data = json.loads((path or default_index_path()).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("service") != service:
        return None
    names = data.get("stored")
    if not isinstance(names, list):
        return None
    return frozenset(n for n in names if n in NAMES)


def configured_hint(service: str = SERVICE, path: Path | None = None) -> bool | None:
    """Whether Amazon's or makeshop's credentials were all stored when last seen (the index);
    None when unknown (no index yet)."""
    names = stored_names_hint(service, path)
    if names is None:
        return None
    return set(AMAZON_NAMES) <= names or set(MAKESHOP_NAMES) <= names


class CredentialError(UserError, ValueError):
    """An unknown credential name or an empty value (message in Japanese)."""


class KeyringUnavailable(UserError, RuntimeError):
    """No usable OS keyring.  ``str(exc)`` tells the user what to install or do."""


@dataclass(frozen=True)
class OsKeyring:
    """The keyring an operating system offers, as the app expects to find it."""

    name: str  # what the user knows it as
    backend: str  # keyring's backend class for it ("module.Class")
    install: str | None  # what the user has to install first; None when it comes with the OS


OS_KEYRINGS: Final = {
    "windows": OsKeyring(
        "Windows 資格情報マネージャー (Windows Credential Manager)",
        "keyring.backends.Windows.WinVaultKeyring",
        None,
    ),
    "macos": OsKeyring(
        "macOS キーチェーン (macOS Keychain)", "keyring.backends.macOS.Keyring", None
    ),
    "linux": OsKeyring(
        "Secret Service (GNOME Keyring / KWallet)",
        "keyring.backends.SecretService.Keyring",
        "sudo apt install gnome-keyring",
    ),
}


def os_keyring(platform: str | None = None) -> OsKeyring:
    """The keyring of the operating system ``platform`` (a ``sys.platform`` value)."""
    plat = sys.platform if platform is None else platform
    if plat == "win32":
        return OS_KEYRINGS["windows"]
    if plat == "darwin":
        return OS_KEYRINGS["macos"]
    return OS_KEYRINGS["linux"]


def backend_classes(backend: Any | None = None) -> list[str]:
    """``module.Class`` of the backend in use (each member of a chain), never raising."""
    import keyring.backends.chainer

    try:
        backend = _keyring().get_keyring() if backend is None else backend
    except Exception:
        return []
    if isinstance(backend, keyring.backends.chainer.ChainerBackend):
        return [_backend_name(b) for b in backend.backends]
    return [_backend_name(backend)]


def unavailable_message(detail: str = "") -> Msg:
    """What to install or do when the OS keyring cannot be used (a Msg: the window shows it in
    its language); ``detail`` (the backend or the error's type, or a Msg) follows in brackets."""
    if sys.platform.startswith("linux") or sys.platform.startswith("freebsd"):
        what = M("unavailable_linux")
    elif sys.platform == "darwin":
        what = M("unavailable_macos")
    elif sys.platform.startswith("win"):
        what = M("unavailable_windows")
    else:
        what = M("unavailable_other")
    return join([what, M("detail", detail=detail)], sep="\n") if detail else what


def _backend_name(backend: Any) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _is_plaintext_backend(backend: Any) -> bool:
    return type(backend).__module__.startswith(("keyrings.alt", "keyrings_alt"))


def _check_backend(backend: Any) -> Any:
    """The backend to use, or KeyringUnavailable unless ``backend`` is a real, secure keyring.

    A chain of backends (keyring's ``ChainerBackend``) that includes a plain-text / file backend
    of ``keyrings.alt`` is replaced by its first secure member: the plain-text one is never
    read or written.
    """
    import keyring.backends.chainer
    import keyring.backends.fail
    import keyring.backends.null

    if isinstance(backend, keyring.backends.fail.Keyring | keyring.backends.null.Keyring):
        raise KeyringUnavailable(unavailable_message(_backend_name(backend)))
    if _is_plaintext_backend(backend):
        raise KeyringUnavailable(
            unavailable_message(M("plaintext_refused", backend=_backend_name(backend)))
        )
    if isinstance(backend, keyring.backends.chainer.ChainerBackend):
        children = list(backend.backends)
        secure = [
            b
            for b in children
            if not _is_plaintext_backend(b)
            and not isinstance(b, keyring.backends.fail.Keyring | keyring.backends.null.Keyring)
        ]
        if not secure:
            raise KeyringUnavailable(unavailable_message(_backend_name(backend)))
        if len(secure) != len(children):
            log.warning(
                "plain-text keyring backends ignored: %s",
                ", ".join(_backend_name(b) for b in children if b not in secure),
            )
            return secure[0]
    return backend


class CredentialStore:
    """Read and write the app's five credentials in the OS keyring.

    ``backend`` is a ``keyring.backend.KeyringBackend``; ``None`` means the process-wide one
    (``keyring.get_keyring()``, resolved at each call).
    """

    def __init__(
        self, service: str = SERVICE, backend: Any | None = None, index_path: Path | None = None
    ) -> None:
        if not service:
            raise CredentialError(M("no_service"))
        self.service = service
        self._explicit_backend = backend
        self._index_path = index_path

    # -- the index of stored names (a hint for the start-up; see the module docstring) ------

    def _note(self, name: str, present: bool) -> None:
        """Record in the index that ``name`` is (not) stored, when the index says otherwise."""
        path = self._index_path
        try:
            path = path or default_index_path()
            known = stored_names_hint(self.service, path)
            if known is not None and (name in known) == present:
                return
            names = set(known or ())
            if present:
                names.add(name)
            else:
                names.discard(name)
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(
                json.dumps({"service": self.service, "stored": sorted(names)}), encoding="utf-8"
            )
            os.replace(tmp, path)
        except OSError as exc:  # only a hint: the keyring stays the truth
            log.warning("could not update the keyring index: %s", exc)

    # -- backend -----------------------------------------------------------------------------

    def _backend(self) -> Any:
        backend = self._explicit_backend
        if backend is None:
            try:
                backend = _keyring().get_keyring()
            except Exception as exc:
                raise KeyringUnavailable(unavailable_message(type(exc).__name__)) from None
        return _check_backend(backend)

    def backend_description(self) -> str:
        """A human-readable description of the backend in use (never raises)."""
        try:
            backend = self._explicit_backend or _keyring().get_keyring()
        except Exception as exc:
            return M("backend_error", name=type(exc).__name__)
        name = getattr(type(backend), "name", None)
        label = name if isinstance(name, str) and name else _backend_name(backend)
        try:
            _check_backend(backend)
        except KeyringUnavailable:
            return M("backend_refused", backend=label)
        return label

    def available(self) -> bool:
        """True when the keyring can be read now (a locked or broken keyring is not)."""
        try:
            self.get(NAMES[0])
        except KeyringUnavailable:
            return False
        return True

    @staticmethod
    def _check_name(name: str) -> None:
        if name not in NAMES:
            raise CredentialError(M("unknown_name", name=repr(name), names=", ".join(NAMES)))

    # -- operations --------------------------------------------------------------------------

    def get(self, name: str) -> str | None:
        """The stored value, or None when not set."""
        self._check_name(name)
        backend = self._backend()
        try:
            value = backend.get_password(self.service, name)
        except Exception as exc:
            raise KeyringUnavailable(unavailable_message(type(exc).__name__)) from None
        if value is None or value == "":
            self._note(name, False)
            return None
        register_secret(value)
        self._note(name, True)
        return str(value)

    def set(self, name: str, value: str) -> None:
        """Store ``value`` (surrounding whitespace and newlines stripped); empty is refused."""
        self._check_name(name)
        if not isinstance(value, str):
            raise CredentialError(M("value_not_text", label=LABELS[name]))
        cleaned = value.strip()
        if not cleaned:
            raise CredentialError(M("value_empty", label=LABELS[name]))
        if any(ch in cleaned for ch in "\r\n\t"):
            raise CredentialError(M("value_has_breaks", label=LABELS[name]))
        register_secret(cleaned)
        backend = self._backend()
        try:
            backend.set_password(self.service, name, cleaned)
        except Exception as exc:
            raise KeyringUnavailable(unavailable_message(type(exc).__name__)) from None
        self._note(name, True)

    def delete(self, name: str) -> bool:
        """Delete the value; returns False when nothing was stored."""
        self._check_name(name)
        backend = self._backend()
        errors = _keyring().errors
        try:
            if backend.get_password(self.service, name) is None:
                self._note(name, False)
                return False
            backend.delete_password(self.service, name)
        except errors.PasswordDeleteError:
            self._note(name, False)
            return False
        except Exception as exc:
            raise KeyringUnavailable(unavailable_message(type(exc).__name__)) from None
        self._note(name, False)
        return True

    def status(self) -> dict[str, bool]:
        """Which credentials are set (never the values)."""
        return {name: self.get(name) is not None for name in NAMES}

    def amazon_configured(self) -> bool:
        return all(self.get(name) is not None for name in AMAZON_NAMES)

    def makeshop_configured(self) -> bool:
        return all(self.get(name) is not None for name in MAKESHOP_NAMES)
