"""Settings dialog: keyring-only credentials (masked), connection tests, overrides, interval."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLineEdit, QPushButton

from amzdesk.credentials import AMAZON_NAMES, MAKESHOP_NAMES, CredentialStore
from amzdesk.settings import Settings, load_settings
from tests.sim_fixtures import credential_env
from ui.settings_dialog import FIELD_NAMES, SettingsDialog
from ui.tasks import TaskRunner


@pytest.fixture
def dialog(qtbot: Any, tmp_path: Path) -> SettingsDialog:
    d = SettingsDialog(
        Settings(),
        credentials=CredentialStore(),
        runner=TaskRunner(synchronous=True),
        settings_path=tmp_path / "settings.json",
    )
    qtbot.addWidget(d)
    d.show()
    return d


def test_fields_are_masked_and_named(dialog: SettingsDialog) -> None:
    for name, object_name in FIELD_NAMES.items():
        edit = dialog.findChild(QLineEdit, object_name)
        assert edit is not None, name
        assert edit.echoMode() == QLineEdit.EchoMode.Password
        assert edit.accessibleName()
    assert "大口出品" in dialog.findChild(object, "amazonGuide").toPlainText()  # type: ignore[arg-type]
    guide = dialog.findChild(object, "amazonGuide").toPlainText()  # type: ignore[arg-type]
    for step in ("ユーザー権限", "開発者登録", "アプリを承認", "リフレッシュトークン"):
        assert step in guide
    assert "API 利用申請" in dialog.findChild(object, "makeshopGuide").toPlainText()  # type: ignore[arg-type]


def test_save_writes_credentials_to_keyring_only(
    dialog: SettingsDialog, memory_keyring: Any, tmp_path: Path
) -> None:
    secret = "Atzr|refresh-secret-value-123"
    dialog.fields["lwa-client-id"].setText("amzn1.application-oa2-client.abc")
    dialog.fields["lwa-client-secret"].setText("amzn1.oa2-cs.v1.secretsecret")
    dialog.fields["lwa-refresh-token"].setText(secret)
    dialog.sync_interval.setValue(30)
    row = next(
        i
        for i in range(dialog.carrier_table.rowCount())
        if dialog.carrier_table.item(i, 0).text() == "クロネコヤマト"
    )
    dialog.carrier_table.item(row, 2).setText("YAMATO")
    saved: list[Any] = []
    dialog.settingsSaved.connect(saved.append)
    dialog.buttons.accepted.emit()
    assert saved and saved[0].sync_interval_minutes == 30
    assert saved[0].carrier_code_overrides == {"クロネコヤマト": "YAMATO"}
    assert memory_keyring.secrets[("amzdesk", "lwa-refresh-token")] == secret
    text = (tmp_path / "settings.json").read_text(encoding="utf-8")
    assert secret not in text and "secretsecret" not in text
    assert json.loads(text)["sync_interval_minutes"] == 30
    assert load_settings(tmp_path / "settings.json").carrier_code_overrides == {
        "クロネコヤマト": "YAMATO"
    }
    # the fields never show stored values
    assert all(e.text() == "" for e in dialog.fields.values())


def test_stored_credentials_show_as_stored_not_as_values(
    qtbot: Any, memory_keyring: Any, tmp_path: Path
) -> None:
    store = CredentialStore()
    store.set("makeshop-token", "tok-value-xyz")
    d = SettingsDialog(
        Settings(),
        credentials=store,
        runner=TaskRunner(synchronous=True),
        settings_path=tmp_path / "s.json",
    )
    qtbot.addWidget(d)
    edit = d.fields["makeshop-token"]
    assert edit.text() == ""
    assert "保存済み" in edit.placeholderText()
    assert "保存済み" not in d.fields["makeshop-api-key"].placeholderText()


def test_invalid_interval_is_refused(dialog: SettingsDialog, tmp_path: Path) -> None:
    dialog.sync_interval.setValue(3)
    dialog.buttons.accepted.emit()
    assert dialog.error_label.isVisible()
    assert "自動同期の間隔" in dialog.error_label.text()
    assert not (tmp_path / "settings.json").exists()


def test_connection_tests_against_the_simulator(
    dialog: SettingsDialog, sim: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in credential_env(sim).items():
        if (key.startswith("AMZDESK_") and "ENDPOINT" in key) or key == "AMZDESK_LWA_TOKEN_URL":
            monkeypatch.setenv(key, value)
    creds = sim.credentials
    for name in AMAZON_NAMES + MAKESHOP_NAMES:
        dialog.fields[name].setText(creds[name])
    dialog.findChild(QPushButton, "testAmazon").click()
    assert "接続できました" in dialog.amazon_test_result.text()
    dialog.findChild(QPushButton, "testMakeshop").click()
    assert "接続できました" in dialog.makeshop_test_result.text()
    # a wrong secret is reported in Japanese, without the value
    dialog.fields["lwa-client-secret"].setText("wrong-secret-value")
    dialog.findChild(QPushButton, "testAmazon").click()
    text = dialog.amazon_test_result.text()
    assert "✗" in text and "ログイン情報" in text and "設定してください" in text
    assert "wrong-secret-value" not in text
    # makeshop: a refused token is diagnosed in plain words too
    dialog.fields["makeshop-token"].setText("wrong-token-value")
    dialog.findChild(QPushButton, "testMakeshop").click()
    text = dialog.makeshop_test_result.text()
    assert "✗" in text and "ログイン情報を受け付けませんでした" in text
    assert "wrong-token-value" not in text


def test_missing_values_are_explained(dialog: SettingsDialog) -> None:
    dialog.findChild(QPushButton, "testMakeshop").click()
    assert "アクセストークンと API キーを入力してください" in dialog.makeshop_test_result.text()


def test_advanced_page_adjusts_amazon_recognition(dialog: SettingsDialog) -> None:
    from amzdesk.recognition import Recognition
    from amzdesk.settings import SettingsError, validate_settings

    assert dialog.edited_settings().amazon_recognition == {}  # the defaults are not written
    dialog.recognition_prefixes.setPlainText("Amazonマーケットプレイス決済\nAmazon出品")
    dialog.recognition_window.setValue(12)
    edited = validate_settings(dialog.edited_settings()).amazon_recognition
    rec = Recognition.from_settings(edited)
    assert rec.pay_method_prefixes == ("Amazonマーケットプレイス決済", "Amazon出品")
    assert rec.match_window_s == 12 * 3600
    dialog.recognition_pattern.setText("(")
    with pytest.raises(SettingsError):
        validate_settings(dialog.edited_settings())
    dialog.findChild(QPushButton, "recognitionReset").click()
    assert dialog.edited_settings().amazon_recognition == {}


def test_waits_are_the_owners_setting(dialog: SettingsDialog, tmp_path: Path) -> None:
    """How long the app waits for Amazon / makeshop is set here and saved with the settings."""
    from datetime import timedelta

    assert dialog.confirm_wait.value() == 30 and dialog.return_wait.value() == 7  # defaults
    saved: list[Settings] = []
    dialog.settingsSaved.connect(saved.append)
    dialog.confirm_wait.setValue(90)
    dialog.return_wait.setValue(3)
    dialog.buttons.accepted.emit()
    assert saved, dialog.error_label.text()
    data = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
    assert (data["confirm_wait_minutes"], data["return_wait_days"]) == (90, 3)
    loaded = load_settings(tmp_path / "settings.json")
    assert loaded.waits().confirm == timedelta(minutes=90)
    assert loaded.waits().ret == timedelta(days=3)
    # a reopened dialog shows what was saved
    again = SettingsDialog(loaded, runner=TaskRunner(synchronous=True))
    assert (again.confirm_wait.value(), again.return_wait.value()) == (90, 3)
    again.deleteLater()


def test_out_of_range_wait_in_the_file_falls_back_to_the_default(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps({"version": 1, "confirm_wait_minutes": 0, "return_wait_days": "x"}),
        encoding="utf-8",
    )
    loaded = load_settings(path)
    assert (loaded.confirm_wait_minutes, loaded.return_wait_days) == (30, 7)
