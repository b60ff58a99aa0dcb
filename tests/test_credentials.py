"""Credentials in the OS keyring (the in-memory backend from conftest here)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.backends.null
import keyring.errors
import pytest

from amzdesk import logsetup
from amzdesk.credentials import (
    AMAZON_NAMES,
    NAMES,
    SERVICE,
    CredentialError,
    CredentialStore,
    KeyringUnavailable,
)
from tests.conftest import MemoryKeyring


def test_names_and_service() -> None:
    assert SERVICE == "amzdesk"
    assert NAMES == (
        "lwa-client-id",
        "lwa-client-secret",
        "lwa-refresh-token",
        "makeshop-token",
        "makeshop-api-key",
    )


def test_set_get_delete_round_trip(memory_keyring: MemoryKeyring) -> None:
    creds = CredentialStore()
    assert creds.get("lwa-client-id") is None
    creds.set("lwa-client-id", "  amzn1.application-oa2-client.abc123\n")
    assert creds.get("lwa-client-id") == "amzn1.application-oa2-client.abc123"
    assert memory_keyring.secrets[("amzdesk", "lwa-client-id")] == (
        "amzn1.application-oa2-client.abc123"
    )
    assert creds.delete("lwa-client-id") is True
    assert creds.get("lwa-client-id") is None
    assert creds.delete("lwa-client-id") is False


def test_status_and_configured_flags_never_values(memory_keyring: MemoryKeyring) -> None:
    creds = CredentialStore()
    assert creds.status() == dict.fromkeys(NAMES, False)
    assert not creds.amazon_configured() and not creds.makeshop_configured()
    for name in AMAZON_NAMES:
        creds.set(name, f"value-for-{name}")
    status = creds.status()
    assert status == {n: n in AMAZON_NAMES for n in NAMES}
    assert all(isinstance(v, bool) for v in status.values())
    assert creds.amazon_configured() and not creds.makeshop_configured()
    creds.set("makeshop-token", "tok-123456")
    assert not creds.makeshop_configured()
    creds.set("makeshop-api-key", "key-123456")
    assert creds.makeshop_configured()


def test_other_service_name_is_separate(memory_keyring: MemoryKeyring) -> None:
    CredentialStore(service="amzdesk-other").set("makeshop-token", "other-token")
    assert CredentialStore().get("makeshop-token") is None
    assert ("amzdesk-other", "makeshop-token") in memory_keyring.secrets


@pytest.mark.parametrize("value", ["", "   ", "\n\t"])
def test_empty_value_is_refused(value: str, memory_keyring: MemoryKeyring) -> None:
    with pytest.raises(CredentialError, match="空"):
        CredentialStore().set("makeshop-token", value)
    assert memory_keyring.secrets == {}


def test_inner_newline_is_refused(memory_keyring: MemoryKeyring) -> None:
    with pytest.raises(CredentialError):
        CredentialStore().set("makeshop-token", "abc\ndef")


def test_unknown_name_is_refused(memory_keyring: MemoryKeyring) -> None:
    creds = CredentialStore()
    for call in (
        lambda: creds.set("password", "x"),
        lambda: creds.get("lwa_client_id"),
        lambda: creds.delete(""),
    ):
        with pytest.raises(CredentialError, match="不明な認証情報"):
            call()
    assert memory_keyring.secrets == {}


def test_values_are_registered_for_log_redaction(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.secrets[("amzdesk", "lwa-refresh-token")] = "Atzr|stored-before-start-1"
    creds = CredentialStore()
    creds.set("makeshop-api-key", "api-key-set-now-12345")
    assert creds.get("lwa-refresh-token") == "Atzr|stored-before-start-1"
    path = logsetup.configure_logging(tmp_path / "logs")
    try:
        logging.getLogger("amzdesk.test").warning(
            "values %s %s", "api-key-set-now-12345", "Atzr|stored-before-start-1"
        )
        for handler in logging.getLogger().handlers:
            handler.flush()
        text = path.read_text(encoding="utf-8")
    finally:
        logsetup.shutdown_logging()
    assert "api-key-set-now-12345" not in text
    assert "stored-before-start-1" not in text
    assert "values" in text


class _BrokenKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def get_password(self, service: str, username: str) -> str | None:
        raise self.error

    def set_password(self, service: str, username: str, password: str) -> None:
        raise self.error

    def delete_password(self, service: str, username: str) -> None:
        raise self.error


@pytest.mark.parametrize(
    "backend",
    [
        keyring.backends.fail.Keyring(),
        keyring.backends.null.Keyring(),
        _BrokenKeyring(keyring.errors.KeyringLocked("locked")),
        _BrokenKeyring(keyring.errors.NoKeyringError("none")),
        _BrokenKeyring(RuntimeError("dbus: org.freedesktop.DBus.Error.ServiceUnknown")),
    ],
)
def test_unusable_backend_raises_keyring_unavailable(backend: Any) -> None:
    keyring.set_keyring(backend)
    creds = CredentialStore()
    for call in (
        lambda: creds.get("makeshop-token"),
        lambda: creds.set("makeshop-token", "value-123456"),
        lambda: creds.delete("makeshop-token"),
        creds.status,
        creds.amazon_configured,
    ):
        with pytest.raises(KeyringUnavailable) as info:
            call()
        message = str(info.value)
        assert "value-123456" not in message
        assert "gnome-keyring" in message or "キーチェーン" in message or "資格情報" in message
    assert not creds.available()
    if isinstance(backend, keyring.backends.fail.Keyring | keyring.backends.null.Keyring):
        assert "利用できません" in creds.backend_description()


def test_linux_message_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from amzdesk import credentials

    monkeypatch.setattr(credentials.sys, "platform", "linux")
    message = credentials.unavailable_message()
    assert (
        "gnome-keyring または KWallet（Secret Service）を入れてログインし直してください" in message
    )
    assert "sudo apt install gnome-keyring" in message
    from amzdesk.messages import ts_lookup

    english = message.render(
        ts_lookup(Path(__file__).parent.parent / "resources/i18n/amzdesk_en.ts")
    )
    assert "Install a Secret Service provider" in english  # the window's English
    assert "sudo apt install gnome-keyring" in english


def _plaintext_backend() -> Any:
    """A backend whose class lives in a ``keyrings.alt`` module, like PlaintextKeyring."""
    cls = type(
        "PlaintextKeyring",
        (MemoryKeyring,),
        {"__module__": "keyrings.alt.file"},
    )
    return cls()


def test_plaintext_backends_are_refused() -> None:
    backend = _plaintext_backend()
    keyring.set_keyring(backend)
    creds = CredentialStore()
    with pytest.raises(KeyringUnavailable, match="平文"):
        creds.set("makeshop-token", "never-written-123")
    assert backend.secrets == {}
    with pytest.raises(KeyringUnavailable):
        CredentialStore(backend=_plaintext_backend()).get("makeshop-token")


def test_chainer_never_uses_its_plaintext_member() -> None:
    import keyring.backends.chainer

    plaintext = _plaintext_backend()
    secure = MemoryKeyring()

    class Chainer(keyring.backends.chainer.ChainerBackend):
        backends = [plaintext, secure]  # type: ignore[assignment]  # noqa: RUF012

    plaintext.secrets[("amzdesk", "makeshop-token")] = "plaintext-value-1"
    creds = CredentialStore(backend=Chainer())
    assert creds.get("makeshop-token") is None  # the plain-text value is never read
    creds.set("makeshop-token", "secure-value-123")
    assert secure.secrets == {("amzdesk", "makeshop-token"): "secure-value-123"}
    assert plaintext.secrets == {("amzdesk", "makeshop-token"): "plaintext-value-1"}

    class OnlyPlaintext(keyring.backends.chainer.ChainerBackend):
        backends = [_plaintext_backend()]  # type: ignore[assignment]  # noqa: RUF012

    with pytest.raises(KeyringUnavailable):
        CredentialStore(backend=OnlyPlaintext()).get("makeshop-token")


def test_explicit_backend_and_description(memory_keyring: MemoryKeyring) -> None:
    other = MemoryKeyring()
    creds = CredentialStore(backend=other)
    creds.set("makeshop-token", "explicit-backend-1")
    assert other.secrets == {("amzdesk", "makeshop-token"): "explicit-backend-1"}
    assert memory_keyring.secrets == {}
    assert "MemoryKeyring" in creds.backend_description()
    assert creds.available()


def test_keyring_index_follows_set_delete_and_reads(
    memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    from amzdesk.credentials import MAKESHOP_NAMES, configured_hint, stored_names_hint

    index = tmp_path / "keyring-index.json"
    creds = CredentialStore(index_path=index)
    assert stored_names_hint(path=index) is None and configured_hint(path=index) is None
    for name in MAKESHOP_NAMES:
        creds.set(name, f"value-for-{name}")
    assert stored_names_hint(path=index) == set(MAKESHOP_NAMES)
    assert configured_hint(path=index) is True
    text = index.read_text(encoding="utf-8")
    assert "value-for" not in text  # names only, never a value
    assert creds.delete(MAKESHOP_NAMES[0]) is True
    assert configured_hint(path=index) is False
    # a value removed behind the app's back: the next read corrects the index
    creds.set(MAKESHOP_NAMES[0], "again")
    del memory_keyring.secrets[(SERVICE, MAKESHOP_NAMES[1])]
    assert configured_hint(path=index) is True
    assert not creds.makeshop_configured()
    assert configured_hint(path=index) is False
    # another service's index is no hint for this one
    assert configured_hint("other-service", path=index) is None


def test_corrupt_keyring_index_is_no_hint(tmp_path: Path) -> None:
    from amzdesk.credentials import configured_hint

    index = tmp_path / "keyring-index.json"
    index.write_text("{not json", encoding="utf-8")
    assert configured_hint(path=index) is None
    index.write_text('{"service": "amzdesk", "stored": "lwa-client-id"}', encoding="utf-8")
    assert configured_hint(path=index) is None
