"""One error vocabulary: the CLI, the window and the workflow map errors to messages by type."""

from __future__ import annotations

import pytest

from amzdesk import errors
from amzdesk.credentials import CredentialError, KeyringUnavailable
from amzdesk.flatfile import FlatFileError
from amzdesk.importers import LabelImportError
from amzdesk.settings import SettingsError
from amzdesk.store import JournalError, StoreError


@pytest.mark.parametrize(
    "exc_type",
    [
        SettingsError,
        CredentialError,
        KeyringUnavailable,
        StoreError,
        JournalError,
        LabelImportError,
        FlatFileError,
    ],
)
def test_the_apps_own_errors_carry_their_message(exc_type: type[Exception]) -> None:
    exc = exc_type("ファイルを開けません。保存場所を確認してください")
    assert errors.user_message(exc) == "ファイルを開けません。保存場所を確認してください"
    assert errors.describe(exc) == str(exc)


def test_matching_is_by_type_not_by_name() -> None:
    # a foreign class that merely shares a name with one of ours is not trusted
    impostor = type("SettingsError", (ValueError,), {})("internal detail")
    assert errors.user_message(impostor) is None
    assert errors.describe(impostor).startswith("予期しないエラーが発生しました（SettingsError）")
    # a plain ValueError's text (often English, internal) never reaches the user
    assert errors.user_message(ValueError("invalid literal for int()")) is None


def test_service_errors_and_cancel_use_their_own_message() -> None:
    assert errors.user_message(errors.Cancelled()) == "中止しました"
    exc = errors.NetworkError("connection reset")
    assert errors.user_message(exc) == exc.user_message


def test_one_mapper_for_cli_window_and_workflow(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from amzdesk import cli
    from amzdesk.cli import orders
    from amzdesk.logsetup import shutdown_logging
    from amzdesk.shipment import core as shipment_core
    from ui import backend

    exc = LabelImportError("CSV の列が足りません")

    def fails(args: object, ctx: object) -> int:
        raise exc

    # the command line prints the mapper's sentence for an error a command raises
    monkeypatch.setattr(orders, "_cmd_carriers", fails)
    err = io.StringIO()
    try:
        assert cli.main(["carriers"], stdout=io.StringIO(), stderr=err) == 1
    finally:
        shutdown_logging()
    assert err.getvalue() == f"エラー: {errors.user_message(exc)}\n"
    assert backend.user_message(exc) == errors.describe(exc)
    assert shipment_core.describe is errors.describe  # what the workflow journals and shows
