"""Issue 10, English mode: the sentences ``amzdesk/`` builds at run time (error messages, the sync
summary, connection-test diagnoses, tray and banner alerts, journal results) are messages with
IDs and parameters, have their English, and stored journal results are re-rendered.

* Every text a run-time path produces is a :class:`Msg` (or a fixed label translated under the
  ``amzdesk`` context); its English has no Japanese left except the names and service texts it
  quotes; no rule IDs or API field names in either language.
* A converted module has no Japanese string literal outside its ``define()`` templates.
* Amazon's English error texts get a Japanese explanation beside them, the original kept.
* Journal results are stored as message ID + parameters; old plain rows still read.
"""

from __future__ import annotations

import ast
import re
import sqlite3
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from amzdesk import doctor, errors, sync
from amzdesk.errors import (
    AuthError,
    BadResponse,
    Cancelled,
    InvalidInput,
    MakeshopItemError,
    NetworkError,
    NotFound,
    OutcomeUnknown,
    QuotaExceeded,
    ServerError,
    ServiceError,
)
from amzdesk.insights.alerts import DUE_SOON, OVERDUE, UNREFLECTED, AlertTracker, TrayStatus
from amzdesk.makeshop import MakeshopNotApproved, MakeshopRefused
from amzdesk.messages import STORED_PREFIX, Msg, from_stored, to_stored, ts_lookup
from amzdesk.proclock import SenderBusy
from amzdesk.store import Store
from tests.factories import NOW, make_item, make_mfn_order

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "amzdesk_en.ts"
EN = ts_lookup(TS)
RULE_ID = re.compile(r"R-[A-H][0-9]")
API_NAMES = re.compile(
    r"carrierCode|carrierName|trackingNumber|packageReferenceId|orderItemId|shipDate|"
    r"deliveryStatus|paymentStatus|deliveryCompanyCode|confirm-amazon|complete-makeshop|"
    r"correct-tracking|FulfillmentStatus|PARTIALLY_SHIPPED"
)
JAPANESE = re.compile(r"[ぁ-んァ-ヶ一-龥]")

# Modules whose every owner-facing sentence is a message (Japanese only in define() templates,
# in fixed labels translated under the ``amzdesk`` context, or in the exceptions listed).
CONVERTED = {
    "amzdesk/errors.py": {"[ぁ-んァ-ヶ一-龥]"},  # the pattern that tells Japanese service texts
    "amzdesk/sync.py": set(),
    "amzdesk/doctor.py": set(),
    "amzdesk/insights/alerts.py": set(),
    "amzdesk/importers.py": set(),
    "amzdesk/tracking.py": set(),
    "amzdesk/fileio.py": set(),
    "amzdesk/makeshop.py": set(),
    "amzdesk/proclock.py": set(),
    "amzdesk/insights/health.py": set(),
    "amzdesk/endpoints.py": set(),
    "amzdesk/flatfile.py": set(),
    "amzdesk/credentials.py": set(),
    "amzdesk/insights/hazards.py": set(),
    "amzdesk/recognition.py": set(),
    "amzdesk/settings.py": set(),
    "amzdesk/store/connection.py": set(),
    "amzdesk/shipment/core.py": set(),
    "amzdesk/shipment/export.py": set(),
    "amzdesk/shipment/planner.py": set(),
    "amzdesk/shipment/reconciliation.py": set(),
    "amzdesk/shipment/results.py": set(),
    "amzdesk/shipment/returns.py": set(),
    "amzdesk/shipment/workflow.py": set(),
}
# What reads as a sentence (not a column name, a carrier's name or a date pattern)
SENTENCE = re.compile(r"。|です|ます|ません|ください|ました|行目|件|：|: ")


# --- the texts of each run-time path ------------------------------------------------------------

SERVICE_TEXTS = ["Invalid Input", "Order 503-0000000-0000000 was not found.", "既に配送完了です"]


