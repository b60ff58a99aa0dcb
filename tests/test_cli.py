"""The command line, run in-process (``amzdesk.cli.main``) against the simulator."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from amzdesk import cli
from amzdesk.credentials import NAMES


def run(
    argv: list[str], capsys: pytest.CaptureFixture[str], stdin: str | None = None
) -> tuple[int, str, str]:
    rc = cli.main(argv, stdin=io.StringIO(stdin) if stdin is not None else None)
    out, err = capsys.readouterr()
    return rc, out, err


def run_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    rc, out, err = run(argv, capsys)
    assert rc == 0, err
    doc = json.loads(out)
    assert isinstance(doc, dict)
    return doc


# --- credentials --------------------------------------------------------------------------------


def test_credentials_set_list_delete_via_stdin(capsys: pytest.CaptureFixture[str]) -> None:
    secret = "Atzr|very-secret-refresh-token-value"
    rc, out, err = run(["credentials", "set", "lwa-refresh-token"], capsys, stdin=secret + "\n")
    assert rc == 0, err
    assert secret not in out and secret not in err
    assert "保存しました" in err

    doc = run_json(["credentials", "list", "--json"], capsys)
    assert doc["schema"] == "amzdesk.credentials/1"
    assert set(doc["credentials"]) == set(NAMES)
    assert doc["credentials"]["lwa-refresh-token"]["set"] is True
    assert doc["credentials"]["lwa-client-id"]["set"] is False
    assert secret not in json.dumps(doc)

    rc, out, err = run(["credentials", "list"], capsys)
    assert rc == 0
    assert "lwa-refresh-token" in out and "設定済み" in out and secret not in out

    rc, out, err = run(["credentials", "delete", "lwa-refresh-token"], capsys)
    assert rc == 0 and "削除しました" in err
    doc = run_json(["credentials", "list", "--json"], capsys)
    assert doc["credentials"]["lwa-refresh-token"]["set"] is False


def test_credentials_set_empty_stdin_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    rc, _, err = run(["credentials", "set", "makeshop-token"], capsys, stdin="\n")
    assert rc == 1
    assert "空" in err
    assert "Traceback" not in err


def test_credentials_secret_never_accepted_from_argv(capsys: pytest.CaptureFixture[str]) -> None:
    rc, _, err = run(["credentials", "set", "makeshop-token", "the-secret"], capsys)
    assert rc == 2
    assert "使い方" in err


def test_credentials_unknown_name_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    rc, _, _ = run(["credentials", "set", "password"], capsys, stdin="x\n")
    assert rc == 2


def test_keyring_unavailable_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring
    import keyring.backends.fail

    keyring.set_keyring(keyring.backends.fail.Keyring())
    rc, _out, err = run(["credentials", "list"], capsys)
    assert rc == 1
    assert "キーリング" in err
    assert "Traceback" not in err


# --- usage --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [[], ["no-such-command"], ["orders", "--bogus"], ["credentials"], ["sync", "extra"]],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    rc, _out, err = run(argv, capsys)
    assert rc == 2
    assert "Traceback" not in err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = run(["--help"], capsys)
    assert rc == 0
    assert "sync" in out and "orders" in out and "carriers" in out


# --- carriers -----------------------------------------------------------------------------------


def test_carriers_json(capsys: pytest.CaptureFixture[str]) -> None:
    doc = run_json(["carriers", "--json"], capsys)
    assert doc["schema"] == "amzdesk.carriers/1"
    rows = doc["carriers"]
    assert doc["count"] == len(rows) >= 32
    by_name = {r["name"]: r for r in rows}
    assert by_name["クロネコヤマト"]["amazon_name"] == "ヤマト運輸"
    assert by_name["クロネコヤマト"]["identifies_carrier"] is True
    abf = [r for r in rows if r["amazon_name"] == "配送業者ABF"]
    assert abf, "some carriers convert to 配送業者ABF (R-E2)"
    for r in abf:
        assert r["identifies_carrier"] is False
        assert any("ABF" in w for w in r["warnings"]) or r["name"] == "無し"
    for r in rows:
        assert set(r) >= {
            "name",
            "code",
            "amazon_name",
            "tracked",
            "spapi_carrier_code",
            "spapi_carrier_name",
            "overridden",
        }
        if r["spapi_carrier_code"] == "Other":
            assert r["spapi_carrier_name"]


def test_carriers_overrides_from_settings(capsys: pytest.CaptureFixture[str]) -> None:
    from amzdesk.settings import Settings, save_settings

    save_settings(Settings(carrier_code_overrides={"クロネコヤマト": "YAMATO-X"}))
    doc = run_json(["carriers", "--json"], capsys)
    yamato = next(r for r in doc["carriers"] if r["name"] == "クロネコヤマト")
    assert yamato["spapi_carrier_code"] == "YAMATO-X"
    assert yamato["overridden"] is True
    sagawa = next(r for r in doc["carriers"] if r["name"] == "佐川急便")
    assert sagawa["overridden"] is False


def test_carriers_text(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = run(["carriers"], capsys)
    assert rc == 0
    assert "配送業者ABF" in out and "クロネコヤマト" in out
