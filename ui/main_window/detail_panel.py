"""The right-hand side of the window: the selected order, carrier and tracking input, ship date,
action buttons and the verdicts behind a disclosure.

The panel shows what it is given (a row of the order model, the order read from the store, the
verdicts); it never reads the store or sends anything.  The window wires its signals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from ui.main_window.common import action_object_name, tr_amzdesk
from ui.orders.columns import C_DEADLINE, C_STATE
from ui.orders.model import OrderTableModel
from ui.orders.rows import F_NEEDS_ACTION, Row

if TYPE_CHECKING:
    from amzdesk.carriers import Carrier, CarrierTable
    from amzdesk.models import Order
    from amzdesk.rules import Action, Verdict
    from amzdesk.states import Waits
    from ui.carrier_picker import CarrierPicker
    from ui.tracking_entry import TrackingEntry


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def date_of(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


class DetailPanel(QWidget):
    """The right-hand side: the selected order, carrier and tracking input, action buttons.

    Not part of the first frame: the window builds it right after the first paint (or when
    something uses it before).  Signals are wired by the window."""

    def __init__(self, carriers: CarrierTable, parent: QWidget | None = None) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QDateEdit, QGridLayout, QSizePolicy

        from amzdesk.rules import Action
        from ui.carrier_picker import CarrierPicker
        from ui.tracking_entry import TrackingEntry

        super().__init__(parent)
        self.setObjectName("detailPanel")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 4, 8, 4)
        self.detail_title = QLabel(self)
        self.detail_title.setObjectName("detailTitle")
        self.detail_title.setWordWrap(True)
        self.detail_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        f = self.detail_title.font()
        f.setPointSizeF(f.pointSizeF() * 1.15)
        f.setBold(True)
        self.detail_title.setFont(f)
        self.detail_state = QLabel(self)
        self.detail_state.setObjectName("detailState")
        self.detail_state.setWordWrap(True)
        self.detail_items = QLabel(self)
        self.detail_items.setObjectName("detailItems")
        self.detail_items.setWordWrap(True)
        self.detail_items.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.detail_title)
        lay.addWidget(self.detail_state)
        lay.addWidget(self.detail_items)

        # the one recommended next step and why
        self.recommendation = QLabel(self)
        self.recommendation.setObjectName("recommendation")
        self.recommendation.setWordWrap(True)
        self.recommendation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recommendation.setStyleSheet(
            "QLabel#recommendation { background: #e3f2fd; color: #0d47a1;"
            " border-left: 4px solid #1565c0; padding: 6px; }"
        )
        lay.addWidget(self.recommendation)
        # what a shipped order shipped with: carrier and tracking number per package
        self.shipped_info = QLabel(self)
        self.shipped_info.setObjectName("shippedInfo")
        self.shipped_info.setWordWrap(True)
        self.shipped_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.shipped_info.hide()
        lay.addWidget(self.shipped_info)

        # carrier, tracking numbers and ship date: shown only for an order that takes them
        self.input_section = QWidget(self)
        self.input_section.setObjectName("inputSection")
        inp = QVBoxLayout(self.input_section)
        inp.setContentsMargins(0, 0, 0, 0)
        self.carrier_heading = QLabel(self.input_section)
        self.carrier_heading.setObjectName("carrierHeading")
        self.carrier_picker: CarrierPicker = CarrierPicker(carriers, self.input_section)
        self.carrier_heading.setBuddy(self.carrier_picker.combo)
        self.tracking_heading = QLabel(self.input_section)
        self.tracking_heading.setObjectName("trackingHeading")
        self.tracking_entry: TrackingEntry = TrackingEntry(self.input_section)
        self.tracking_heading.setBuddy(self.tracking_entry.edit)
        self.ship_date_heading = QLabel(self.input_section)
        self.ship_date_heading.setObjectName("shipDateHeading")
        self.ship_date = QDateEdit(self.input_section)
        self.ship_date.setObjectName("shipDate")
        self.ship_date.setCalendarPopup(True)
        self.ship_date.setDisplayFormat("yyyy-MM-dd")
        self.ship_date_heading.setBuddy(self.ship_date)
        date_row = QHBoxLayout()
        date_row.addWidget(self.ship_date_heading)
        date_row.addWidget(self.ship_date)
        date_row.addStretch(1)
        inp.addWidget(self.carrier_heading)
        inp.addWidget(self.carrier_picker)
        inp.addWidget(self.tracking_heading)
        inp.addWidget(self.tracking_entry)
        inp.addLayout(date_row)
        lay.addWidget(self.input_section)

        grid = QGridLayout()
        self.action_buttons: dict[Action, QPushButton] = {}
        for i, action in enumerate(Action):
            b = QPushButton(self)
            b.setObjectName(action_object_name(action))
            b.setEnabled(False)
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            grid.addWidget(b, i // 2, i % 2)
            self.action_buttons[action] = b
        # R-C1: an Amazon order's return is processed in Seller Central; the user records it
        self.record_return_button = QPushButton(self)
        self.record_return_button.setObjectName("action_record-return")
        self.record_return_button.setEnabled(False)
        grid.addWidget(self.record_return_button, (len(Action) + 1) // 2, 0, 1, 2)
        # an order written to the Amazon upload file waits for it; this cancels that export
        self.cancel_export_button = QPushButton(self)
        self.cancel_export_button.setObjectName("action_cancel-export")
        self.cancel_export_button.setEnabled(False)
        grid.addWidget(self.cancel_export_button, (len(Action) + 3) // 2, 0, 1, 2)
        self.action_buttons[Action.CONFIRM_AMAZON].setDefault(True)
        lay.addLayout(grid)

        # every action's verdict, behind a disclosure (the recommendation above is what shows)
        self.verdict_toggle = QToolButton(self)
        self.verdict_toggle.setObjectName("verdictToggle")
        self.verdict_toggle.setCheckable(True)
        self.verdict_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.verdict_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.verdict_toggle.setAutoRaise(True)
        lay.addWidget(self.verdict_toggle)
        self.verdict_label = QLabel(self)
        self.verdict_label.setObjectName("verdictReasons")
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdict_label.hide()
        lay.addWidget(self.verdict_label)

        def toggled(on: bool) -> None:
            self.verdict_label.setVisible(on)
            self.verdict_toggle.setArrowType(
                Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow
            )

        self.verdict_toggle.toggled.connect(toggled)
        self.customer_label = QLabel(self)
        self.customer_label.setObjectName("customerDetails")
        self.customer_label.setWordWrap(True)
        self.customer_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.customer_label.hide()
        lay.addWidget(self.customer_label)
        lay.addStretch(1)

        self.panel_key: str | None = None  # the order the inputs were set up for
        self.kept_carrier: Carrier | None = None  # the carrier of the packing session (kept)
        self.ship_date_chosen: dt.date | None = None  # a date the user picked (this session)

    # ------------------------------------------------------------------------------------------
    # texts
    # ------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        from amzdesk import rules

        self.carrier_heading.setText(self.tr("配送業者(&C)"))
        self.tracking_heading.setText(self.tr("追跡番号(&T)"))
        self.ship_date_heading.setText(self.tr("出荷日(&D)"))
        self.ship_date.setToolTip(
            self.tr(
                "Amazon に送る出荷日です。今日が初期値で、このセッションの間は選んだ日を"
                "覚えます。未来の日付や注文日より前の日付は選べません"
            )
        )
        self.ship_date.setAccessibleName(self.tr("出荷日"))
        self.verdict_toggle.setText(self.tr("できること・できないこと"))
        self.verdict_toggle.setAccessibleName(self.tr("できること・できないことを表示"))
        for action, b in self.action_buttons.items():
            label = tr_amzdesk(action.label)
            b.setText(label)
            b.setAccessibleName(label)
        record = self.record_return_text()
        self.record_return_button.setText(record)
        self.record_return_button.setAccessibleName(record)
        cancel_export = tr_amzdesk(rules.CANCEL_EXPORT_LABEL)
        self.cancel_export_button.setText(cancel_export)
        self.cancel_export_button.setAccessibleName(cancel_export)

    def record_return_text(self) -> str:
        """The Seller Central return record's label (button, menu entry, question title)."""
        return self.tr("セラーセントラルで返送処理したことを記録する")

    # ------------------------------------------------------------------------------------------
    # the order shown
    # ------------------------------------------------------------------------------------------
    def show_no_order(self) -> None:
        self.detail_title.setText(self.tr("注文を選んでください"))
        self.detail_state.clear()
        self.detail_items.clear()
        self.hide_order_parts()

    def hide_order_parts(self) -> None:
        """Hide what belongs to one order read from the store (while it is being read)."""
        self.recommendation.hide()
        self.shipped_info.hide()
        self.input_section.hide()

    def show_row(
        self,
        row: Row,
        model: OrderTableModel,
        order: Order | None,
        clock: Callable[[], dt.datetime] | None = None,
        waits: Waits | None = None,
    ) -> None:
        """The numbers, state, deadline and products of ``row``; ``order`` is the same order
        read from the store (None while it is being read). The wait line counts with the
        owner's ``waits`` (settings) at ``clock`` (the services' clock: the simulator's in
        the demo)."""
        labels = model.labels
        parts = [labels.channel.get(row.channel, row.channel)]
        if row.display_no:
            parts.append(self.tr("makeshop {0}").format(row.display_no))
        if row.amazon_id:
            parts.append(self.tr("Amazon {0}").format(row.amazon_id))
        self.detail_title.setText("  ".join(parts))
        state_label = model.display_text(row, C_STATE)
        tip = labels.state_tip.get(row.state, "")
        deadline = model.display_text(row, C_DEADLINE)
        lines = [self.tr("状態: {0}").format(state_label)]
        if tip:
            lines.append(tip)
        if order is not None:
            from amzdesk import states
            from amzdesk.clock import utcnow

            now = clock() if clock is not None else utcnow()
            waiting = states.waiting_for(order, now, waits or states.DEFAULT_WAITS)
            if waiting:
                lines.append(tr_amzdesk(waiting))
        if deadline:
            lines.append(self.tr("出荷期限: {0}").format(deadline))
        self.detail_state.setText("\n".join(lines))
        self.detail_items.setText(self.tr("商品: {0}").format(row.titles or "-"))

    @staticmethod
    def mode(order: Order) -> str:
        """ "work" (confirm / complete: inputs, carrier kept), "correct" (a confirmed package's
        number can be corrected: inputs, its carrier), or "none" (nothing to enter)."""
        from amzdesk import worklist

        return worklist.panel_mode(order)

    def setup_inputs(self, order: Order | None, clock: Callable[[], dt.datetime] | None) -> None:
        """Reset the inputs for the order shown (once per order): what applies to it only.
        ``clock`` gives the ship date's range (no date is set up without it)."""
        key = order.key if order is not None else None
        if key == self.panel_key:
            return
        self.panel_key = key
        mode = self.mode(order) if order is not None else "none"
        picker = self.carrier_picker
        picker.blockSignals(True)
        if mode == "work":
            picker.set_carrier(self.kept_carrier)
        elif mode == "correct" and order is not None:
            picker.set_carrier(self._confirmed_carrier(order))
        else:
            picker.clear()
        picker.blockSignals(False)
        self.tracking_entry.set_carrier(picker.carrier())
        self.tracking_entry.set_optional(order is not None and not order.is_amazon)
        self.input_section.setVisible(mode != "none")
        # what Amazon would show: only for Amazon orders (a shop order never reaches Amazon)
        picker.preview_label.setVisible(order is not None and order.is_amazon)
        if order is not None and clock is not None:
            self._setup_ship_date(order, clock())

    def _confirmed_carrier(self, order: Order) -> Carrier | None:
        packages = list(order.notes.confirmed_packages)
        if not packages:
            return None
        return self.carrier_picker.table.by_name(packages[-1].carrier)

    def _setup_ship_date(self, order: Order, now: dt.datetime) -> None:
        from amzdesk import worklist

        earliest, latest = worklist.ship_date_range(now, order.order_date)
        chosen = worklist.clamp_ship_date(self.ship_date_chosen, now, order.order_date)
        edit = self.ship_date
        edit.blockSignals(True)
        edit.setDateRange(_qdate(earliest), _qdate(latest))
        edit.setDate(_qdate(chosen))
        edit.blockSignals(False)

    def chosen_ship_date(self) -> dt.date:
        """The ship date the next confirmation sends."""
        return date_of(self.ship_date.date())

    def show_shipped(self, order: Order) -> None:
        """What the order shipped with: carrier and tracking number per package."""
        lines: list[str] = []
        packages = list(order.amazon.packages) if order.amazon is not None else []
        seen = {p.tracking_number for p in packages if p.tracking_number}
        packages += [p for p in order.notes.confirmed_packages if p.tracking_number not in seen]
        for i, p in enumerate(packages, 1):
            carrier = p.carrier or "-"
            number = p.tracking_number or self.tr("追跡番号なし")
            lines.append(self.tr("荷物 {0}: {1}  {2}").format(i, carrier, number))
        ms = order.makeshop
        if not lines and ms is not None and (ms.carrier_code or ms.slip_number):
            c = self.carrier_picker.table.by_code(ms.carrier_code)
            name = c.name if c is not None else (ms.carrier_code or "-")
            lines.append(
                self.tr("makeshop: {0}  {1}").format(
                    name, ms.slip_number or self.tr("伝票番号なし")
                )
            )
        if lines:
            self.shipped_info.setText(self.tr("出荷済みの荷物") + "\n" + "\n".join(lines))
        self.shipped_info.setVisible(bool(lines))

    def show_recommendation(
        self, order: Order | None, verdicts: dict[Action, Verdict], model: OrderTableModel
    ) -> None:
        from amzdesk import worklist
        from amzdesk.rules import Action

        if order is None:
            self.recommendation.hide()
            return
        action = worklist.recommended_action(order)
        texts = {
            Action.CONFIRM_AMAZON: self.tr(
                "次にすること: 配送業者と追跡番号を入れて「{0}」（Enter）。"
                "Amazon に出荷を知らせます"
            ),
            Action.COMPLETE_MAKESHOP: self.tr(
                "次にすること: 発送したら「{0}」。makeshop がお客様に発送をお知らせします"
            ),
        }
        if action is not None and action in texts:
            text = texts[action].format(tr_amzdesk(action.label))
            v = verdicts.get(action)
            if v is not None and not v.allowed and v.needs_input:
                text += "\n" + tr_amzdesk(v.reason)
        else:
            row = model.row_by_key(order.key)
            tip = model.labels.state_tip.get(row.state if row is not None else "", "")
            if row is not None and row.flags & F_NEEDS_ACTION:
                text = self.tr("次にすること: {0}").format(tip)  # e.g. check in Seller Central
            else:
                text = self.tr("次にすること: なし。{0}").format(tip)
        self.recommendation.setText(text)
        self.recommendation.show()