def _error_texts() -> list[str]:
    out: list[str] = []
    classes: list[type[ServiceError]] = [
        ServiceError,
        AuthError,
        QuotaExceeded,
        ServerError,
        InvalidInput,
        NotFound,
        NetworkError,
        OutcomeUnknown,
        BadResponse,
    ]
    for cls in classes:
        for service in (errors.AMAZON, errors.LWA, errors.MAKESHOP):
            for text in ["", *SERVICE_TEXTS]:
                for status in (None, 400, 403, 429, 503):
                    out.append(cls(text, service=service, status=status).user_message)
    out.append(QuotaExceeded("x", retry_after=42).user_message)
    for code in sorted(errors.SILENT_CODES | {errors.TOO_LARGE_CODE, "ConnectError"}):
        out.append(NetworkError("", code=code).user_message)
    for code in ("InvalidInput", "Unauthorized", "QuotaExceeded", "NotFound", "invalid_grant"):
        out.append(ServiceError("Some English text", code=code).user_message)
    out += [
        MakeshopItemError("", display_order_number="10001").user_message,
        MakeshopItemError("Delivery already completed", display_order_number="").user_message,
        Cancelled().user_message,
        MakeshopRefused("", refused=["slipNumber"]).user_message,
        MakeshopRefused("Unknown argument").user_message,
        MakeshopRefused("").user_message,
        MakeshopNotApproved("", api_label="注文の検索").user_message,
        MakeshopNotApproved("").user_message,
        SenderBusy.user_message,
        errors.describe(OSError(2, "No such file or directory")),
        errors.describe(OSError()),
        errors.describe(ValueError("boom")),
    ]
    return out


def _sync_texts() -> list[str]:
    out: list[str] = []
    report = sync.SyncReport(started=NOW)
    out.append(report.summary())  # nothing configured
    report.amazon.configured = report.makeshop.configured = True
    report.amazon.orders_fetched, report.amazon.orders_changed = 120, 7
    out.append(report.summary())
    for status in (401, 429, 503, 400, None):
        exc: Exception = (
            ServerError("Service Unavailable", status=status)
            if status
            else OSError("connection reset")
        )
        issue = sync._issue_from(exc, sync.AMAZON, sync.SyncPhase.AMAZON_WORK)
        out.append(issue.message)
        report.makeshop.errors = [issue]
        out.append(report.summary())
    for exc in (ValueError("x"), RuntimeError("x"), TimeoutError()):
        out.append(sync._issue_from(exc, sync.MAKESHOP, sync.SyncPhase.MAKESHOP_WORK).message)
    report.cancelled = True
    out.append(report.summary())
    return out


def _doctor_texts() -> list[str]:
    out: list[str] = []
    failures: list[BaseException] = [
        AuthError("Access to requested resource is denied.", service=errors.AMAZON, status=403),
        AuthError("invalid_grant", service=errors.LWA, code="invalid_grant"),
        AuthError("", service=errors.MAKESHOP, code="FORBIDDEN"),
        AuthError("", service=errors.MAKESHOP, code="UNAUTHENTICATED"),
        InvalidInput("Invalid Input", code="InvalidInput", status=400),
        InvalidInput("Marketplace ID is not defined", code="InvalidInput", status=400),
        QuotaExceeded("", status=429),
        ServerError("", status=500),
        BadResponse(""),
        NetworkError("", code="ReadTimeout"),
        NetworkError("", code="SSLError"),
        NetworkError("", code="ConnectError"),
        RuntimeError("x"),
    ]
    for exc in failures:
        for service in ("amazon", "makeshop"):
            for skew in (None, 900.0):
                out.append(doctor.diagnose(exc, service, skew)[1])
    out += [doctor.M("missing_amazon"), doctor.M("missing_makeshop"), doctor.M("not_configured")]
    return out


def _alert_texts() -> list[str]:
    out: list[str] = [TrayStatus(1, 2).tooltip, TrayStatus(1, 2, 3).tooltip]
    tracker = AlertTracker(clock=lambda: NOW)
    order = make_mfn_order()
    for kind, detail in ((OVERDUE, "12/01 18:00"), (DUE_SOON, "12/01 18:00"), (UNREFLECTED, "")):
        for alert in (
            tracker._single(kind, order, detail or "amazon", NOW),
            tracker._single(kind, order, detail or "makeshop", NOW),
            tracker._group(kind, [(order, detail)] * 6, NOW),
        ):
            out += [alert.title, alert.message]
    return out


AMZ = "503-1000000-0000001"
AMZ2 = "503-1000000-0000002"
B2_HEAD = "お客様管理番号,送り状種類,伝票番号,出荷予定日\n"


