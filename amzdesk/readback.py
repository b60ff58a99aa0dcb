"""Read-back after a shipment confirmation: does Amazon's copy carry what was sent?

Amazon answers an accepted ``confirmShipment`` with an empty 204 -- and has been reported to do
so while silently dropping a carrier code it does not know.  So after each confirmation the
workflow reads the order back (``getOrder``, within its usage plan) and journals a ``readback``
entry; :func:`readback_issues` then compares every package this app confirmed with Amazon's
current copy of the order:

* the package (same ``packageReferenceId``, or the same tracking number) is missing;
* its tracking number differs;
* it has no carrier (accepted, carrier dropped), or another carrier than the one sent.

A package is judged only once a read-back was journaled after its (latest) confirmation, so a
copy of the order fetched before the confirmation never counts against it.  Afterwards the
comparison always uses the newest copy of the order (a later sync or read-back can clear it,
e.g. after a correction in Seller Central).  What counts as "the same carrier" is an unconfirmed
assumption (:mod:`amzdesk.assumptions`, read-back section).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from amzdesk.assumptions import SPAPI_CARRIER_CODES, SPAPI_FALLBACK_CARRIER_CODE
from amzdesk.carriers import name_key
from amzdesk.messages import Msg, define, join
from amzdesk.models import Order, Package, ReadbackIssue
from amzdesk.tracking import normalize

__all__ = [
    "ACTION_READBACK",
    "CARRIER_DIFFERS",
    "CARRIER_MISSING",
    "PACKAGE_MISSING",
    "TRACKING_DIFFERS",
    "Sent",
    "carrier_matches",
    "find_package",
    "issue_message",
    "judge",
    "readback_issues",
    "way_forward",
]

M = define(
    "readback",
    {
        "carrier_missing": (
            "Amazon は出荷通知を受け付けましたが、配送業者が登録されていません"
            "（送った配送業者：{sent}）。"
        ),
        "carrier_differs": (
            "Amazon に登録された配送業者「{amazon}」が、送った配送業者「{sent}」と違います。"
        ),
        "tracking_differs": (
            "Amazon に登録された追跡番号「{amazon}」が、送った追跡番号「{sent}」と違います。"
        ),
        "package_missing": "Amazon の注文に、送った荷物（追跡番号 {sent}）が見つかりません。",
        "code_not_listed": (
            "送った配送業者コード「{code}」は Amazon の一覧にありません。"
            "先に設定の配送業者コードを直してください。"
        ),
        "way_forward": (
            "出荷通知を送り直す（同じ荷物の上書き）か、"
            "セラーセントラルの注文画面で配送業者と追跡番号を直してください。"
        ),
        "later": "Amazon の登録内容は、あとで読み戻して確かめます。",
    },
)

ACTION_READBACK: Final = "readback"
CONFIRM_ACTIONS: Final = frozenset({"confirm-amazon", "correct-tracking"})

CARRIER_MISSING: Final = "carrier-missing"
CARRIER_DIFFERS: Final = "carrier-differs"
TRACKING_DIFFERS: Final = "tracking-differs"
PACKAGE_MISSING: Final = "package-missing"


@dataclass(frozen=True, slots=True)
class Sent:
    """What a confirmation sent for one package."""

    package_reference_id: str
    carrier_code: str
    carrier_name: str
    tracking: str

    @classmethod
    def from_detail(cls, ref: str, detail: Mapping[str, Any]) -> Sent:
        return cls(
            package_reference_id=ref or str(detail.get("packageReferenceId", "")),
            carrier_code=str(detail.get("carrierCode") or ""),
            carrier_name=str(detail.get("carrierName") or ""),
            tracking=str(detail.get("trackingNumber") or ""),
        )

    @property
    def carrier_text(self) -> str:
        """The carrier as the shop owner knows it: the name, with Amazon's code when it differs."""
        if self.carrier_code == SPAPI_FALLBACK_CARRIER_CODE or not self.carrier_code:
            return self.carrier_name
        if self.carrier_name and name_key(self.carrier_name) != name_key(self.carrier_code):
            return f"{self.carrier_name}（{self.carrier_code}）"
        return self.carrier_code


