"""Reliability: the user's last word wins, nothing lost across processes, every error a message.

Each test names the item of the reliability issue it keeps fixed; each failed on the code before
the fix (the repro in its docstring).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from amzdesk.services import Services, build_services
from amzdesk.settings import Settings
from amzdesk.sim import Simulator
from tests.cli_helpers import run_cli
from tests.sim_fixtures import running_simulator

YAMATO = "444413758703"
YAMATO2 = "405548424886"


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with running_simulator(n_orders=60) as s:
        yield s


@pytest.fixture
def svc(sim: Simulator, tmp_path: Path) -> Iterator[Services]:
    services = build_services(Settings(), None, demo=sim, store_path=tmp_path / "s.sqlite3")
    assert services.sync.run().ok
    yield services
    services.close()


def _unshipped_mfn(sim: Simulator) -> list[str]:
    def ok(ao: Any) -> bool:
        return (
            not ao.is_fba
            and ao.status == "UNSHIPPED"
            and ao.fixed_status is None
            and bool(ao.display_order_number)
        )

    return sorted(sim.world.find_amazon(ok))


# --- item 6 ------------------------------------------------------------------------------------


def test_export_from_a_label_file_works(sim: Simulator, svc: Services, tmp_path: Path) -> None:
    """``export-amazon-file OUT --from FILE`` crashed: Namespace has no attribute 'map'."""
    oid = _unshipped_mfn(sim)[0]
    csv = tmp_path / "labels.csv"
    csv.write_text(f"order,tracking,carrier\r\n{oid},{YAMATO},ヤマト運輸\r\n", encoding="utf-8")
    out = tmp_path / "amazon.txt"
    code, text, err = run_cli(
        svc,
        ["export-amazon-file", str(out), "--from", str(csv), "--format", "generic",
         "--map", "order=order", "--map", "tracking=tracking", "--map", "carrier=carrier"],
    )  # fmt: skip
    assert code == 0, err
    assert "1 件の注文" in text
    assert oid in out.read_text(encoding="cp932")


# --- item 10 -----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["99999999999999999999", "0", "-1", "x"])
def test_journal_limit_out_of_range_is_a_usage_error(value: str) -> None:
    """``journal --limit 99999999999999999999`` raised OverflowError."""
    import io

    from amzdesk.cli import main

    err = io.StringIO()
    code = main(["journal", "--limit", value], stdout=io.StringIO(), stderr=err)
    assert code == 2


# --- item 8: an empty or garbled store is an error with recovery advice, never a fresh start ---


def _cli(argv: list[str]) -> tuple[int, str, str]:
    import io

    from amzdesk.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _store_path() -> Path:
    from amzdesk import paths
    from amzdesk.store import DB_FILE_NAME

    return paths.data_dir() / DB_FILE_NAME


def test_a_zero_byte_store_is_refused_with_recovery_advice() -> None:
    """A 0-byte database was silently treated as new: journal and intents gone, exit 0."""
    path = _store_path()
    path.write_bytes(b"")
    code, _out, err = _cli(["journal"])
    assert code == 1
    assert "空です" in err and str(path) in err and "Traceback" not in err
    assert path.stat().st_size == 0  # left as it was, for whoever recovers it


def _filled_store(path: Path, n: int = 400) -> None:
    from amzdesk.store import Store
    from tests.factories import make_mfn_order

    with Store(path) as store:
        store.upsert_orders([make_mfn_order() for _ in range(n)])
        store.journal_intent("az:x", "confirm-amazon", "amazon", "1", {"trackingNumber": "1"})


def test_a_store_garbled_mid_file_is_an_error_with_advice_and_the_backup_path() -> None:
    """``orders`` on a store garbled mid-file failed with a bare OperationalError."""
    from amzdesk.store import Store

    path = _store_path()
    _filled_store(path)
    with Store(path) as store:
        assert store.backup(max_age_s=0) == store.backup_path
    data = bytearray(path.read_bytes())
    assert len(data) > 40_000
    for page in range(2, len(data) // 4096):
        data[page * 4096 : page * 4096 + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))
    for argv in (["orders"], ["journal"], ["orders", "--json"]):
        code, _out, err = _cli(argv)
        assert code == 1, argv
        assert "Traceback" not in err and "OperationalError:" not in err
        assert "壊れています" in err
        assert str(path.with_name(path.name + ".bak")) in err  # where the good copy is


def test_an_existing_store_without_tables_is_not_a_fresh_start(tmp_path: Path) -> None:
    import sqlite3

    from amzdesk.store import Store, StoreError

    path = tmp_path / "empty.sqlite3"
    sqlite3.connect(path).execute("PRAGMA journal_mode=WAL").fetchone()
    with pytest.raises(StoreError, match="中身がありません"):
        Store(path)


# --- item 9: disk full after a successful send ----------------------------------------------


def test_a_send_whose_outcome_cannot_be_recorded_is_unknown_and_settled_later(
    sim: Simulator, svc: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Disk full after Amazon accepted: reported as a failure, the entry left as an intent."""
    from amzdesk.store import StoreError

    oid = _unshipped_mfn(sim)[0]
    store = svc.store
    real = store.journal_outcome

    def disk_full(entry_id: int, state: str, **kw: Any) -> None:
        raise StoreError(
            "注文データのファイルに書き込めませんでした（ディスクの空きを確認してください）"
        )

    monkeypatch.setattr(store, "journal_outcome", disk_full)
    result = svc.workflow.confirm(oid, "ヤマト運輸", [YAMATO])
    assert result.state == "unknown"
    assert "受け付けた可能性" in result.message and "二重には送りません" in result.message
    assert len([r for r in sim.requests if r.operation == "confirmShipment"]) == 1
    monkeypatch.setattr(store, "journal_outcome", real)  # space is back
    settled = svc.workflow.resolve_unknown()
    assert [r.state for r in settled] == ["done"]
    assert not settled[0].resent
    assert len([r for r in sim.requests if r.operation == "confirmShipment"]) == 1