def _import_texts(tmp_path: Path) -> list[str]:
    from amzdesk import importers
    from amzdesk.importers import LabelImportError, parse_label_bytes, review

    out: list[str] = []
    bad_files: list[tuple[bytes, str, dict[str, str] | None]] = [
        (b"", "auto", None),
        (b"PK\x03\x04\x00\x00binary", "auto", None),
        ("お客様管理番号,伝票番号\n".encode("utf-16"), "auto", None),
        (b"\x81\x20\xff\xfe\xfd,abc\n", "auto", None),
        ("名前,住所\n試験,東京\n".encode(), "auto", None),
        ('お客様管理番号,送り状種類,伝票番号\n"abc,0,1\n'.encode(), "auto", None),
        ("お客様管理番号,伝票番号\n1,2\n".encode(), "b2", None),
        ("注文,番号\n1,2\n".encode(), "generic", None),
        ("注文,番号\n1,2\n".encode(), "generic", {"order": "注文", "tracking": "追跡"}),
        (b"a,b\n", "nonsense", None),
    ]
    for data, fmt, mapping in bad_files:
        with pytest.raises(LabelImportError) as exc:
            parse_label_bytes(data, fmt, mapping)
        out.append(exc.value.message)
    for name in ("missing.csv",):
        with pytest.raises(LabelImportError) as exc:
            importers.read_label_csv(tmp_path / name)
        out.append(exc.value.message)
    with pytest.raises(LabelImportError) as exc:
        importers.read_label_csv(tmp_path)  # a folder
    out.append(exc.value.message)
    rows = (
        f"{AMZ},0,,2025/06/02\n"
        f",0,444413758703,2025/06/02\n"
        f"{AMZ},0,444413758703,来週\n"
        f"{AMZ},0,444413758703,2025/06/02\n"
        f"{AMZ},0,444413758703,2025/06/02\n"
        f"{AMZ2},0,444413758714,2025/06/02\n"
        f"{AMZ2},7,444413758725,2025/06/02\n"
        f"503-9999999-9999999,0,444413758736,2025/06/02\n"
        f"503-1000000-0000003,0,444413758703,2025/06/02\n"
        f"503-1000000-0000004,0,4444-1375,2025/06/02\n"
        f"503-1000000-0000005,0,444413758740,2025/06/02\n"
        f"503-1000000-0000005,0,444413758751,2025/06/02\n"
    )
    result = parse_label_bytes((B2_HEAD + rows).encode())
    out += [e.message for e in result.errors]
    generic = "注文,番号,日付\n" + f"{AMZ},444413758703,あした\n" + f"{AMZ2},,2025/06/02\n"
    g = parse_label_bytes(
        generic.encode(), "generic", {"order": "注文", "tracking": "番号", "ship_date": "日付"}
    )
    out += [e.message for e in g.errors]
    g2 = parse_label_bytes(
        f"注文,番号\n{AMZ},444413758703\n".encode(),
        "generic",
        {"order": "注文", "tracking": "番号"},
    )
    out += [e.message for e in g2.errors]
    store = Store(tmp_path / "s.sqlite3", clock=lambda: NOW)
    try:
        store.upsert_orders(
            [
                make_mfn_order(AMZ),
                make_mfn_order(AMZ2),
                make_mfn_order("503-1000000-0000003"),
                make_mfn_order("503-1000000-0000004"),
                make_mfn_order("503-1000000-0000005", items=(make_item(1), make_item(2))),
            ]
        )
        reviewed = review(result, store, now=NOW)
    finally:
        store.close()
    out += [r.reason for r in reviewed]
    assert {r.status.value for r in reviewed} >= {
        "matched",
        "shared",
        "duplicate",
        "unmatched",
        "invalid",
        "not-allowed",
    }
    return out


def _tracking_texts() -> list[str]:
    from amzdesk.tracking import FORMATS, validate

    out: list[str] = []
    for fmt in FORMATS:
        for raw in (
            "",
            "12345",
            "4444\u200b1375",
            "ABC-12",
            "EG12345678JP",
            "x" * 40,
            "4444 1375 8704",
        ):
            check = validate(raw, fmt)
            out += [t for t in (check.reason, check.warning) if t]
    return out


