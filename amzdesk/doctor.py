"""Connection check (settings 「接続テスト」, ``python main.py doctor``) and the shape report.

One read-only call per configured service -- Amazon: a Login with Amazon token and one
``searchOrders`` page; makeshop: one ``searchOrder`` page -- and, when it fails, a plain Japanese
diagnosis: token refused, API not approved, wrong marketplace, field refused, clock skew (for
makeshop's ``x-timestamp``), network, no answer.  The clock is compared with the HTTP ``Date`` of
every answer, so a skew is named even when the service only says "unauthenticated".

``--shape-report FILE`` writes what those answers looked like, so that the unconfirmed facts in
:mod:`amzdesk.assumptions` can be settled from a real shop: every field name (as a path), the
format of its values (digits as ``9``, Latin letters as ``A``/``a``, anything else as ``*``) and,
for non-personal *code* fields only (payment method, payment status, delivery status, carrier
codes, Amazon fulfilment and package statuses ...), the distinct values.  Personal fields (names,
addresses, phone numbers, e-mail addresses, postcodes, notes) and order contents (product names,
SKUs) are recorded by presence and JSON type only -- never a value, never a format.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Final

from amzdesk import assumptions
from amzdesk.errors import (
    AuthError,
    BadResponse,
    InvalidInput,
    NetworkError,
    OutcomeUnknown,
    QuotaExceeded,
    ServerError,
    ServiceError,
    said,
)
from amzdesk.makeshop import parse_order as parse_makeshop_order
from amzdesk.messages import define, join
from amzdesk.spapi import parse_order as parse_amazon_order

__all__ = [
    "Check",
    "DoctorReport",
    "ShapeCollector",
    "check_amazon",
    "check_makeshop",
    "diagnose",
    "run_doctor",
    "write_shape_report",
]

SHAPE_SCHEMA: Final = "amzdesk.shape-report/1"
# A clock further off than this is named as the likely cause of a refused makeshop request
# (x-timestamp is valid for MAKESHOP_TIMESTAMP_WINDOW_S; warn well before).
CLOCK_SKEW_WARN_S: Final = 300.0

M = define(
    "doctor",
    {
        "ok_amazon": "Amazon に接続できました（注文 {count} 件を確認）。",
        "ok_makeshop": "makeshop に接続できました（注文 {count} 件を確認）。",
        "not_configured": "認証情報が設定されていません。",
        "missing_amazon": (
            "Amazon の認証情報（クライアント ID・シークレット・リフレッシュトークン）を"
            "すべて入力してください"
        ),
        "missing_makeshop": "makeshop のアクセストークンと API キーを入力してください",
        "token_refused": (
            "{service} がログイン情報を受け付けませんでした。"
            "トークンやキーが正しいか、期限が切れていないか確認し、設定し直してください。"
        ),
        "amazon_token_refused": (
            "Amazon がログイン情報（クライアント ID・シークレット・リフレッシュトークン）を"
            "受け付けませんでした。セラーセントラルでアプリを承認し直し、"
            "新しいリフレッシュトークンを設定してください。"
        ),
        "amazon_denied": (
            "Amazon がアクセスを拒否しました。アプリに注文を扱う権限（ロール）があるか、"
            "セラーセントラルで承認されているか確認してください。"
        ),
        "makeshop_not_approved": (
            "makeshop で、このアプリの API の利用がまだ承認されていません。"
            "makeshop の管理画面でアプリが使う API を承認してから、もう一度お試しください。"
        ),
        "wrong_marketplace": (
            "マーケットプレイスが Amazon.co.jp（{expected}）ではありません（設定：{got}）。"
            "日本の出品用アカウントとして設定し直してください。"
        ),
        "marketplace_refused": (
            "Amazon がマーケットプレイスを受け付けませんでした。"
            "このアカウントが Amazon.co.jp で出品しているか確認してください。"
        ),
        "field_refused": (
            "{service} がこのアプリの問い合わせの項目を受け付けませんでした（{what}）。"
            "サービスの仕様が変わった可能性があります。アプリを最新版にし、"
            "解決しなければこの内容をサポートに伝えてください。"
        ),
        "clock_skew": (
            "このパソコンの時計が {minutes} 分ずれています。"
            "makeshop は時刻のずれた問い合わせを受け付けません。"
            "パソコンの日付と時刻を自動設定にしてください。"
        ),
        "network": (
            "{service} に接続できません。インターネット接続、プロキシやファイアウォールの設定、"
            "接続先の URL を確認してください。"
        ),
        "tls": (
            "{service} との安全な接続（証明書の確認）に失敗しました。"
            "社内ネットワークの証明書の設定か、接続先の URL を確認してください。"
        ),
        "no_answer": (
            "{service} から時間内に応答がありません。しばらくしてからもう一度お試しください。"
        ),
        "busy": (
            "{service} が混み合っています（利用回数の上限）。少し待ってからもう一度お試しください。"
        ),
        "server": "{service} 側でエラーが起きています。しばらくしてからもう一度お試しください。",
        "bad_answer": (
            "{service} の応答が読み取れませんでした。"
            "アプリを最新版にし、解決しなければサポートに伝えてください。"
        ),
        "other": "{service} との通信でエラーが起きました（{what}）。",
        "skew_note": "なお、このパソコンの時計が {minutes} 分ずれています。",
    },
)

SERVICE_LABELS: Final = {"amazon": "Amazon", "makeshop": "makeshop"}


@dataclass(frozen=True, slots=True)
class Check:
    """The outcome of one service's check.  ``kind``: ``ok``, ``not-configured``,
    ``token-refused``, ``api-not-approved``, ``wrong-marketplace``, ``field-refused``,
    ``clock-skew``, ``network``, ``no-answer``, ``busy``, ``server-error``, ``bad-answer``,
    ``error``.  ``message`` is the Japanese diagnosis; ``detail`` is for support (the error's
    summary, redacted: status, code, request ID)."""

    service: str
    ok: bool
    kind: str
    message: str
    detail: str = ""
    elapsed_s: float = 0.0
    clock_skew_s: float | None = None
    orders_seen: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "ok": self.ok,
            "kind": self.kind,
            "message": str(self.message),
            "detail": self.detail,
            "elapsed_s": round(self.elapsed_s, 3),
            "clock_skew_s": None if self.clock_skew_s is None else round(self.clock_skew_s, 1),
            "orders_seen": self.orders_seen,
        }


@dataclass(slots=True)
class DoctorReport:
    checks: list[Check] = field(default_factory=list)
    shapes: dict[str, ShapeCollector] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "checks": [c.as_dict() for c in self.checks]}


# --- shapes --------------------------------------------------------------------------------------

# Field names whose values are personal data or order contents: presence and type only.
_PERSONAL: Final = re.compile(
    r"(name|address|addr|tel|phone|mail|zip|post|city|prefecture|buyer|recipient|receiver|"
    r"orderer|sender|member|customer|memo|message|note|title|sku|gift|company|county|district|"
    r"street|line\d|attention|product|item|basket)",
    re.IGNORECASE,
)
# Code fields whose distinct values are recorded (by last path segment); never personal.
CODE_FIELDS: Final = frozenset(
    {
        # makeshop
        "payMethod",
        "paymentStatusCode",
        "deliveryStatus",
        "deliveryMethod",
        "deliveryCompanyCode",
        # Amazon
        "fulfillmentStatus",
        "fulfilledBy",
        "fulfillmentServiceLevel",
        "carrier",
        "carrierCode",
        "shippingService",
        "status",
        "detailedStatus",
        "programs",
        "marketplaceId",
        "channelName",
        "conditionType",
        "conditionSubtype",
        "currencyCode",
    }
)
# Exceptions to _PERSONAL: code fields whose names happen to contain a personal word.
_NOT_PERSONAL: Final = frozenset(
    {"payMethod", "marketplaceName", "marketplaceId", "channelName", "deliveryMethod"}
)
_MAX_VALUES: Final = 50
_MAX_VALUE_LEN: Final = 60
_LOOKS_PERSONAL: Final = re.compile(r"@|\d[\d\- ]{8,}\d")


def value_shape(value: Any) -> str:
    """The format of a value without its content (``999-9999999-9999999``, ``AAAA``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    out = []
    for ch in str(value)[:_MAX_VALUE_LEN]:
        if ch.isascii() and ch.isdigit():
            out.append("9")
        elif ch.isascii() and ch.isalpha():
            out.append("A" if ch.isupper() else "a")
        elif ch.isascii():
            out.append(ch)
        else:
            out.append("*")
    return "".join(out)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def is_personal(key: str) -> bool:
    return key not in _NOT_PERSONAL and key not in CODE_FIELDS and bool(_PERSONAL.search(key))


@dataclass(slots=True)
class ShapeCollector:
    """Field paths, value formats and code values of the JSON answers of one service."""

    responses: int = 0
    fields: dict[str, Counter[str]] = field(default_factory=dict)
    codes: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, data: Any) -> None:
        self.responses += 1
        self._walk(data, "", personal=False)

    def _walk(self, value: Any, path: str, *, personal: bool) -> None:
        key = path.rsplit(".", 1)[-1].removesuffix("[]")
        if isinstance(value, Mapping):
            if path:
                self._note(path, "object")
            for raw_key, v in value.items():
                k = str(raw_key)
                sub = f"{path}.{k}" if path else k
                self._walk(v, sub, personal=personal or is_personal(k))
            return
        if isinstance(value, list):
            self._note(path, "array")
            for item in value:
                self._walk(item, f"{path}[]", personal=personal)
            return
        if personal:
            self._note(path, _json_type(value))  # presence and type only
            return
        self._note(path, value_shape(value))
        if key in CODE_FIELDS and isinstance(value, str | int) and not isinstance(value, bool):
            text = str(value)[:_MAX_VALUE_LEN]
            if _LOOKS_PERSONAL.search(text):
                text = value_shape(text)
            values = self.codes.setdefault(path, Counter())
            if text in values or len(values) < _MAX_VALUES:
                values[text] += 1

    def _note(self, path: str, shape: str) -> None:
        shapes = self.fields.setdefault(path, Counter())
        if shape in shapes or len(shapes) < _MAX_VALUES:
            shapes[shape] += 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "responses": self.responses,
            "fields": {k: dict(sorted(v.items())) for k, v in sorted(self.fields.items())},
            "code_values": {k: dict(sorted(v.items())) for k, v in sorted(self.codes.items())},
        }


