"""The command line, run in-process (``amzdesk.cli.main``) against the simulator."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest

from amzdesk import cli
from amzdesk.credentials import NAMES
from amzdesk.rules import Action
from amzdesk.sim import Simulator
from amzdesk.sim import seed as scenarios


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


# --- against the simulator ----------------------------------------------------------------------


@pytest.fixture
def sim(monkeypatch: pytest.MonkeyPatch) -> Iterator[Simulator]:
    """A simulator the app reaches through the endpoint environment variables."""
    with Simulator(seed=5, n_orders=120, rate_scale=50.0) as s:
        for line in s.env_lines():
            name, value = line.split("=", 1)
            monkeypatch.setenv(name, value)
        yield s


def set_credentials(
    capsys: pytest.CaptureFixture[str], values: dict[str, str], names: tuple[str, ...] = NAMES
) -> None:
    for name in names:
        rc, out, err = run(["credentials", "set", name], capsys, stdin=values[name] + "\n")
        assert rc == 0, err
        assert values[name] not in out + err


def test_sync_then_orders_json(sim: Simulator, capsys: pytest.CaptureFixture[str]) -> None:
    set_credentials(capsys, sim.credentials)
    doc = run_json(["sync", "--json"], capsys)
    assert doc["schema"] == "amzdesk.sync/1"
    assert doc["ok"] is True and doc["work_ready"] is True
    amazon, makeshop = doc["sources"]["amazon"], doc["sources"]["makeshop"]
    assert amazon["configured"] and makeshop["configured"]
    assert amazon["orders_fetched"] == len(sim.world.amazon)
    assert amazon["history_complete"] and makeshop["history_complete"]
    assert amazon["calls"] >= 1 and amazon["errors"] == []
    assert doc["finished_at"].endswith("Z")

    orders = run_json(["orders", "--json"], capsys)
    assert orders["schema"] == "amzdesk.orders/1"
    rows = orders["orders"]
    n_shop = sum(1 for m in sim.world.makeshop.values() if not m.amazon_order_id)
    assert orders["count"] == len(rows) == len(sim.world.amazon) + n_shop
    by_key = {r["key"]: r for r in rows}
    for r in rows:
        assert set(r["actions"]) == {a.value for a in Action}
        for verdict in r["actions"].values():
            assert set(verdict) == {"allowed", "needs_input", "reason", "rule_id"}
            assert isinstance(verdict["allowed"], bool) and verdict["reason"]
        assert r["channel"] in ("shop", "amazon-mfn", "amazon-fba")
        assert r["state"] and r["state_label"]

    # an unshipped merchant-fulfilled order: both sides, confirm on Amazon available
    oid = sim.world.scenario(scenarios.MFN_UNSHIPPED)[0]
    mfn = by_key[f"az:{oid}"]
    assert mfn["channel"] == "amazon-mfn" and mfn["amazon_order_id"] == oid
    assert mfn["makeshop_order_number"] == sim.world.amazon[oid].display_order_number
    assert mfn["amazon_status"] == "UNSHIPPED" and mfn["makeshop_delivery_status"] == "N"
    assert mfn["latest_ship_date"].endswith("Z") and mfn["needs_action"] is True
    confirm = mfn["actions"]["confirm-amazon"]
    assert confirm["allowed"] or confirm["needs_input"]
    assert mfn["actions"]["return"]["allowed"] is False
    assert "R-C1" in mfn["actions"]["return"]["rule_id"]
    assert "R-H1" in mfn["actions"]["edit"]["rule_id"]

    # FBA: everything disabled with R-G1
    fid = sim.world.scenario(scenarios.FBA_SHIPPED)[0]
    fba = by_key[f"az:{fid}"]
    assert fba["channel"] == "amazon-fba"
    for action in ("confirm-amazon", "complete-makeshop", "return", "edit"):
        assert fba["actions"][action]["allowed"] is False
        assert "R-G1" in fba["actions"][action]["rule_id"]

    # shop order: not an Amazon order, 配送完了 in makeshop allowed or waiting for input
    shop_no = sim.world.scenario(scenarios.SHOP_UNPROCESSED)[0]
    shop = next(r for r in rows if r["makeshop_order_number"] == shop_no)
    assert shop["channel"] == "shop" and shop["amazon_order_id"] is None
    assert shop["key"].startswith("ms:")
    assert shop["actions"]["confirm-amazon"]["allowed"] is False
    complete = shop["actions"]["complete-makeshop"]
    assert complete["allowed"] or complete["needs_input"]

    # shipped order: carrier and tracking number are shown
    sid = sim.world.scenario(scenarios.MFN_SHIPPED)[0]
    assert by_key[f"az:{sid}"]["tracking_number"]

    # --needs-action keeps exactly the orders needing action
    needs = run_json(["orders", "--json", "--needs-action"], capsys)
    expected = {r["key"] for r in rows if r["needs_action"]}
    assert {r["key"] for r in needs["orders"]} == expected
    assert 0 < needs["count"] < orders["count"]

    # no secret anywhere in what the commands printed
    rc, out, err = run(["orders"], capsys)
    assert rc == 0 and oid in out
    for secret in sim.credentials.values():
        assert secret not in out + err


def test_text_sync_output(sim: Simulator, capsys: pytest.CaptureFixture[str]) -> None:
    set_credentials(capsys, sim.credentials)
    rc, out, err = run(["sync"], capsys)
    assert rc == 0, err
    assert "Amazon:" in out and "makeshop:" in out and "件取得" in out


def test_only_makeshop_configured(sim: Simulator, capsys: pytest.CaptureFixture[str]) -> None:
    set_credentials(capsys, sim.credentials, ("makeshop-token", "makeshop-api-key"))
    doc = run_json(["sync", "--json"], capsys)
    assert doc["sources"]["amazon"]["configured"] is False
    assert doc["sources"]["makeshop"]["orders_fetched"] > 0
    orders = run_json(["orders", "--json"], capsys)
    assert orders["count"] == len(sim.world.makeshop)
    assert all(r["amazon_status"] is None for r in orders["orders"])
    assert not [r for r in sim.requests if r.service == "spapi"]


def test_service_error_exits_1_with_japanese_message(
    sim: Simulator, capsys: pytest.CaptureFixture[str]
) -> None:
    creds = dict(sim.credentials)
    creds["lwa-client-secret"] = "amzn1.oa2-cs.v1.wrong-secret-value"
    set_credentials(capsys, creds)
    rc, out, err = run(["sync"], capsys)
    assert rc == 1
    assert "Amazon" in err and "認証" in err
    assert "Traceback" not in out + err
    assert "wrong-secret-value" not in out + err
    assert "makeshop:" in out  # the other side still synced


def test_nothing_configured_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    rc, _out, err = run(["sync"], capsys)
    assert rc == 1
    assert "設定されていません" in err and "Traceback" not in err


def test_unreachable_service_is_an_error_not_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("AMZDESK_MAKESHOP_ENDPOINT", f"http://127.0.0.1:{port}/v1/graphql")
    for name in ("makeshop-token", "makeshop-api-key"):
        assert run(["credentials", "set", name], capsys, stdin="value-123456\n")[0] == 0
    rc, out, err = run(["sync", "--json"], capsys)
    assert rc == 1
    doc = json.loads(out)
    (issue,) = doc["sources"]["makeshop"]["errors"]
    assert issue["kind"] and "makeshop" in issue["message"]
    assert "Traceback" not in err


def test_demo_orders(capsys: pytest.CaptureFixture[str]) -> None:
    doc = run_json(["--demo", "orders", "--json"], capsys)
    assert doc["count"] > 0
    assert {r["channel"] for r in doc["orders"]} == {"shop", "amazon-mfn", "amazon-fba"}


def test_sim_help_delegates(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = run(["sim", "--help"], capsys)
    assert rc == 0 and "--orders" in out