RUNTIME = {
    "tracking": _tracking_texts(),
    "errors": _error_texts(),
    "sync": _sync_texts(),
    "doctor": _doctor_texts(),
    "alerts": _alert_texts(),
}


def _quoted(text: str) -> set[str]:
    """The plain parameter values of a Msg (names, numbers, a service's own words)."""
    if not isinstance(text, Msg):
        return set()
    out: set[str] = set()
    for v in text.params.values():
        if isinstance(v, Msg):
            out |= _quoted(v)
        elif isinstance(v, (list, tuple)):
            for x in v:
                out |= _quoted(x) if isinstance(x, Msg) else {str(x)}
        else:
            out.add(str(v))
    return out


@pytest.mark.parametrize("path", sorted(RUNTIME))
def test_every_runtime_text_is_a_message_with_english(path: str) -> None:
    texts = RUNTIME[path]
    assert len(texts) >= 10
    not_msgs = [t for t in texts if t and not isinstance(t, Msg)]
    assert not not_msgs, not_msgs
    bad = []
    for text in texts:
        assert isinstance(text, Msg)
        en = text.render(EN)
        assert en != str(text), text.id  # rendered from the English catalogue
        rest = en
        for name in sorted(_quoted(text), key=len, reverse=True):
            rest = rest.replace(name, "")
        if JAPANESE.search(rest):
            bad.append((text.id, en))
    assert not bad


def _check_english(texts: list[str]) -> None:
    not_msgs = [t for t in texts if t and not isinstance(t, Msg)]
    assert not not_msgs, not_msgs
    bad = []
    for text in texts:
        assert isinstance(text, Msg)
        en = text.render(EN)
        rest = en
        for name in sorted(_quoted(text), key=len, reverse=True):
            rest = rest.replace(name, "")
        if JAPANESE.search(rest) or en == str(text):
            bad.append((text.id, en))
        for rendered in (str(text), en):
            assert not RULE_ID.search(rendered) and not API_NAMES.search(rendered), rendered
    assert not bad


def test_import_reasons_are_messages_with_english(tmp_path: Path) -> None:
    texts = _import_texts(tmp_path)
    assert len(texts) >= 25
    _check_english(texts)


@pytest.mark.parametrize("path", sorted(RUNTIME))
def test_no_rule_ids_or_api_names_in_runtime_texts(path: str) -> None:
    for text in RUNTIME[path]:
        for rendered in (str(text), text.render(EN) if isinstance(text, Msg) else text):
            assert not RULE_ID.search(rendered), rendered
            # a service's own words are quoted as they are (they may name its fields)
            own = "".join(sorted(_quoted(text) & set(SERVICE_TEXTS)))
            assert not API_NAMES.search(rendered.replace(own, "")), rendered


def _fixed_labels() -> set[str]:
    sys.path.insert(0, str(ROOT / "resources" / "i18n"))
    import update_translations

    return set(update_translations.amzdesk_texts())


def _japanese_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
        ):
            skip.add(id(body[0].value))  # docstrings
        func = getattr(node, "func", None)
        if isinstance(node, ast.Call) and getattr(func, "attr", getattr(func, "id", "")) in (
            "define",
        ):
            skip |= {id(sub) for sub in ast.walk(node)}  # the Japanese templates
    return [
        (n.lineno, n.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant)
        and isinstance(n.value, str)
        and id(n) not in skip
        and JAPANESE.search(n.value)
    ]


@pytest.mark.parametrize("module", sorted(CONVERTED))
def test_converted_modules_build_no_japanese_sentence_outside_messages(module: str) -> None:
    fixed = _fixed_labels()
    left = [
        (line, text)
        for line, text in _japanese_literals(ROOT / module)
        if SENTENCE.search(text) and text not in fixed and text not in CONVERTED[module]
    ]
    assert not left, f"{module}: Japanese text outside define(): {left}"


# --- Amazon's English inside Japanese sentences --------------------------------------------------


