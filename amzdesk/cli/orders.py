"""``orders`` (``amzdesk.orders/1``) and ``carriers`` (``amzdesk.carriers/1``): what the store
holds and what each order allows, and the carrier table as Amazon will see it."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from amzdesk.cli.common import EXIT_OK, CliContext, add_json, demo_sync, iso_or_none
from amzdesk.clock import to_jst, utcnow

if TYPE_CHECKING:
    from amzdesk.carriers import CarrierTable
    from amzdesk.models import Order

__all__ = ["CARRIERS_SCHEMA", "ORDERS_SCHEMA", "order_doc", "register"]

ORDERS_SCHEMA: Final = "amzdesk.orders/1"
CARRIERS_SCHEMA: Final = "amzdesk.carriers/1"


def register(sub: Any) -> None:
    p = sub.add_parser("orders", help="取得済みの注文と、できる操作を表示する")
    add_json(p)
    p.add_argument("--needs-action", action="store_true", help="対応が必要な注文だけ表示する")
    p.set_defaults(func=_cmd_orders)

    p = sub.add_parser("carriers", help="配送業者の一覧と Amazon での表示名を表示する")
    add_json(p)
    p.set_defaults(func=_cmd_carriers)


# --- orders -------------------------------------------------------------------------------------


def _carrier_and_tracking(order: Order, table: CarrierTable) -> tuple[str | None, str | None]:
    """The carrier / tracking number the order shipped with, as best known."""
    packages = list(order.amazon.packages) if order.amazon is not None else []
    packages += list(order.notes.confirmed_packages)
    for pkg in reversed(packages):
        if pkg.carrier or pkg.tracking_number:
            return (pkg.carrier or None, pkg.tracking_number or None)
    ms = order.makeshop
    if ms is not None and (ms.carrier_code or ms.slip_number):
        carrier = table.by_code(ms.carrier_code) if ms.carrier_code else None
        name = carrier.name if carrier is not None else (ms.carrier_code or None)
        return (name, ms.slip_number or None)
    return (None, None)


def order_doc(order: Order, table: CarrierTable, now: datetime) -> dict[str, Any]:
    """One order as the ``amzdesk.orders/1`` JSON object."""
    from amzdesk.rules import evaluate
    from amzdesk.states import combined_state, deadline

    state = combined_state(order)
    verdicts = evaluate(order, table=table)
    carrier, tracking = _carrier_and_tracking(order, table)
    az, ms = order.amazon, order.makeshop
    return {
        "key": order.key,
        "channel": order.channel.value,
        "amazon_order_id": order.amazon_order_id or None,
        "makeshop_order_number": ms.display_order_number if ms is not None else None,
        "makeshop_system_order_number": ms.system_order_number if ms is not None else None,
        "order_date": iso_or_none(order.order_date),
        "amazon_status": az.status.value if az is not None else None,
        "makeshop_delivery_status": ms.delivery_status.value if ms is not None else None,
        "payment_status": ms.payment_status if ms is not None else None,
        "latest_ship_date": iso_or_none(order.ship_by),
        "deadline": deadline(order, now).value,
        "carrier": carrier,
        "tracking_number": tracking,
        "state": state.value,
        "state_label": state.label,
        "needs_action": state.needs_action,
        "actions": {
            action.value: {
                "allowed": v.allowed,
                "needs_input": v.needs_input,
                "reason": v.reason,
                "rule_id": v.rule_id,
            }
            for action, v in verdicts.items()
        },
    }


def _sorted_orders(orders: Iterable[Order]) -> list[Order]:
    def key(o: Order) -> tuple[float, str]:
        d = o.order_date
        return (-(d.timestamp() if d is not None else 0.0), o.key)

    return sorted(orders, key=key)


def _cmd_orders(args: argparse.Namespace, ctx: CliContext) -> int:
    from amzdesk.states import combined_state

    services = ctx.services
    demo_sync(ctx)
    table = services.carriers
    orders = list(services.store.all_orders())
    if args.needs_action:
        orders = [o for o in orders if combined_state(o).needs_action]
    orders = _sorted_orders(orders)
    now = utcnow()
    if ctx.json_mode:
        ctx.emit_json(
            {
                "schema": ORDERS_SCHEMA,
                "generated_at": iso_or_none(now),
                "count": len(orders),
                "orders": [order_doc(o, table, now) for o in orders],
            }
        )
        return EXIT_OK
    if not orders:
        ctx.out(
            "注文はありません"
            if services.store.count()
            else "注文はまだありません（sync で取得してください）"
        )
        return EXIT_OK
    for o in orders:
        doc = order_doc(o, table, now)
        date = to_jst(o.order_date).strftime("%Y-%m-%d %H:%M") if o.order_date else "-"
        due = to_jst(o.ship_by).strftime("%m/%d") if o.ship_by else "-"
        allowed = [a for a, v in doc["actions"].items() if v["allowed"]]
        ctx.out(
            "  ".join(
                [
                    date,
                    f"{doc['channel']:<10}",
                    doc["amazon_order_id"] or "-",
                    doc["makeshop_order_number"] or "-",
                    f"期限:{due}",
                    doc["state_label"],
                    f"[{', '.join(allowed) or '-'}]",
                ]
            )
        )
    ctx.out(f"{len(orders)} 件")
    return EXIT_OK


# --- carriers -----------------------------------------------------------------------------------


def _cmd_carriers(args: argparse.Namespace, ctx: CliContext) -> int:
    from amzdesk.carriers import default_table

    table = ctx.carrier_table
    base = default_table()
    rows = []
    for c in table.all():
        preview = table.preview(c)
        original = base.by_name(c.name)
        code, name = c.spapi_fields()
        rows.append(
            {
                "name": c.name,
                "code": c.code,
                "amazon_name": c.amazon_name,
                "identifies_carrier": c.identifies_carrier,
                "tracked": c.tracked.value,
                "tracking_format": c.tracking_format,
                "spapi_carrier_code": code,
                "spapi_carrier_name": name,
                "overridden": original is not None and original.spapi_code != c.spapi_code,
                "warnings": list(preview.warnings),
                "note": c.note,
            }
        )
    if ctx.json_mode:
        ctx.emit_json({"schema": CARRIERS_SCHEMA, "count": len(rows), "carriers": rows})
        return EXIT_OK
    for r in rows:
        flag = "" if r["identifies_carrier"] else "  ※Amazon には実際の配送業者名が伝わりません"
        sent = (
            f"{r['spapi_carrier_code']}/{r['spapi_carrier_name']}"
            if r["spapi_carrier_code"]
            else "-"
        )
        over = "（設定で変更）" if r["overridden"] else ""
        ctx.out(
            f"{r['name']}（{r['code'] or '-'}） → Amazon 表示: {r['amazon_name']}"
            f"  追跡: {r['tracked']}  SP-API: {sent}{over}{flag}"
        )
    ctx.out(f"{len(rows)} 件")
    return EXIT_OK
