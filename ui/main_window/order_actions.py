"""What the window does with the selected order: verdicts on its buttons and menu entries,
confirmations, corrections, returns, the Seller Central return record, the export cancel, the
buyer details, and the scanner flow (Enter in the tracking field sends and moves on).

:class:`OrderActions` knows the window only through :class:`ActionsHost`; every network or disk
job runs through the window's one task runner (functions in :mod:`ui.backend`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QTimer

from ui import lazy_import
from ui.main_window.common import (
    FLASH_MS,
    tr_amzdesk,
    verdict_text,
    verdict_tooltip,
    with_shortcut,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QLabel, QWidget

    from amzdesk import rules
    from amzdesk.carriers import Carrier
    from amzdesk.models import Order
    from amzdesk.rules import Action, Verdict
    from amzdesk.services import Services
    from ui import backend
    from ui.main_window.banner import Banner, Toast
    from ui.main_window.detail_panel import DetailPanel
    from ui.orders.model import OrderTableModel
    from ui.tasks import TaskRunner
else:
    rules = lazy_import("amzdesk.rules")
    backend = lazy_import("ui.backend")

# what was sent for an order: (via, carrier, tracking numbers, correction)
SentWhat = tuple[str, "Carrier | None", list[str], bool]


class ActionsHost(Protocol):
    """What the order actions use of the window."""

    services: Services | None
    model: OrderTableModel
    status_label: QLabel
    confirmed_today: set[str]

    @property
    def runner(self) -> TaskRunner: ...

    @property
    def banner(self) -> Banner: ...

    @property
    def toast(self) -> Toast: ...

    @property
    def panel(self) -> DetailPanel: ...

    @property
    def order_actions(self) -> dict[Action, QAction]: ...

    @property
    def record_return_action(self) -> QAction: ...

    @property
    def cancel_export_action(self) -> QAction: ...

    def window(self) -> QWidget: ...

    def current_key(self) -> str | None: ...

    def current_order(self) -> Order | None: ...

    def show_updated_order(self, order: Order) -> None: ...

    def update_view_tabs(self) -> None: ...

    def select_next_needing_action(self, after: str | None = None) -> str | None: ...


class OrderActions(QObject):
    """The order actions of the window ``host`` (buttons, 注文 menu, context menu, Enter)."""

    def __init__(self, host: ActionsHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("orderActions")
        self._host = host
        self._sending: set[str] = set()
        self._sent_what: dict[str, SentWhat] = {}
        self._last_via = "amazon"
        self._last_confirmed = False
        self._verdicts: dict[Action, Verdict] = {}
        self._customer_key: str | None = None
        # Enter came before the selected order was read: send once it is (scanner sessions)
        self._submit_pending: str | None = None

    def is_sending(self, key: str) -> bool:
        """Whether a send, return or cancel of the order ``key`` is under way."""
        return key in self._sending

    def verdicts(self) -> dict[Action, Verdict]:
        return dict(self._verdicts)

    def selection_changed(self) -> None:
        """Another order was selected: buyer details being fetched belong to the old one."""
        self._customer_key = None

    def order_loaded(self, key: str) -> None:
        """The selected order ``key`` was read: an Enter that came before counts now."""
        if self._submit_pending == key:
            self._submit_pending = None
            self.on_tracking_submitted()

    # ------------------------------------------------------------------------------------------
    # verdicts
    # ------------------------------------------------------------------------------------------
    def refresh_verdicts(self) -> None:
        from amzdesk.rules import Action, Verdict

        order = self._host.current_order()
        if order is None:
            self.apply_verdicts({})
            return
        panel = self._host.panel
        verdicts = rules.evaluate(
            order,
            panel.carrier_picker.carrier(),
            panel.tracking_entry.numbers(),
            table=panel.carrier_picker.table,
        )
        if order.key in self._sending:
            for a in (
                Action.CONFIRM_AMAZON,
                Action.CORRECT_TRACKING,
                Action.COMPLETE_MAKESHOP,
                Action.RETURN,
            ):
                verdicts[a] = Verdict(a, False, self.tr("送信中です。結果を待ってください"))
        self.apply_verdicts(verdicts)

    def apply_verdicts(self, verdicts: dict[Action, Verdict]) -> None:
        from amzdesk.rules import Action

        host = self._host
        panel = host.panel
        self._verdicts = verdicts
        lines: list[str] = []
        for action in Action:
            b = panel.action_buttons[action]
            qa = host.order_actions[action]
            v = verdicts.get(action)
            if v is None:
                tip = with_shortcut(self.tr("注文を選んでください"), action.value)
                b.setEnabled(False)
                qa.setEnabled(False)
                b.setToolTip(tip)
                qa.setToolTip(tip)
                continue
            tip = with_shortcut(verdict_tooltip(v), action.value)
            # refused here but possible elsewhere (makeshop's admin): the button opens it
            usable = v.allowed or bool(v.url)
            b.setEnabled(usable)
            qa.setEnabled(usable)
            b.setToolTip(tip)
            qa.setToolTip(tip)
            b.setAccessibleDescription(tip)
            mark = "✓" if v.allowed else "✗"
            # the owner reads the reason; the rule ID stays in the tooltip (for support)
            lines.append(f"{mark} {tr_amzdesk(action.label)}: {tr_amzdesk(v.reason)}")
        panel.verdict_label.setText("\n".join(lines))
        order = host.current_order() if verdicts else None
        self._apply_record_return(order)
        self._apply_cancel_export(order)
        panel.show_recommendation(order, verdicts, host.model)

    def _apply_cancel_export(self, order: Order | None) -> None:
        """「書き出しを取り消す」: enabled while the order waits for its upload file."""
        if order is None:
            allowed, tip = False, self.tr("注文を選んでください")
        elif order.key in self._sending:
            allowed, tip = False, self.tr("送信中です。結果を待ってください")
        else:
            v = rules.can_cancel_export(order)
            allowed, tip = v.allowed, verdict_tooltip(v)
        tip = with_shortcut(tip, "cancel-export")
        button = self._host.panel.cancel_export_button
        for w in (button, self._host.cancel_export_action):
            w.setEnabled(allowed)
            w.setToolTip(tip)
        button.setAccessibleDescription(tip)

    def _apply_record_return(self, order: Order | None) -> None:
        """The Seller Central return record (R-C1): Amazon orders only, verdict from amzdesk."""
        if order is None:
            allowed, tip = False, self.tr("注文を選んでください")
        elif order.key in self._sending:
            allowed, tip = False, self.tr("送信中です。結果を待ってください")
        else:
            v = rules.can_record_return_done(order)
            allowed, tip = v.allowed, verdict_tooltip(v)
        tip = with_shortcut(tip, "record-return")
        button = self._host.panel.record_return_button
        for w in (button, self._host.record_return_action):
            w.setEnabled(allowed)
            w.setToolTip(tip)
        button.setAccessibleDescription(tip)

    # ------------------------------------------------------------------------------------------
    # the actions
    # ------------------------------------------------------------------------------------------
    def trigger(self, action: Action) -> None:
        from amzdesk.rules import Action

        host = self._host
        v = self._verdicts.get(action)
        order = host.current_order()
        if v is not None and order is not None and not v.allowed and v.url:
            self._open_url(v.url)  # done in makeshop's admin (no API for it)
            host.status_label.setText(verdict_text(v))
            return
        if v is None or order is None or not v.allowed:
            if v is not None:
                host.status_label.setText(verdict_text(v))
            return
        if action is Action.OPEN_SELLER_CENTRAL:
            from amzdesk import states

            if states.tracking_missing(order) and states.number_to_add(order):
                # the number to add in Seller Central's shipment edit, ready to paste (R-B2)
                from PySide6.QtWidgets import QApplication

                QApplication.clipboard().setText(states.number_to_add(order))
            self._open_url(rules.seller_central_url(order))
        elif action in (Action.OPEN_MAKESHOP, Action.EDIT):
            self._open_url(rules.makeshop_admin_url(order))
        elif action is Action.SHOW_CUSTOMER:
            self._show_customer(order)
        elif action is Action.CONFIRM_AMAZON:
            self._send(order, "amazon")
        elif action is Action.CORRECT_TRACKING:
            self._send(order, "amazon", correction=True)
        elif action is Action.COMPLETE_MAKESHOP:
            confirmed = False
            if v.confirm:
                # may be an Amazon order (R-F3): only on an explicit yes
                if not self._ask(self.tr("Amazon の注文かもしれません"), tr_amzdesk(v.confirm)):
                    host.status_label.setText(self.tr("配送完了を取りやめました"))
                    return
                confirmed = True
            self._send(order, "makeshop", confirmed=confirmed)
        elif action is Action.RETURN:
            self._return(order)

    def _ask(self, title: str, text: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self._host.window(),
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    # -- returns (返送), the return record, the export cancel -----------------------------------
    def _return(self, order: Order) -> None:
        """makeshop 返送 of a shipped shop order, after the user confirms (not undone lightly)."""
        key = order.key
        if key in self._sending:
            return
        number = order.display_order_number or key
        if not self._ask(
            self.tr("返送"),
            self.tr(
                "注文 {0} を makeshop で「返送」にします。"
                "元には戻しにくい操作です。よろしいですか？"
            ).format(number),
        ):
            self._host.status_label.setText(self.tr("返送を取りやめました"))
            return
        self._run_return(key, lambda services: backend.return_action(services, key))

    def record_return_done(self) -> None:
        """Record that the current Amazon order's return was processed in Seller Central."""
        order = self._host.current_order()
        if order is None or order.key in self._sending:
            return
        v = rules.can_record_return_done(order)
        if not v.allowed:
            self._host.status_label.setText(verdict_text(v))
            return
        key = order.key
        if not self._ask(
            self._host.panel.record_return_text(),
            self.tr(
                "注文 {0} の返送をセラーセントラルで処理済みと記録します。"
                "makeshop の処理区分が「返送」になるまで「返送反映待ち」と表示します。"
                "よろしいですか？"
            ).format(order.amazon_order_id or key),
        ):
            return
        self._run_return(key, lambda services: backend.record_return(services, key))

    def cancel_export(self) -> None:
        """Cancel the current order's export to the Amazon upload file (journaled)."""
        order = self._host.current_order()
        if order is None or order.key in self._sending:
            return
        v = rules.can_cancel_export(order)
        if not v.allowed:
            self._host.status_label.setText(verdict_text(v))
            return
        key = order.key
        self._run_return(key, lambda services: backend.cancel_export(services, key))

    def _run_return(self, key: str, job: Callable[[Any], backend.SendOutcome]) -> None:
        services = self._host.services
        self._sending.add(key)
        self.refresh_verdicts()
        self._host.status_label.setText(self.tr("処理しています…"))
        self._host.runner.submit(
            lambda ctx: job(services),
            name="return",
            on_result=self._on_returned,
            on_error=functools.partial(self._on_send_error, key),
            on_finished=functools.partial(self._send_finished, key),
        )

    def _on_returned(self, outcome: backend.SendOutcome) -> None:
        self._on_sent(outcome)
        if outcome.ok:
            self._host.status_label.setText(
                self.tr("{0}: {1}").format(
                    self._order_label(outcome.key), tr_amzdesk(outcome.message)
                )
            )

    def _open_url(self, url: str) -> None:
        if url:
            from PySide6.QtCore import QUrl
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(QUrl(url))
            self._host.status_label.setText(self.tr("ブラウザで開きました: {0}").format(url))

    # -- buyer details (never stored) ----------------------------------------------------------
    def _show_customer(self, order: Order) -> None:
        services = self._host.services
        if services is None:
            return
        key = order.key
        number = order.display_order_number
        label = self._host.panel.customer_label
        label.setText(self.tr("購入者情報を取得しています…"))
        label.show()
        self._customer_key = key
        self._host.runner.submit(
            lambda ctx: backend.fetch_customer(services, number),
            name="customer",
            on_result=functools.partial(self._on_customer, key),
            on_error=functools.partial(self._on_customer_error, key),
        )

    def _on_customer(self, key: str, data: dict[str, Any]) -> None:
        if key != self._host.current_key() or key != self._customer_key:
            return  # shown only for the order it was fetched for; never kept
        o = data.get("orderer", {})
        # makeshop shows the orderer's name and prefecture (public fields); contact details
        # are per delivery
        lines = [self.tr("購入者: {0}").format(o.get("name", ""))]
        if o.get("prefecture"):
            lines.append(self.tr("都道府県: {0}").format(o.get("prefecture", "")))
        for d in data.get("deliveries", []):
            lines.append(
                self.tr("お届け先: {0} 〒{1} {2}{3}").format(
                    d.get("name", ""),
                    d.get("zip_code", ""),
                    d.get("prefecture", ""),
                    d.get("address", ""),
                )
            )
            if d.get("tel"):
                lines.append(self.tr("電話: {0}").format(d.get("tel", "")))
        lines.append(self.tr("（この情報は保存されません）"))
        self._host.panel.customer_label.setText("\n".join(lines))

    def _on_customer_error(self, key: str, exc: BaseException) -> None:
        if key == self._host.current_key():
            self._host.panel.customer_label.setText(backend.user_message(exc))

    # -- confirmations and corrections ---------------------------------------------------------
    def _send(
        self,
        order: Order,
        via: str,
        *,
        correction: bool = False,
        confirmed: bool = False,
        shared_ok: bool = False,
    ) -> None:
        key = order.key
        host = self._host
        services = host.services
        if key in self._sending or services is None:
            return
        panel = host.panel
        self._last_via, self._last_confirmed = via, confirmed
        carrier = panel.carrier_picker.carrier()
        numbers = panel.tracking_entry.numbers()
        self._sent_what[key] = (via, carrier, list(numbers), correction)
        self._sending.add(key)
        self.refresh_verdicts()
        host.status_label.setText(self.tr("送信しています…"))
        ship_date = panel.chosen_ship_date() if not correction else None
        host.runner.submit(
            lambda ctx: backend.send_action(
                services,
                key,
                via,
                carrier,
                numbers,
                correction=correction,
                confirmed=confirmed,
                ship_date=ship_date,
                shared_ok=shared_ok,
            ),
            name="send",
            on_result=self._on_sent,
            on_error=functools.partial(self._on_send_error, key),
            on_finished=functools.partial(self._send_finished, key),
        )

    def _send_finished(self, key: str) -> None:
        self._sending.discard(key)
        if key == self._host.current_key():
            self.refresh_verdicts()

    def _on_sent(self, outcome: backend.SendOutcome) -> None:
        host = self._host
        if outcome.rows:
            host.model.update_rows(outcome.rows)
        if outcome.key == host.current_key() and outcome.order is not None:
            host.show_updated_order(outcome.order)
        number = self._order_label(outcome.key)
        what = self._sent_what.pop(outcome.key, None)
        if outcome.ok:
            text = self._sent_text(number, what)
            host.toast.show_text(text)
            self._flash_row(outcome.key)
            if what is not None and not what[3]:
                host.confirmed_today.add(outcome.key)
                host.update_view_tabs()
            if outcome.request_id:
                text += f"（request id: {outcome.request_id}）"
            host.status_label.setText(text)
        elif outcome.shared_with and self._ask_shared_parcel(number, outcome):
            order = host.current_order()
            if order is not None and order.key == outcome.key:
                self._send(order, self._last_via, confirmed=self._last_confirmed, shared_ok=True)
        else:
            host.banner.show_message(
                self.tr("{0}: {1}").format(number, tr_amzdesk(outcome.message)), "error"
            )

    def _ask_shared_parcel(self, number: str, outcome: backend.SendOutcome) -> bool:
        """The same tracking number is on another order: 同梱 (send) or a typo (fix it)."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self._host.window())
        box.setObjectName("sharedParcelQuestion")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("同じ追跡番号"))
        box.setText(
            self.tr(
                "{0} の追跡番号は、注文 {1} でもう使われています。\n"
                "1つの荷物で複数の注文を送る（同梱）ときだけ送ってください。"
                "入力ミスなら「送らない」を選んで番号を直してください。"
            ).format(number, "、".join(outcome.shared_with))
        )
        send = box.addButton(self.tr("同梱として送る"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(self.tr("送らない"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)  # Enter from a scanner never sends it by accident
        box.exec()
        return box.clickedButton() is send

    def _on_send_error(self, key: str, exc: BaseException) -> None:
        host = self._host
        host.banner.show_message(
            self.tr("{0}: {1}").format(self._order_label(key), backend.user_message(exc)), "error"
        )
        services = host.services
        if services is None:
            return
        host.runner.submit(
            lambda ctx: backend.load_some(services, [key]),
            name="rows",
            on_result=host.model.update_rows,
        )

    def _sent_text(self, number: str, what: SentWhat | None) -> str:
        """「249-…: ヤマト運輸 444413758703 で出荷通知しました」."""
        if what is None:
            return self.tr("{0}: 送信しました").format(number)
        via, carrier, numbers, correction = what
        if via == "makeshop":
            name = carrier.name if carrier is not None and not carrier.is_none else ""
            if name:
                return self.tr("{0}: makeshop で配送完了にしました（{1}）").format(number, name)
            return self.tr("{0}: makeshop で配送完了にしました").format(number)
        name = carrier.spapi_name if carrier is not None else ""
        shown = " ".join(part for part in (name, ", ".join(numbers)) if part)
        if correction:
            return self.tr("{0}: 追跡番号を {1} に訂正しました").format(number, shown)
        if not numbers:
            return self.tr("{0}: {1}（追跡番号なし）で出荷通知しました").format(number, name)
        return self.tr("{0}: {1} で出荷通知しました").format(number, shown)

    def _flash_row(self, key: str) -> None:
        """The confirmed row stands out for a moment, then settles into its new state."""
        model = self._host.model
        model.flash(key)
        QTimer.singleShot(FLASH_MS, model, lambda k=key: model.settle(k))

    def _order_label(self, key: str) -> str:
        row = self._host.model.row_by_key(key)
        if row is None:
            return key
        return row.amazon_id or row.display_no or key

    # ------------------------------------------------------------------------------------------
    # scanning: Enter in the tracking field confirms and moves on
    # ------------------------------------------------------------------------------------------
    def on_tracking_submitted(self) -> None:
        from amzdesk.rules import Action

        host = self._host
        v = self._verdicts.get(Action.CONFIRM_AMAZON)
        order = host.current_order()
        if order is None:
            # a fast scanner: the order is still being read; the Enter counts once it is
            self._submit_pending = host.current_key()
            return
        self._submit_pending = None
        action: Action | None = None
        if v is not None and v.allowed:
            action = Action.CONFIRM_AMAZON
        elif (
            self._verdicts.get(Action.COMPLETE_MAKESHOP) is not None
            and self._verdicts[Action.COMPLETE_MAKESHOP].allowed
            and not order.is_amazon
        ):
            action = Action.COMPLETE_MAKESHOP
        entry = host.panel.tracking_entry
        if action is None:
            reason = verdict_text(v) if v is not None else ""
            if not entry.is_valid():
                reason = entry.reason()
            host.status_label.setText(self.tr("送信できません: {0}").format(reason))
            entry.edit.selectAll()
            return
        sent_key = order.key
        self.trigger(action)
        host.select_next_needing_action(after=sent_key)
        entry.setFocus()