def test_amazon_english_error_gets_a_japanese_explanation_and_keeps_the_original() -> None:
    err = InvalidInput("Invalid Input", code="InvalidInput", status=400)
    ja = err.user_message
    assert "送った内容に受け付けられない値があります" in ja
    assert "Amazon の原文: Invalid Input" in ja
    en = ja.render(EN)
    assert "something sent has a value the service does not accept" in en
    assert "Invalid Input" in en and not JAPANESE.search(en.replace("Invalid Input", ""))
    quota = ServiceError("You exceeded your quota", code="QuotaExceeded", status=429)
    assert "短い時間に問い合わせが多すぎました" in quota.user_message
    denied = AuthError("Access denied", code="Unauthorized", status=403)
    assert "このアプリにはこの操作の権限がありません" in denied.user_message
    missing = ServiceError("Order 503-1 was not found.", code="NotFound", status=404)
    assert "指定した注文などが見つかりません" in missing.user_message
    # an unknown code is explained by the kind of error
    odd = InvalidInput("Something odd", code="SomethingNew", status=400)
    assert "送った内容に受け付けられない値があります" in odd.user_message
    # makeshop's Japanese text needs no explanation
    item = MakeshopItemError("既に配送完了です", display_order_number="10001")
    assert "既に配送完了です" in item.user_message and "原文" not in item.user_message


def test_doctor_field_refusal_explains_amazons_text() -> None:
    exc = InvalidInput("Invalid Input", code="InvalidInput", status=400)
    kind, text = doctor.diagnose(exc, "amazon")
    assert kind == "field-refused"
    assert "送った内容に受け付けられない値があります" in text and "Invalid Input" in text


# --- journal results stored as message ID + parameters ------------------------------------------


def test_stored_message_round_trip_and_fallbacks() -> None:
    m = errors.M("input_said", service="Amazon", said=errors.said("Amazon", "Invalid Input"))
    stored = to_stored(m)
    assert stored.startswith(STORED_PREFIX)
    back = from_stored(stored)
    assert isinstance(back, Msg) and back == m and back.render(EN) == m.render(EN)
    assert from_stored("makeshop で配送完了にしました") == "makeshop で配送完了にしました"
    gone = stored.replace('"errors.input_said"', '"errors.no_longer_defined"')
    assert from_stored(gone) == str(m)  # an unknown message reads as its stored Japanese
    assert from_stored(STORED_PREFIX + "{not json") == STORED_PREFIX + "{not json"
    assert to_stored("plain") == "plain"