@contextmanager
def _watch(client: Any, dates: list[datetime]) -> Iterator[None]:
    """Record the HTTP ``Date`` of every answer the client's session(s) receive meanwhile
    (headers only: the body is the client's to read)."""
    sessions = [getattr(client, "_session", None)]
    auth = getattr(client, "auth", None)
    sessions.append(getattr(auth, "_session", None))

    def hook(resp: Any, *_a: Any, **_k: Any) -> Any:
        date = resp.headers.get("Date") if hasattr(resp, "headers") else None
        if date:
            with suppress(TypeError, ValueError):
                dates.append(parsedate_to_datetime(date).astimezone(UTC))
        return resp

    installed = []
    for s in sessions:
        hooks = getattr(s, "hooks", None)
        if isinstance(hooks, dict) and hook not in hooks.setdefault("response", []):
            hooks["response"].append(hook)
            installed.append(hooks["response"])
    try:
        yield
    finally:
        for lst in installed:
            if hook in lst:
                lst.remove(hook)


# --- diagnosis -----------------------------------------------------------------------------------


def _minutes(skew: float) -> int:
    return max(1, round(abs(skew) / 60))


def diagnose(exc: BaseException, service: str, skew: float | None = None) -> tuple[str, str]:
    """(kind, Japanese diagnosis) for an error of ``service`` ("amazon" / "makeshop")."""
    label = SERVICE_LABELS.get(service, service)
    skewed = skew is not None and abs(skew) > CLOCK_SKEW_WARN_S
    code = str(getattr(exc, "code", "") or "")
    if isinstance(exc, AuthError):
        if code == "FORBIDDEN" or type(exc).__name__ == "MakeshopNotApproved":
            named = getattr(exc, "user_message", "") if getattr(exc, "api_label", "") else ""
            return "api-not-approved", named or M("makeshop_not_approved")
        if service == "makeshop" and skewed:
            assert skew is not None
            return "clock-skew", M("clock_skew", minutes=_minutes(skew))
        if getattr(exc, "service", "") == "lwa":
            return "token-refused", M("amazon_token_refused")
        if service == "amazon":
            if "marketplace" in f"{exc}".lower():
                return "wrong-marketplace", M("marketplace_refused")
            return "token-refused", M("amazon_denied")
        return "token-refused", M("token_refused", service=label)
    if isinstance(exc, InvalidInput):
        if service == "amazon" and "marketplace" in f"{exc}".lower():
            return "wrong-marketplace", M("marketplace_refused")
        what = getattr(exc, "user_message", "") if service == "makeshop" else ""
        refused = getattr(exc, "refused", ())
        text = getattr(exc, "message", "") or str(exc)
        detail = (
            "、".join(refused) if refused else said(label, text, code, exc.status, "InvalidInput")
        )
        return "field-refused", M("field_refused", service=label, what=detail or what)
    if isinstance(exc, QuotaExceeded):
        return "busy", M("busy", service=label)
    if isinstance(exc, ServerError):
        return "server-error", M("server", service=label)
    if isinstance(exc, BadResponse):
        return "bad-answer", M("bad_answer", service=label)
    if isinstance(exc, OutcomeUnknown):
        return "no-answer", M("no_answer", service=label)
    if isinstance(exc, NetworkError):
        text = f"{exc}".lower()
        if "tls" in text or "ssl" in text or "certificate" in text:
            return "network", M("tls", service=label)
        if "could not connect" in text:
            return "network", M("network", service=label)
        return "no-answer", M("no_answer", service=label)
    if isinstance(exc, ServiceError):
        return "error", M("other", service=label, what=type(exc).__name__)
    return "error", M("other", service=label, what=type(exc).__name__)


