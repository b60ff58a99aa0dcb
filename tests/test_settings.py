"""Non-secret settings: defaults, validation, atomic save, corrupt files, no secrets."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from amzdesk import assumptions, paths
from amzdesk.logsetup import register_secret
from amzdesk.settings import (
    DEFAULT_SYNC_INTERVAL,
    SETTINGS_FILE_NAME,
    Settings,
    SettingsError,
    default_settings_path,
    endpoint_from_env,
    load_settings,
    save_settings,
    validate_settings,
)


def test_defaults_when_missing(tmp_path: Path) -> None:
    s = load_settings(tmp_path / "nope.json")
    assert s == Settings()
    assert s.sync_interval_minutes == DEFAULT_SYNC_INTERVAL == 15
    assert s.language == "auto"
    assert s.spapi_endpoint == s.lwa_endpoint == s.makeshop_endpoint == ""
    assert s.filters == {} and s.column_layout == {} and s.csv_column_mapping == {}


def test_default_path_is_config_dir() -> None:
    assert default_settings_path() == paths.config_dir() / SETTINGS_FILE_NAME
    s = Settings(sync_interval_minutes=30)
    save_settings(s)
    assert load_settings().sync_interval_minutes == 30


def test_round_trip_every_field(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "settings.json"
    s = Settings(
        spapi_endpoint="http://127.0.0.1:8765",
        lwa_endpoint="https://api.amazon.com/auth/o2/token",
        makeshop_endpoint="http://localhost:9000/graphql",
        carrier_code_overrides={" ヤマト運輸 ": " Yamato Transport "},
        sync_interval_minutes=0,
        language="ja",
        filters={"needs_action": True, "channels": ["amazon-mfn"], "sort_key": "ship_by"},
        column_layout={"hidden": ["total"], "widths": {"key": 120}},
        window_geometry="AdnQywADAAAAAAB4AAAA",
        csv_column_mapping={"tracking_number": "お問い合せ送り状NO", "order": "お客様管理番号"},
        last_sync={"amazon": "2025-06-02T03:00:00+00:00"},
        demo=True,
    )
    written = save_settings(s, path)
    assert written.carrier_code_overrides == {"ヤマト運輸": "Yamato Transport"}
    loaded = load_settings(path)
    assert loaded == written
    assert loaded.window_geometry == "AdnQywADAAAAAAB4AAAA"
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == 1


@pytest.mark.parametrize("minutes", [0, 5, 15, 60, 1440])
def test_sync_interval_bounds_ok(minutes: int, tmp_path: Path) -> None:
    save_settings(Settings(sync_interval_minutes=minutes), tmp_path / "s.json")
    assert load_settings(tmp_path / "s.json").sync_interval_minutes == minutes


@pytest.mark.parametrize("minutes", [1, 4, 1441, -5, True, "15", 7.5])
def test_sync_interval_out_of_bounds(minutes: object, tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="自動同期の間隔"):
        save_settings(Settings(sync_interval_minutes=minutes), tmp_path / "s.json")  # type: ignore[arg-type]
    assert not (tmp_path / "s.json").exists()


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("language", "fr", "表示言語"),
        ("spapi_endpoint", "http://sellingpartnerapi-fe.amazon.com", "https"),
        ("makeshop_endpoint", "ftp://example.com", "URL"),
        ("lwa_endpoint", "https://user:pw@api.amazon.com/auth/o2/token", "パスワード"),
        ("carrier_code_overrides", {"ヤマト運輸": ""}, "空"),
        ("carrier_code_overrides", {"ヤマト運輸": 5}, "文字列"),
        ("window_geometry", "not base64!!", "ウィンドウ"),
        ("filters", ["x"], "絞り込み"),
        ("demo", "yes", "デモ"),
    ],
)
def test_invalid_values_have_japanese_messages(
    field: str, value: object, words: str, tmp_path: Path
) -> None:
    s = Settings()
    setattr(s, field, value)
    with pytest.raises(SettingsError, match=words):
        save_settings(s, tmp_path / "s.json")


def test_unknown_keys_are_preserved(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(
        json.dumps({"version": 1, "language": "en", "future_option": {"a": [1, 2]}}),
        encoding="utf-8",
    )
    s = load_settings(path)
    assert s.language == "en"
    assert s.extra == {"future_option": {"a": [1, 2]}}
    s.sync_interval_minutes = 30
    save_settings(s, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["future_option"] == {"a": [1, 2]}
    assert data["sync_interval_minutes"] == 30


def test_corrupt_file_gives_defaults_and_a_backup(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "s.json"
    path.write_text('{"language": "ja", ', encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="amzdesk.settings"):
        s = load_settings(path)
    assert s == Settings()
    assert (tmp_path / "s.json.bak").read_text(encoding="utf-8") == '{"language": "ja", '
    assert any("corrupt" in r.getMessage() for r in caplog.records)
    # not an object
    path.write_text("[1, 2]", encoding="utf-8")
    assert load_settings(path) == Settings()
    # not UTF-8
    path.write_bytes(b"\xff\xfe\x00garbage")
    assert load_settings(path) == Settings()


def test_one_bad_value_falls_back_alone(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"sync_interval_minutes": 2, "language": "ja"}), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="amzdesk.settings"):
        s = load_settings(path)
    assert s.sync_interval_minutes == DEFAULT_SYNC_INTERVAL
    assert s.language == "ja"
    assert any("sync_interval_minutes" in r.getMessage() for r in caplog.records)


def test_atomic_write_leaves_old_file_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.json"
    save_settings(Settings(language="ja"), path)
    import os

    def boom(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        save_settings(Settings(language="en"), path)
    monkeypatch.undo()
    assert load_settings(path).language == "ja"
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]  # no temporary file left


@pytest.mark.parametrize(
    "settings",
    [
        Settings(filters={"makeshop_token": "abc"}),
        Settings(column_layout={"nested": {"client_secret": "x"}}),
        Settings(csv_column_mapping={"api_key": "x"}),
        Settings(extra={"password": "hunter2"}),
        Settings(extra={"lwa": {"refresh-token": "x"}}),
        Settings(filters={"search": "Atzr|IwEBIabcdef"}),
        Settings(csv_column_mapping={"x": "amzn1.application-oa2-client.0123"}),
    ],
)
def test_secrets_are_refused(settings: Settings, tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="秘密情報"):
        save_settings(settings, tmp_path / "s.json")
    assert not (tmp_path / "s.json").exists()


def test_registered_secret_value_is_refused(tmp_path: Path) -> None:
    register_secret("my-makeshop-token-value-42")
    with pytest.raises(SettingsError, match="秘密情報"):
        save_settings(Settings(filters={"search": "my-makeshop-token-value-42"}), tmp_path / "s")


def test_known_non_secret_keys_are_fine(tmp_path: Path) -> None:
    s = Settings(filters={"sort_key": "ship_by", "key": "az:1", "search": "503-1234567"})
    save_settings(s, tmp_path / "s.json")
    assert load_settings(tmp_path / "s.json").filters == s.filters


def test_validate_settings_does_not_mutate() -> None:
    s = Settings(carrier_code_overrides={" a ": " b "})
    v = validate_settings(s)
    assert v.carrier_code_overrides == {"a": "b"}
    assert s.carrier_code_overrides == {" a ": " b "}
    assert v is not s


def test_endpoint_precedence(monkeypatch: pytest.MonkeyPatch) -> None:
    s = Settings(spapi_endpoint="http://127.0.0.1:9999")
    assert endpoint_from_env("spapi", None, {}) == assumptions.SPAPI_ENDPOINT_FE
    assert endpoint_from_env("spapi", s, {}) == "http://127.0.0.1:9999"
    env = {"AMZDESK_SPAPI_ENDPOINT": "http://localhost:1234"}
    assert endpoint_from_env("spapi", s, env) == "http://localhost:1234"
    with pytest.raises(SettingsError):
        endpoint_from_env("spapi", s, {"AMZDESK_SPAPI_ENDPOINT": "http://evil.example.com"})
    assert endpoint_from_env("lwa", s, {}) == assumptions.LWA_TOKEN_URL
    assert s.endpoint("makeshop") == assumptions.MAKESHOP_ENDPOINT


@pytest.mark.parametrize(
    ("field_name", "label"),
    [
        ("spapi_endpoint", "SP-API エンドポイント"),
        ("lwa_endpoint", "LWA トークンURL"),
        ("makeshop_endpoint", "makeshop エンドポイント"),
    ],
)
def test_an_invalid_endpoint_setting_names_which_endpoint(field_name: str, label: str) -> None:
    """The settings layer passes the endpoint's kind, so the message names the endpoint
    (it once said only 「エンドポイント」 because a label was passed where a kind belongs)."""
    from amzdesk.settings import Settings, SettingsError, validate_settings

    bad = Settings(**{field_name: "http://example.com/api"})
    with pytest.raises(SettingsError) as err:
        validate_settings(bad)
    assert str(err.value).startswith(f"{label}: http は使えません")