# --- item 10: every error the user can cause has its message; no traceback on stderr ---------


def test_a_deeply_nested_settings_file_does_not_break_every_command() -> None:
    from amzdesk.settings import default_settings_path, load_settings

    path = default_settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"language": "ja", "x": ' + "[" * 100_000 + "]" * 100_000 + "}")
    load_settings()  # corrupt: defaults, a copy kept
    path.write_text('{"language": "en", "x": ' + "[" * 500 + "]" * 500 + "}")
    assert load_settings().language == "en"  # the deep extra value is dropped, the rest kept
    code, _out, err = _cli(["carriers"])
    assert code == 0, err


def test_an_endpoint_error_is_its_message_not_an_unexpected_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AMZDESK_SPAPI_ENDPOINT", "http://evil.example.com")
    code, _out, err = _cli(["sync"])
    assert code == 1
    assert "予期しない" not in err and "Traceback" not in err
    assert err.count("\n") <= 2


def test_an_unexpected_error_is_one_line_with_the_log_path(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    from amzdesk import cli
    from amzdesk.cli import orders
    from amzdesk.logsetup import shutdown_logging

    def boom(args: Any, ctx: Any) -> int:
        raise ZeroDivisionError("deep inside")

    monkeypatch.setattr(orders, "_cmd_carriers", boom)
    try:
        code = cli.main(["carriers"])
    finally:
        shutdown_logging()
    captured = capfd.readouterr()
    assert code == 1
    assert "Traceback" not in captured.err
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert len(lines) == 1 and "amzdesk.log" in lines[0], captured.err


def test_piping_into_head_is_quiet(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    cmd = f"{sys.executable} {root / 'main.py'} carriers | head -n 1"
    done = subprocess.run(
        ["sh", "-c", cmd], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.strip()
    assert "BrokenPipe" not in done.stderr and "Traceback" not in done.stderr, done.stderr


# --- item 11: files ----------------------------------------------------------------------------


def test_the_log_file_is_owner_only(tmp_path: Path) -> None:
    import os
    import stat

    from amzdesk.logsetup import configure_logging, shutdown_logging

    old = os.umask(0o022)
    try:
        log_file = configure_logging(tmp_path / "logs")
        import logging

        logging.getLogger("amzdesk.test").warning("hello")
    finally:
        shutdown_logging()
        os.umask(old)
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600


@pytest.mark.parametrize("kind", ["fifo", "device", "huge"])
def test_file_inputs_are_read_with_a_bound(tmp_path: Path, kind: str) -> None:
    """``/dev/zero`` as a CSV: MemoryError; a FIFO: the app hangs; 200 MB settings read whole."""
    import os

    from amzdesk.importers import LabelImportError, read_label_csv
    from amzdesk.settings import Settings, load_settings

    if kind == "fifo":
        path = tmp_path / "pipe.csv"
        os.mkfifo(path)
    elif kind == "device":
        path = Path("/dev/zero")
    else:
        path = tmp_path / "huge.csv"
        with open(path, "wb") as fh:
            fh.truncate(200 * 1024 * 1024)  # sparse: 200 MB that cost no disk
    with pytest.raises(LabelImportError) as info:
        read_label_csv(path)
    assert info.value.message
    assert load_settings(path) == Settings()  # the settings loader is bounded too


# --- item 3: the corrected number wins over the journaled one --------------------------------


def _amazon_numbers(sim: Simulator, oid: str) -> list[str]:
    order = sim.world.amazon_order(oid)
    return sorted(p.tracking_number for p in order.packages)


@pytest.mark.parametrize("applied", [False, True])
def test_the_users_latest_number_wins_after_an_unknown_outcome(
    sim: Simulator, svc: Services, applied: bool
) -> None:
    """``confirm … --tracking 691000000003`` during a dropped answer, then the same order with
    ``691000000014``: the old request was re-sent, the new refused; Amazon showed …003."""
    oid = _unshipped_mfn(sim)[0]
    sim.faults.drop(scope="confirmShipment", after_apply=applied)
    code, out, err = run_cli(
        svc, ["confirm", oid, "--carrier", "クロネコヤマト", "--tracking", YAMATO]
    )
    assert code == 1
    assert "優先" in out + err  # the message says what will actually happen
    code, out, err = run_cli(
        svc, ["confirm", oid, "--carrier", "クロネコヤマト", "--tracking", YAMATO2]
    )
    assert code == 0, out + err
    assert _amazon_numbers(sim, oid) == [YAMATO2]
    states = [e.state for e in svc.store.journal_entries(f"az:{oid}")]
    assert "intent" not in states and "unknown" not in states
    if applied:  # sent as a correction of the same package
        refs = {d.package_reference_id for d in sim.world.confirmations(oid)}
        assert len(refs) == 1


# --- item 7: several processes on one data folder --------------------------------------------


def test_check_and_intent_are_one_step(tmp_path: Path) -> None:
    """Two stores on one file both passed the journal check before either wrote its intent."""
    from amzdesk.store import JournalConflict, Store

    path = tmp_path / "shared.sqlite3"
    a, b = Store(path), Store(path)
    try:
        req = {"packageDetail": {"trackingNumber": YAMATO}}
        a.journal_intent("az:1", "confirm-amazon", "amazon", "42", req, exclusive=True)
        with pytest.raises(JournalConflict) as info:
            b.journal_intent("az:1", "confirm-amazon", "amazon", "42", req, exclusive=True)
        assert info.value.kind == "pending"
    finally:
        a.close()
        b.close()


def test_another_process_holding_the_sender_lock_gets_a_clear_message(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    from amzdesk.proclock import SenderBusy, SenderLock

    lock_path = tmp_path / "amzdesk.sqlite3.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys,time; from amzdesk.proclock import SenderLock\n"
         f"l=SenderLock({str(lock_path)!r})\n"
         "with l.hold():\n print('held', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        mine = SenderLock(lock_path)
        with pytest.raises(SenderBusy) as info, mine.hold(wait=0.3):
            pass
        assert "別の amzdesk" in SenderBusy.user_message
        assert info.value is not None
        holder.kill()  # the OS drops a dead process's lock
        holder.wait(timeout=10)
        start = time.monotonic()
        with mine.hold(wait=5):
            assert mine.held
        assert time.monotonic() - start < 5
    finally:
        holder.kill()
        holder.wait(timeout=10)
        if holder.stdout is not None:
            holder.stdout.close()


def test_two_processes_on_one_data_folder_send_each_package_once(tmp_path: Path) -> None:
    """Two command lines confirming the same 50 orders at once: 2 of 50 were sent twice, one
    settled the other's in-flight entry and reported a false failure, and both hit 429s."""
    import subprocess
    import sys

    from amzdesk.shipment import package_reference_id
    from tests.test_kill_restart import CHILD, RATE_SCALE, ROOT, _child_env, _mod7, _write_csv

    with running_simulator(n_orders=60, rate_scale=RATE_SCALE, time_scale=0.0) as sim:
        ids = sim.world.add_unshipped_copies(50, prefix=9)
        numbers = {oid: _mod7(30_000_000_000 + i) for i, oid in enumerate(ids)}
        csv = tmp_path / "labels.csv"
        _write_csv(csv, list(numbers.items()))
        store_path = tmp_path / "desk.sqlite3"
        services = build_services(Settings(), None, demo=sim, store_path=store_path)
        assert services.sync.run().ok
        services.close()
        env = _child_env(sim, store_path, csv, tmp_path)
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", CHILD],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for _ in range(2)
        ]
        outs = [p.communicate(timeout=120) for p in procs]
        for p, (out, err) in zip(procs, outs, strict=True):
            assert p.returncode == 0, (out.decode(), err.decode()[-2000:])
            assert b"Traceback" not in err
        for oid, number in numbers.items():
            calls = sim.world.confirmation_calls(oid)
            assert len(calls) == 1, oid  # never twice, not even as an edit
            [pkg] = sim.world.confirmations(oid)
            assert pkg.package_reference_id == package_reference_id(oid, number)
        assert not [r for r in sim.requests if getattr(r, "status", 0) == 429]


# --- item 5: the same tracking number on several orders -------------------------------------


def test_a_number_on_two_orders_in_one_file_is_flagged_and_sent_only_when_chosen(
    sim: Simulator, svc: Services, tmp_path: Path
) -> None:
    """The same number on two orders of one CSV was sent to both without a word."""
    a, b = _unshipped_mfn(sim)[:2]
    csv = tmp_path / "labels.csv"
    csv.write_text(
        f"order,tracking,carrier\r\n{a},{YAMATO},クロネコヤマト\r\n{b},{YAMATO},クロネコヤマト\r\n",
        encoding="utf-8",
    )
    base = ["import-tracking", str(csv), "--format", "generic", "--map", "order=order",
            "--map", "tracking=tracking", "--map", "carrier=carrier"]  # fmt: skip
    code, out, _err = run_cli(svc, [*base, "--json"])
    import json

    doc = json.loads(out)
    assert [r["status"] for r in doc["rows"]] == ["shared", "shared"]
    assert all(a in r["reason"] or b in r["reason"] for r in doc["rows"])
    assert doc["results"] == []
    assert not [r for r in sim.requests if r.operation == "confirmShipment"]
    code, out, err = run_cli(svc, [*base, "--shared-parcel"])
    assert code == 0, out + err
    assert _amazon_numbers(sim, a) == [YAMATO] and _amazon_numbers(sim, b) == [YAMATO]


def test_a_number_already_sent_for_another_order_needs_an_explicit_choice(
    sim: Simulator, svc: Services
) -> None:
    """Single confirms: the second order got the first order's number silently."""
    a, b = _unshipped_mfn(sim)[:2]
    assert run_cli(svc, ["confirm", a, "--carrier", "クロネコヤマト", "--tracking", YAMATO])[0] == 0
    code, _out, err = run_cli(
        svc, ["confirm", b, "--carrier", "クロネコヤマト", "--tracking", YAMATO]
    )
    assert code == 1 and a in err and "--shared-parcel" in err
    assert _amazon_numbers(sim, b) == []
    result = svc.workflow.confirm(b, "クロネコヤマト", [YAMATO])
    assert result.state == "refused" and result.shared_with == (a,)
    code, out, err = run_cli(
        svc,
        ["confirm", b, "--carrier", "クロネコヤマト", "--tracking", YAMATO, "--shared-parcel"],
    )
    assert code == 0, out + err
    assert _amazon_numbers(sim, b) == [YAMATO]


# --- item 12: input strictness -------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("https://sellercentral.amazon.co.jp/orders/{oid}","{oid}")',
        "1{oid}",
        "{oid}9",
        "注文 {oid} の分",
    ],
)
def test_an_order_id_counts_only_as_the_whole_cell(
    sim: Simulator, svc: Services, tmp_path: Path, cell: str
) -> None:
    oid = _unshipped_mfn(sim)[0]
    csv = tmp_path / "labels.csv"
    value = cell.format(oid=oid).replace('"', '""')
    csv.write_text(
        f'order,tracking,carrier\r\n"{value}",{YAMATO},クロネコヤマト\r\n', encoding="utf-8"
    )
    from amzdesk.importers import ReviewStatus, read_label_csv, review

    rows = review(
        read_label_csv(csv, "generic", {"order": "order", "tracking": "tracking",
                                        "carrier": "carrier"}),
        svc.store,
    )  # fmt: skip
    assert [r.status for r in rows] == [ReviewStatus.UNMATCHED]


def test_invisible_characters_are_named_in_the_reason() -> None:
    from amzdesk.tracking import validate

    reason = validate("4444\u200b13758703", "mod7-12").reason
    assert "U+200B（ゼロ幅スペース）" in reason


def test_a_ship_date_of_1970_is_refused_not_replaced(sim: Simulator, svc: Services) -> None:
    oid = _unshipped_mfn(sim)[0]
    code, _out, err = run_cli(
        svc,
        ["confirm", oid, "--carrier", "クロネコヤマト", "--tracking", YAMATO,
         "--ship-date", "1970-01-01"],
    )  # fmt: skip
    assert code == 1 and "1970-01-01" in err
    assert _amazon_numbers(sim, oid) == []


# --- the post-suite leak scan can see a leak --------------------------------------------------


def test_the_leak_scan_finds_a_planted_secret_and_personal_datum(tmp_path: Path) -> None:
    from amzdesk.sim.seed import PII_PHONE
    from tests.conftest import leak_scan

    (tmp_path / "clean.sqlite3").write_bytes(b"SQLite format 3\x00 nothing here")
    assert leak_scan([tmp_path]) == []
    planted = tmp_path / "amzdesk.log"
    planted.write_text(f"token Atza|abc phone {PII_PHONE}", encoding="utf-8")
    try:
        hits = leak_scan([tmp_path])
    finally:
        planted.unlink()  # the session's own scan must not count this planted leak
    assert len(hits) == 2 and all("amzdesk.log" in h for h in hits)