def _skew(dates: list[datetime], wall: Callable[[], float]) -> float | None:
    """Local clock minus the server's (seconds), from the latest ``Date`` header."""
    if not dates:
        return None
    local = datetime.fromtimestamp(wall(), UTC)
    return (local - dates[-1]).total_seconds()


def _with_skew_note(message: str, skew: float | None) -> str:
    if skew is not None and abs(skew) > CLOCK_SKEW_WARN_S:
        return join([message, M("skew_note", minutes=_minutes(skew))])
    return message


# --- the checks ----------------------------------------------------------------------------------


def _run_check(
    service: str,
    ok_message: Callable[[int], str],
    read: Callable[[], list[Any]],
    *,
    dates: list[datetime],
    wall: Callable[[], float],
    started: float,
) -> Check:
    """Run one service's read-only ``read`` and judge it: a failure is diagnosed in the owner's
    words, and a server clock that differs from this computer's is noted either way."""
    try:
        orders = read()
    except Exception as exc:
        skew = _skew(dates, wall)
        kind, message = diagnose(exc, service, skew)
        return Check(
            service,
            False,
            kind,
            _with_skew_note(message, skew) if kind != "clock-skew" else message,
            detail=str(exc),
            elapsed_s=time.monotonic() - started,
            clock_skew_s=skew,
        )
    skew = _skew(dates, wall)
    count = len(orders)
    return Check(
        service,
        True,
        "ok",
        _with_skew_note(ok_message(count), skew),
        elapsed_s=time.monotonic() - started,
        clock_skew_s=skew,
        orders_seen=count,
    )