def carrier_matches(reported: str, code: str, name: str) -> bool:
    """Amazon's ``carrier`` stands for the carrier sent (see the read-back assumption)."""
    got = name_key(reported)
    if not got:
        return False
    wanted = {name_key(name)}
    if code != SPAPI_FALLBACK_CARRIER_CODE:
        wanted.add(name_key(code))
    wanted.discard("")
    return got in wanted


def find_package(packages: Iterable[Package], ref: str, tracking: str) -> Package | None:
    """Amazon's package for a confirmation: same packageReferenceId, else same tracking number."""
    packages = list(packages)
    for p in packages:
        if p.package_reference_id == ref:
            return p
    want = normalize(tracking)
    if want:
        for p in packages:
            if normalize(p.tracking_number) == want:
                return p
    return None


def judge(sent: Sent, package: Package | None) -> str | None:
    """The problem with Amazon's copy of one package, or None when it carries what was sent."""
    if package is None:
        return PACKAGE_MISSING
    if normalize(package.tracking_number) != normalize(sent.tracking):
        return TRACKING_DIFFERS
    if not package.carrier.strip():
        return CARRIER_MISSING
    if not carrier_matches(package.carrier, sent.carrier_code, sent.carrier_name):
        return CARRIER_DIFFERS
    return None


def make_issue(sent: Sent, package: Package | None, problem: str) -> ReadbackIssue:
    return ReadbackIssue(
        package_reference_id=sent.package_reference_id,
        problem=problem,
        sent_carrier=sent.carrier_text,
        sent_tracking=sent.tracking,
        amazon_carrier=package.carrier if package is not None else "",
        amazon_tracking=package.tracking_number if package is not None else "",
    )


def readback_issues(entries: Sequence[Any], order: Order | None) -> tuple[ReadbackIssue, ...]:
    """Issues of every package this app confirmed and has read back since (journal entries of
    one order, any order; duck-typed :class:`amzdesk.store.JournalEntry`)."""
    ordered = sorted(entries, key=lambda e: e.id)
    confirms: dict[str, Any] = {}
    readbacks: dict[str, Any] = {}
    for e in ordered:
        if e.side != "amazon":
            continue
        if e.action in CONFIRM_ACTIONS and e.state == "done":
            confirms.pop(e.package_reference_id, None)
            confirms[e.package_reference_id] = e
        elif e.action == ACTION_READBACK and e.state == "done":
            readbacks[e.package_reference_id] = e
    az = order.amazon if order is not None else None
    if az is None or az.is_fba:
        return ()
    out: list[ReadbackIssue] = []
    for ref, ce in confirms.items():
        rb = readbacks.get(ref)
        if rb is None or rb.id < ce.id:
            continue  # not read back since this confirmation
        sent = Sent.from_detail(ref, ce.package_detail)
        package = find_package(az.packages, ref, sent.tracking)
        problem = judge(sent, package)
        if problem is not None:
            out.append(make_issue(sent, package, problem))
    return tuple(out)


def issue_message(issue: ReadbackIssue) -> Msg:
    """One Japanese sentence about the problem (no field names)."""
    if issue.problem == CARRIER_MISSING:
        return M("carrier_missing", sent=issue.sent_carrier)
    if issue.problem == CARRIER_DIFFERS:
        return M("carrier_differs", amazon=issue.amazon_carrier, sent=issue.sent_carrier)
    if issue.problem == TRACKING_DIFFERS:
        return M("tracking_differs", amazon=issue.amazon_tracking, sent=issue.sent_tracking)
    return M("package_missing", sent=issue.sent_tracking)


def way_forward(issue: ReadbackIssue, sent_code: str = "") -> Msg:
    """What to do about it, in Japanese."""
    if issue.problem in (CARRIER_MISSING, CARRIER_DIFFERS) and (
        sent_code and sent_code not in SPAPI_CARRIER_CODES
    ):
        return join([M("code_not_listed", code=sent_code), M("way_forward")])
    return M("way_forward")


def issues_text(issues: Sequence[ReadbackIssue], sent_code: str) -> Msg:
    """The problems and the way forward, for the shop owner."""
    return join([*(issue_message(i) for i in issues), way_forward(issues[0], sent_code)])


def later_text() -> Msg:
    return M("later")
