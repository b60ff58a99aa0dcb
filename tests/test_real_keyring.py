"""The real OS keyring (Secret Service over D-Bus), with a throw-away service name.

Run inside a private D-Bus session with an unlocked GNOME Keyring, e.g.::

    dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets \
        >/dev/null; .venv/bin/pytest tests/test_real_keyring.py -v'

Without a D-Bus session or a Secret Service the test is skipped, saying why.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from amzdesk.credentials import NAMES, CredentialStore, KeyringUnavailable

pytestmark = pytest.mark.real_keyring
SESSION_COLLECTION = "/org/freedesktop/secrets/collection/session"


def _secret_service_backend() -> Any:
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        pytest.skip("no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set)")
    try:
        import keyring.backends.SecretService
        import secretstorage
    except ImportError as exc:  # pragma: no cover - depends on the machine
        pytest.skip(f"Secret Service support not installed: {exc}")
    backend = keyring.backends.SecretService.Keyring()
    try:
        connection = secretstorage.dbus_init()
        try:
            paths = {
                c.collection_path: c.is_locked()
                for c in secretstorage.get_all_collections(connection)
            }
            default_locked = secretstorage.get_default_collection(connection).is_locked()
        finally:
            connection.close()
    except Exception as exc:
        pytest.skip(f"no usable Secret Service on this D-Bus session: {type(exc).__name__}")
    # Prefer gnome-keyring's in-memory "session" collection: nothing reaches the disk and the
    # user's login keyring is never touched.  Else the default collection, if it is unlocked.
    if paths.get(SESSION_COLLECTION) is False:
        backend.preferred_collection = SESSION_COLLECTION
    elif default_locked:
        pytest.skip("the Secret Service default collection is locked (and no session collection)")
    return backend


@pytest.fixture
def real_store() -> Iterator[CredentialStore]:
    import keyring

    backend = _secret_service_backend()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    service = f"amzdesk-test-{uuid.uuid4().hex}"
    assert service != "amzdesk"
    store = CredentialStore(service=service)
    try:
        yield store
    finally:
        for name in NAMES:
            with contextlib.suppress(Exception):  # already gone
                backend.delete_password(service, name)
        keyring.set_keyring(previous)


def test_round_trip_in_the_real_secret_service(real_store: CredentialStore) -> None:
    import keyring.backends.SecretService

    assert isinstance(keyring.get_keyring(), keyring.backends.SecretService.Keyring)
    assert real_store.available()
    assert real_store.status() == dict.fromkeys(NAMES, False)
    value = f"real-keyring-value-{uuid.uuid4().hex}"
    real_store.set("makeshop-token", f"  {value}\n")
    assert real_store.get("makeshop-token") == value
    # a second client (fresh D-Bus connection) sees it too
    fresh = keyring.backends.SecretService.Keyring()
    used = keyring.get_keyring()
    if hasattr(used, "preferred_collection"):
        fresh.preferred_collection = used.preferred_collection
    assert fresh.get_password(real_store.service, "makeshop-token") == value
    assert real_store.status()["makeshop-token"] is True
    assert real_store.delete("makeshop-token") is True
    assert real_store.get("makeshop-token") is None
    assert fresh.get_password(real_store.service, "makeshop-token") is None
    assert "SecretService" in real_store.backend_description() or "Secret" in (
        real_store.backend_description()
    )


def test_locked_default_collection_is_reported_as_unavailable() -> None:
    """When the login keyring is locked (and cannot be unlocked: no prompt), the user gets
    KeyringUnavailable with what to do, never a crash or a plain-text fallback."""
    import keyring.backends.SecretService

    _secret_service_backend()  # skips without a Secret Service
    import secretstorage

    connection = secretstorage.dbus_init()
    try:
        locked = secretstorage.get_default_collection(connection).is_locked()
    finally:
        connection.close()
    if not locked:
        pytest.skip("the default collection is unlocked here")
    store = CredentialStore(
        service=f"amzdesk-test-{uuid.uuid4().hex}",
        backend=keyring.backends.SecretService.Keyring(),
    )
    with pytest.raises(KeyringUnavailable):
        store.get("makeshop-token")
    assert not store.available()