def check_amazon(
    client: Any,
    *,
    now: Callable[[], datetime] | None = None,
    collector: ShapeCollector | None = None,
) -> Check:
    """Token + one ``searchOrders`` page of the last 30 days (read-only, 20 orders at most)."""
    collector = collector if collector is not None else ShapeCollector()
    dates: list[datetime] = []
    wall = time.time
    started = time.monotonic()
    market = str(getattr(client, "marketplace_id", ""))
    if market and market != assumptions.MARKETPLACE_ID_JP:
        return Check(
            "amazon",
            False,
            "wrong-marketplace",
            M("wrong_marketplace", expected=assumptions.MARKETPLACE_ID_JP, got=market),
        )
    current = (now or (lambda: datetime.now(UTC)))()

    def read() -> list[Any]:
        with _watch(client, dates):
            params = client.search_params(
                created_after=current - timedelta(days=30), max_results_per_page=20
            )
            data = client.search_raw(params)
        collector.add(data)
        orders = data.get("orders")
        if not isinstance(orders, list):
            raise BadResponse("searchOrders response without orders", service="amazon")
        for raw in orders:
            parse_amazon_order(raw)  # an answer the app cannot read is a failure here
        return orders

    return _run_check(
        "amazon", lambda n: M("ok_amazon", count=n), read, dates=dates, wall=wall, started=started
    )