def test_journal_results_render_in_the_language_of_the_reader(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    store = Store(path, clock=lambda: NOW)
    order = make_mfn_order()
    try:
        store.upsert_orders([order])
        failed = store.journal_intent(order.key, "confirm-amazon", "amazon", "p1", {})
        store.journal_outcome(
            failed,
            "failed",
            error=InvalidInput("Invalid Input", code="InvalidInput", status=400).user_message,
        )
        done = store.journal_intent(order.key, "confirm-amazon", "amazon", "p2", {})
        store.journal_outcome(done, "done", result=sync.M("cancelled"))
        entries = {e.id: e for e in store.journal_entries()}
        err = entries[failed].error
        assert isinstance(err, Msg) and "Amazon が入力内容を受け付けませんでした" in err
        assert err.render(EN).startswith("Amazon did not accept the input")
        assert entries[done].result == "中止しました"
        assert entries[done].result.render(EN) == "Cancelled"  # type: ignore[attr-defined]
        history = store.journal_history(failed)
        assert isinstance(history[-1][2], Msg)
    finally:
        store.close()
    # what is on disk is the ID and parameters, not a sentence in one language
    with sqlite3.connect(path) as conn:
        raw = [r[0] for r in conn.execute("SELECT error FROM journal_outcome WHERE error != ''")]
    assert raw and all(r.startswith(STORED_PREFIX) and "errors.input_said" in r for r in raw)


def test_old_plain_journal_rows_still_read(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3", clock=lambda: NOW)
    order = make_mfn_order()
    try:
        store.upsert_orders([order])
        entry = store.journal_intent(order.key, "confirm-amazon", "amazon", "p1", {})
        store.journal_outcome(entry, "done", result="Amazon が出荷通知を受け付けました")
        got = store.journal_entries()[0]
        assert got.result == "Amazon が出荷通知を受け付けました" and not isinstance(got.result, Msg)
    finally:
        store.close()


def test_a_message_too_long_to_store_keeps_its_japanese(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3", clock=lambda: NOW - timedelta(minutes=1))
    order = make_mfn_order()
    long_text = "x" * 5000
    try:
        store.upsert_orders([order])
        entry = store.journal_intent(order.key, "confirm-amazon", "amazon", "p1", {})
        store.journal_outcome(
            entry, "failed", error=sync.M("from_source", service="Amazon", message=long_text)
        )
        got: Any = store.journal_entries()[0].error
        assert got.startswith("Amazon: xxx") and not got.startswith(STORED_PREFIX)
    finally:
        store.close()


def test_shipment_refusals_and_results_are_messages_without_rule_ids() -> None:
    from datetime import date

    from amzdesk.shipment import plan_correction, plan_shipment
    from amzdesk.shipment.planner import Refusal
    from amzdesk.shipment.results import PackageOutcome, not_found, summarise

    order = make_mfn_order()
    texts: list[str] = []
    for kwargs in (
        {"via": "nowhere"},
        {"ship_date": NOW + timedelta(days=3)},
        {"ship_date": date(1970, 1, 1)},
        {"items": [[("x", 1)], [("y", 1)]]},
    ):
        planned = plan_shipment(order, "クロネコヤマト", ["444413758703"], now=NOW, **kwargs)  # type: ignore[arg-type]
        assert isinstance(planned, Refusal)
        texts.append(planned.message)
    corrected = plan_correction(order, "444413758714", "444413758703", "クロネコヤマト")
    assert isinstance(corrected, Refusal)
    texts.append(corrected.message)
    invalid = plan_shipment(order, "クロネコヤマト", ["444413758704"], now=NOW)
    assert isinstance(invalid, Refusal) and invalid.rule_id  # the rule stays for support
    texts.append(invalid.message)
    done = [PackageOutcome("p1", "444413758703", "done"), PackageOutcome("p2", "1", "done")]
    texts += [not_found("503-0").message, summarise(order, "amazon", done).message]
    texts += [summarise(order, "amazon", []).message]
    _check_english(texts)
    assert "出荷日 1970-01-01 は出荷日としてありえない日付です" in texts[2]


def test_store_damage_messages_are_messages_with_english(tmp_path: Path) -> None:
    from amzdesk.store import StoreError

    texts: list[str] = []
    for name, content in (("empty.sqlite3", b""), ("foreign.sqlite3", b"not a database at all")):
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(StoreError) as exc:
            Store(path, clock=lambda: NOW).close()
        msg = errors.user_message(exc.value)
        assert msg is not None
        texts.append(msg)
    _check_english(texts)
    assert "Quit amzdesk" in texts[0].render(EN)  # type: ignore[attr-defined]


def _settings_texts() -> list[str]:
    from amzdesk.settings import Settings, SettingsError, validate_settings

    bad: list[dict[str, Any]] = [
        {"carrier_code_overrides": ["x"]},
        {"carrier_code_overrides": {"ヤマト運輸": 5}},
        {"carrier_code_overrides": {" ": "YAMATO"}},
        {"carrier_code_overrides": {"ヤマト運輸": " "}},
        {"carrier_code_overrides": {"ヤマト運輸": "A\tB"}},
        {"sync_interval_minutes": "15"},
        {"sync_interval_minutes": 2},
        {"confirm_wait_minutes": 1.5},
        {"confirm_wait_minutes": 10**6},
        {"return_wait_days": 10**6},
        {"window_geometry": "!!"},
        {"spapi_endpoint": 5},
        {"language": "fr"},
        {"filters": []},
        {"column_layout": []},
        {"csv_column_mapping": []},
        {"last_folder": "a\nb"},
        {"last_sync": {"amazon": 1}},
        {"demo": "yes"},
        {"amazon_recognition": []},
        {"amazon_recognition": {"pay_method_prefixes": 5}},
        {"amazon_recognition": {"pay_method_excludes": [5]}},
        {"amazon_recognition": {"order_id_pattern": " "}},
        {"amazon_recognition": {"order_id_pattern": "("}},
        {"amazon_recognition": {"match_window_hours": "x"}},
        {"amazon_recognition": {"match_window_hours": 1000}},
        {"extra": []},
        {"extra": {"shop": {"api_token": "abcdef0123456789abcdef0123456789"}}},
    ]
    out: list[str] = []
    for fields in bad:
        s = Settings()
        for name, value in fields.items():
            setattr(s, name, value)
        with pytest.raises(SettingsError) as info:
            validate_settings(s)
        text = errors.user_message(info.value)
        assert text is not None
        out.append(text)
    return out


def test_settings_errors_are_messages_with_english() -> None:
    texts = _settings_texts()
    assert len({t.id for t in texts if isinstance(t, Msg)}) >= 18
    _check_english(texts)
    msgs = [t for t in texts if isinstance(t, Msg)]
    # the settings' own keys never reach the sentence
    for text in msgs:
        for rendered in (str(text), text.render(EN)):
            assert "pay_method" not in rendered and "_" not in rendered.split(":")[0], rendered
    english = {t.render(EN) for t in msgs}
    assert "Automatic sync interval: enter 0 (off) or 5 to 1440 minutes" in english
    assert "Payment methods of Amazon orders: enter a list of texts" in " ".join(english)
    assert any(e.startswith("How Amazon orders are recognised: Enter a matching") for e in english)


def test_keyring_and_credential_errors_are_messages_with_english(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from amzdesk import credentials
    from amzdesk.credentials import CredentialError, CredentialStore, KeyringUnavailable
    from tests.test_credentials import _plaintext_backend

    texts: list[str] = []
    for platform in ("linux", "darwin", "win32", "sunos5"):
        monkeypatch.setattr(credentials.sys, "platform", platform)
        texts += [credentials.unavailable_message(), credentials.unavailable_message("Timeout")]
    monkeypatch.setattr(credentials.sys, "platform", "linux")
    store = CredentialStore(backend=_plaintext_backend())
    with pytest.raises(KeyringUnavailable) as refused:
        store.get("makeshop-token")
    texts.append(errors.describe(refused.value))
    for name, value in [
        ("lwa-client-id", " "),
        ("lwa-client-secret", "a\tb"),
        ("lwa-refresh-token", 5),
        ("makeshop-token", "\n"),
        ("makeshop-api-key", ""),
        ("password", "x"),
    ]:
        with pytest.raises(CredentialError) as info:
            store.set(name, value)  # type: ignore[arg-type]
        texts.append(errors.describe(info.value))
    texts.append(store.backend_description())
    _check_english(texts)
    english = {t.render(EN) for t in texts if isinstance(t, Msg)}
    assert "LWA client ID is empty. Enter a value" in english
    assert any(e.startswith("No usable OS keyring. Install") for e in english)
    assert any("Plain-text or file keyrings are not used" in e for e in english)


def test_product_csv_errors_are_messages_with_english() -> None:
    from amzdesk.insights.hazards import ProductCsvError, read_product_csv

    texts: list[str] = []
    for data in (b"", "商品名,価格\nりんご,100\n".encode(), b"\xff\xfe\x00bad"):
        with pytest.raises(ProductCsvError) as info:
            read_product_csv(data)
        texts.append(errors.describe(info.value))
    _check_english(texts)


def test_endpoint_errors_are_messages_with_english() -> None:
    from amzdesk.endpoints import EndpointError, validate_endpoint

    texts: list[str] = []
    for url, kind in [
        ("ftp://example.com", "spapi"),
        ("https://user:pw@example.com", "lwa"),
        ("https://example.com/?a=1", "makeshop"),
        ("http://example.com", "other"),
    ]:
        with pytest.raises(EndpointError) as info:
            validate_endpoint(url, kind)
        texts.append(errors.describe(info.value))
    _check_english(texts)
    english = [t.render(EN) for t in texts if isinstance(t, Msg)]
    assert english[0].startswith("SP-API endpoint: not a valid URL")
    assert english[3].startswith("endpoint: http cannot be used")


def test_health_summary_lines_are_messages_with_english() -> None:
    from amzdesk.insights.health import compute_health, summary_lines

    orders = [make_mfn_order(f"503-0000000-000000{i}", items=[make_item()]) for i in range(3)]
    lines = summary_lines(compute_health(orders, [], NOW + timedelta(days=3)))
    assert len(lines) == 6
    _check_english(lines)
    assert str(lines[3]).startswith("期限切れで未出荷: ")  # the command line keeps Japanese
    assert lines[3].render(EN).startswith("Past the deadline and not shipped: ")  # type: ignore[attr-defined]