def check_makeshop(
    client: Any,
    *,
    now: Callable[[], datetime] | None = None,
    collector: ShapeCollector | None = None,
) -> Check:
    """One ``searchOrder`` page of the last 30 days (read-only, 50 orders at most)."""
    collector = collector if collector is not None else ShapeCollector()
    dates: list[datetime] = []
    wall: Callable[[], float] = getattr(client, "_wall_clock", time.time)
    started = time.monotonic()
    current = (now or (lambda: datetime.now(UTC)))()

    def read() -> list[Any]:
        with _watch(client, dates):
            variables = client.search_variables(current - timedelta(days=30), current, None, 1, 50)
            data = client.execute(
                assumptions.MAKESHOP_SEARCH_ORDER_QUERY,
                variables,
                assumptions.MAKESHOP_OP_SEARCH_ORDER,
                idempotent=True,
            )
        collector.add({"data": data})
        result = (
            data.get(assumptions.MAKESHOP_SEARCH_ORDER_FIELD) if isinstance(data, dict) else None
        )
        orders = result.get("orders") if isinstance(result, dict) else None
        if not isinstance(orders, list):
            raise BadResponse("searchOrder without orders", service="makeshop")
        for raw in orders:
            parse_makeshop_order(raw)
        return orders

    return _run_check(
        "makeshop",
        lambda n: M("ok_makeshop", count=n),
        read,
        dates=dates,
        wall=wall,
        started=started,
    )


def run_doctor(services: Any, *, now: Callable[[], datetime] | None = None) -> DoctorReport:
    """Check every service of ``services`` (an :class:`amzdesk.services.Services`)."""
    report = DoctorReport()
    now = now or getattr(services, "clock", None)
    for name, client, check in (
        ("amazon", services.spapi, check_amazon),
        ("makeshop", services.makeshop, check_makeshop),
    ):
        shapes = report.shapes.setdefault(name, ShapeCollector())
        if client is None:
            report.checks.append(Check(name, False, "not-configured", M("not_configured")))
            continue
        report.checks.append(check(client, now=now, collector=shapes))
    return report


def write_shape_report(report: DoctorReport, path: Path | str) -> Path:
    """The shape report as JSON (UTF-8): checks, field formats and code values, per service."""
    doc = {
        "schema": SHAPE_SCHEMA,
        "generated": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "checks": [
            {k: v for k, v in c.as_dict().items() if k not in ("message", "detail")}
            for c in report.checks
        ],
        "services": {name: s.as_dict() for name, s in report.shapes.items()},
    }
    out = Path(path)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(out)
    return out
