"""A realistic, deterministic Japanese shop: shop, Amazon MFN and Amazon FBA orders.

One generator: the scenario plan, the weights, the product catalogue and the order builder
(``_Gen``) draw from one random stream in a fixed order, which keeps seeded shops (and the
tests that name their orders) stable.

Everything derives from ``random.Random(seed)`` and the start instant ``now``: the same seed and
``now`` give the same shop.  Orders are spread over a period that grows with their number (a few
weeks for a few hundred orders, about a year for 100,000), so "work" (unshipped Amazon orders
around their deadline) stays proportionate to orders per day.

Every seed contains at least one order of each scenario in :data:`SCENARIOS` (when ``n_orders``
allows), so tests can pick one with ``world.scenario(name)``.

Buyer and recipient data are personal data (R-D1).  To let tests scan files and logs for leaks,
every buyer / recipient / orderer name and address contains :data:`PII_NAME_MARKER` and every
phone number is :data:`PII_PHONE`; :data:`PII_MARKERS` lists the strings to look for.
"""

from __future__ import annotations

import gc
import random
from bisect import bisect
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Final

from amzdesk import assumptions as A
from amzdesk.clock import JST
from amzdesk.sim.world import (
    AMAZON,
    CANCELLED,
    MERCHANT,
    MS_CANCELLED,
    MS_RETURNED,
    MS_SHIPPED,
    MS_UNPROCESSED,
    PENDING,
    SHIPPED,
    UNSHIPPED,
    AmazonOrder,
    AmzItem,
    AmzPackage,
    MakeshopOrder,
    MsBasket,
    MsDelivery,
    SyncEvent,
)

PII_NAME_MARKER: Final = "試験"
PII_PHONE: Final = "090-0000-1234"
PII_MARKERS: Final = (PII_NAME_MARKER, PII_PHONE, "09000001234", "shiken.buyer")

# Scenario names: "<channel>-<state>".  Amazon ones are keyed by Amazon order ID in
# ``world.scenario(name)``, shop ones by makeshop display order number.
MFN_UNSHIPPED: Final = "mfn-unshipped"  # ship-by later than today
MFN_DUE_TODAY: Final = "mfn-due-today"
MFN_OVERDUE: Final = "mfn-overdue"
MFN_PENDING: Final = "mfn-pending"  # payment not yet confirmed: cannot be shipped yet
MFN_PARTIAL: Final = "mfn-partial"  # partially shipped, multi-item
MFN_SHIPPED: Final = "mfn-shipped"  # shipped on Amazon, makeshop synced (配送)
MFN_MULTI_PACKAGE: Final = "mfn-shipped-multi-package"
MFN_NOT_SYNCED: Final = "mfn-shipped-not-synced"  # Amazon shipped, makeshop still 未処理 (R-F2)
MFN_LINK_FAILED_SHIPPED: Final = "mfn-link-failed-shipped"  # 連携失敗, Amazon shipped: 対応不要
MFN_LINK_FAILED_UNSHIPPED: Final = "mfn-link-failed-unshipped"  # 連携失敗, Amazon unshipped
MFN_VIA_MAKESHOP: Final = "mfn-shipped-via-makeshop"  # converted carrier, no tracking (R-B2)
MFN_CANCELLED: Final = "mfn-cancelled"
MFN_RETURN_PENDING: Final = "mfn-return-pending"  # returned on Amazon, makeshop not yet 返送
MFN_RETURNED: Final = "mfn-returned"  # makeshop 返送 (R-C1)
FBA_SHIPPED: Final = "fba-shipped"
FBA_PENDING: Final = "fba-pending"
FBA_CANCELLED: Final = "fba-cancelled"
SHOP_UNPROCESSED: Final = "shop-unprocessed"
SHOP_SHIPPED: Final = "shop-shipped"
SHOP_CANCELLED: Final = "shop-cancelled"
SHOP_RETURNED: Final = "shop-returned"
SHOP_MULTI_DELIVERY: Final = "shop-multi-delivery"  # 未処理, two deliveries (複数配送)
# 未処理, a payment method that mentions Amazon but is neither the marketplace's nor Amazon Pay
SHOP_MAYBE_AMAZON: Final = "shop-maybe-amazon"
SHOP_MAYBE_AMAZON_PAY_METHOD: Final = "Amazonギフトカード払い"  # the simulator's own
# Amazon merchant orders whose makeshop side carries no Amazon order ID (only its payment
# method says Amazon): the app links them by date and items.  Keyed by Amazon order ID.
MFN_NO_ID: Final = "mfn-no-id-in-makeshop"
SHOP_AMAZON_PAY: Final = (
    "shop-amazon-pay"  # 未処理, paid with 「イプシロン:Amazon Pay」: a shop order
)

_PLANNED: Final = (
    MFN_UNSHIPPED,
    MFN_DUE_TODAY,
    MFN_OVERDUE,
    MFN_PENDING,
    MFN_PARTIAL,
    MFN_SHIPPED,
    MFN_MULTI_PACKAGE,
    MFN_NOT_SYNCED,
    MFN_LINK_FAILED_SHIPPED,
    MFN_LINK_FAILED_UNSHIPPED,
    MFN_VIA_MAKESHOP,
    MFN_CANCELLED,
    MFN_RETURN_PENDING,
    MFN_RETURNED,
    FBA_SHIPPED,
    FBA_PENDING,
    FBA_CANCELLED,
    SHOP_UNPROCESSED,
    SHOP_SHIPPED,
    SHOP_CANCELLED,
    SHOP_RETURNED,
)
# Drawn in the plan above; the two below are picked among the shop's 未処理 orders afterwards
# (from a separate random stream, so the demo shop's orders and IDs stay as they were).
SCENARIOS: Final = (*_PLANNED, SHOP_MULTI_DELIVERY, SHOP_AMAZON_PAY, SHOP_MAYBE_AMAZON)

# Weights: (recent orders, older orders).
_MFN_RECENT = {
    MFN_UNSHIPPED: 30,
    MFN_DUE_TODAY: 20,
    MFN_OVERDUE: 8,
    MFN_PENDING: 2,
    MFN_PARTIAL: 5,
    MFN_NOT_SYNCED: 8,
    MFN_SHIPPED: 18,
    MFN_LINK_FAILED_UNSHIPPED: 2,
    MFN_VIA_MAKESHOP: 3,
    MFN_CANCELLED: 4,
    MFN_RETURN_PENDING: 2,
}
_MFN_OLD = {
    MFN_SHIPPED: 76,
    MFN_MULTI_PACKAGE: 6,
    MFN_CANCELLED: 4,
    MFN_RETURNED: 4,
    MFN_LINK_FAILED_SHIPPED: 3,
    MFN_VIA_MAKESHOP: 5,
    MFN_RETURN_PENDING: 0.3,
}
_FBA_RECENT = {FBA_PENDING: 35, FBA_SHIPPED: 60, FBA_CANCELLED: 5}
_FBA_OLD = {FBA_SHIPPED: 95, FBA_CANCELLED: 5}
_SHOP_RECENT = {SHOP_UNPROCESSED: 70, SHOP_SHIPPED: 25, SHOP_CANCELLED: 5}
_SHOP_OLD = {SHOP_SHIPPED: 88, SHOP_CANCELLED: 6, SHOP_RETURNED: 6}

_CHANNEL_WEIGHTS = (("shop", 40), ("mfn", 45), ("fba", 15))
RECENT_DAYS: Final = 3.0


_Weighted = tuple[Sequence[str], list[float]]


def _weighted(weights: Mapping[str, float]) -> _Weighted:
    keys = list(weights)
    cum: list[float] = []
    total = 0.0
    for k in keys:
        total += weights[k]
        cum.append(total)
    return keys, cum


@dataclass(frozen=True)
class Product:
    name: str
    sku: str
    asin: str
    price: int
    product_code: str
    fba: bool


_PRODUCTS: Final = (
    ("有田焼 マグカップ 藍染 300ml", "ARITA-MUG-300-AI", 3300),
    ("今治タオル フェイスタオル 3枚セット 白", "IMABARI-FT-3P-WH", 2750),
    ("南部鉄器 急須 0.5L 霰", "NAMBU-KYUSU-05-AR", 8800),
    ("静岡茶 深蒸し煎茶 100g", "SHIZU-SENCHA-100", 1080),
    ("宇治抹茶 薄茶用 30g 缶入り", "UJI-MATCHA-30", 1620),
    ("備前焼 ビアマグ 窯変", "BIZEN-BEER-YOHEN", 4950),
    ("信楽焼 小鉢 5客セット", "SHIGA-KOBACHI-5", 5500),
    ("江戸切子 ロックグラス 瑠璃", "EDOKIRI-ROCK-RURI", 16500),
    ("波佐見焼 茶碗 しのぎ 藍", "HASAMI-CHAWAN-SNG", 1980),
    ("国産ひのき まな板 36cm", "HINOKI-MANAITA-36", 3980),
    ("土佐打刃物 三徳包丁 170mm", "TOSA-SANTOKU-170", 7480),
    ("西陣織 名刺入れ 金襴", "NISHIJIN-MEISHI-KN", 3850),
    ("注染手ぬぐい 富士山", "TENUGUI-FUJI", 1320),
    ("伊賀焼 土鍋 8号", "IGA-DONABE-8", 9900),
    ("燕三条 ステンレス 雪平鍋 18cm", "TSUBAME-YUKIHIRA-18", 4400),
    ("会津塗 汁椀 ペア", "AIZU-WAN-PAIR", 6600),
    ("若狭塗 箸 5膳セット", "WAKASA-HASHI-5", 3300),
    ("北海道産 羅臼昆布 150g", "RAUSU-KOMBU-150", 2480),
    ("知覧茶 ティーバッグ 50包", "CHIRAN-TB-50", 1480),
    ("美濃和紙 便箋封筒セット", "MINO-BINSEN-SET", 1650),
    ("綿 風呂敷 90cm 桜", "FUROSHIKI-90-SAKURA", 2200),
    ("輪島塗 箸置き 5個組", "WAJIMA-HASHIOKI-5", 5280),
    ("美濃焼 豆皿 10枚セット", "MINO-MAMEZARA-10", 3960),
    ("九谷焼 湯呑み 色絵", "KUTANI-YUNOMI-IROE", 4180),
    ("奈良墨 書道用 2丁型", "NARA-SUMI-2", 2090),
    ("ちりめん 巾着 小 紺", "CHIRIMEN-KINCHAKU-S", 1430),
    ("小豆島 オリーブオイル 182g", "SHODO-OLIVE-182", 3240),
    ("讃岐うどん 半生 6人前", "SANUKI-UDON-6", 1290),
    ("山形 さくらんぼ ジャム 150g", "YAMAGATA-JAM-150", 980),
    ("竹製 茶さじ 国産", "TAKE-CHASAJI", 770),
    ("鉄瓶 南部 1.2L 亀甲", "NAMBU-TETSUBIN-12", 19800),
    ("帆布 トートバッグ 生成", "HANPU-TOTE-KINARI", 5940),
)
_FBA_PRODUCTS: Final = (
    ("今治タオル バスタオル 2枚組 グレー", "IMABARI-BT-2P-GY-FBA", 4400),
    ("静岡茶 ティーバッグ 100包", "SHIZU-TB-100-FBA", 1980),
    ("有田焼 豆皿 5枚セット 化粧箱入り", "ARITA-MAME-5-FBA", 3520),
    ("宇治ほうじ茶 200g", "UJI-HOJI-200-FBA", 1240),
    ("燕三条 カトラリー 10本セット", "TSUBAME-CUT-10-FBA", 3850),
    ("国産 ひのき 風呂椅子", "HINOKI-ISU-FBA", 8800),
    ("手ぬぐい 3枚セット 和柄", "TENUGUI-3P-FBA", 2970),
    ("信楽焼 フリーカップ ペア", "SHIGA-CUP-PAIR-FBA", 4620),
)

_PREFECTURES: Final = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県",
    "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県",
    "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府",
    "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県",
    "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県",
    "鹿児島県", "沖縄県",
)  # fmt: skip
_PREF_WEIGHTS: Final = tuple(
    {"東京都": 14, "神奈川県": 8, "大阪府": 7, "愛知県": 6, "埼玉県": 6, "千葉県": 5}.get(p, 1.5)
    for p in _PREFECTURES
)
_CITIES: Final = ("中央区", "北区", "南市", "東町", "西区", "港区", "緑区", "本町", "青葉区")
_GIVEN: Final = (
    "太郎", "花子", "一郎", "陽子", "健太", "美咲", "翔太", "由美", "大輔", "恵子", "拓也",
    "真由美", "直樹", "さくら", "誠", "明美", "悠斗", "彩", "浩二", "千尋",
)  # fmt: skip

# payMethod strings are not public (fact sheet §10.5): these are the simulator's.
SHOP_AMAZON_PAY_METHOD: Final = (
    "イプシロン:Amazon Pay"  # a shop payment method (not Amazon's order)
)
_SHOP_PAY: Final = (
    ("クレジットカード決済", 50),
    ("代金引換", 15),
    ("銀行振込", 10),
    ("コンビニ決済", 10),
    (SHOP_AMAZON_PAY_METHOD, 10),
    ("楽天ペイ", 5),
)
_SHOP_PAY_W: Final = _weighted(dict(_SHOP_PAY))
# The admin's delivery method of FBA orders (R-G1); served only by the simulator's extension.
FBA_DELIVERY_METHOD: Final = "AmazonFBA配送"
# The admin's names (M3): plain, and for cash on delivery.
AMAZON_PAY_METHOD: Final = "Amazonマーケットプレイス決済"
AMAZON_COD_PAY_METHOD: Final = "Amazonマーケットプレイス決済(代引き)"
# 4-digit paymentStatusCode values seen publicly (C3's reading), and the simulator's own.
PAY_COD_PAID: Final = "0000"
PAY_CASH: Final = "0001"
PAY_TRANSFER_PAID: Final = "0002"
PAY_CANCELLED: Final = "0003"
PAY_AUTHORIZED: Final = "0004"
PAY_UNPAID: Final = "1000"  # not public: the simulator's "not paid yet"

# (carrierCode sent to SP-API, carrierName, shippingMethod, makeshop code, weight)
_SPAPI_CARRIERS: Final = (
    ("YamatoTransport", "ヤマト運輸", "宅急便", "002", 45),
    ("SagawaExpress", "佐川急便", "飛脚宅配便", "003", 25),
    ("Japan Post", "日本郵便", "ゆうパック", "001", 15),
    ("Japan Post", "日本郵便", "クリックポスト", "027", 10),
    ("SEINO TRANSPORTATION", "西濃運輸", "カンガルー便", "006", 5),
)
_MS_SHIP_CODES_W: Final = _weighted({"002": 45, "003": 25, "001": 15, "027": 10, "030": 5})
_SPAPI_CUM: Final = [float(sum(c[4] for c in _SPAPI_CARRIERS[: i + 1])) for i in range(5)]
# Carrier codes chosen at makeshop's 配送完了 (R-E1): some convert, some become ABF (R-E2).
_MS_VIA_CODES: Final = ("015", "028", "002", "018", "", "014")


def _catalog(rng: random.Random) -> tuple[list[Product], list[Product]]:
    alnum = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"

    def asin() -> str:
        return "B0" + "".join(rng.choice(alnum) for _ in range(8))

    mfn = [
        Product(n, s, asin(), p, f"{1000 + i:012d}", False) for i, (n, s, p) in enumerate(_PRODUCTS)
    ]
    fba = [Product(n, s, asin(), p, "", True) for n, s, p in _FBA_PRODUCTS]  # not in makeshop: R-G2
    return mfn, fba


_JST_OFFSET: Final = timedelta(hours=9)


def _end_of_jst_day(dt: datetime, days: int = 0) -> datetime:
    d = dt.astimezone(JST) + timedelta(days=days)
    return datetime(d.year, d.month, d.day, 23, 59, 59, tzinfo=JST)


def _start_of_jst_day(dt: datetime) -> datetime:
    return dt.astimezone(JST).replace(hour=0, minute=0, second=0, microsecond=0)


class _Gen:
    def __init__(self, seed: int, n_orders: int, now: datetime, sync_delay: timedelta) -> None:
        self.rng = random.Random(seed)
        self._random = self.rng.random
        # everything added after the demo shop was fixed draws from here (same seed, same shop)
        self.aux = random.Random(seed * 7919 + 17)
        self.n = n_orders
        self.now = now.replace(microsecond=0)
        self.delay = sync_delay
        self.span_days = min(400.0, max(20.0, n_orders / 10))
        self.p_recent = min(1.0, RECENT_DAYS / self.span_days)
        self.mfn_products, self.fba_products = _catalog(self.rng)
        self.codes = {p.sku: p.product_code for p in self.mfn_products}
        self.amazon_ids: set[str] = set()
        self.item_ids: set[str] = set()
        self.amazon: list[AmazonOrder] = []
        self.makeshop: list[MakeshopOrder] = []
        self.events: list[SyncEvent] = []
        self._pref_cum: list[float] = []
        total = 0.0
        for w in _PREF_WEIGHTS:
            total += w
            self._pref_cum.append(total)

    # --- small helpers (fast: 100,000 orders must take seconds) ------------------------------

    def rint(self, lo: int, hi: int) -> int:
        """An integer in [lo, hi)."""
        return lo + int(self._random() * (hi - lo))

    def wpick(self, table: _Weighted) -> str:
        keys, cum = table
        return keys[bisect(cum, self._random() * cum[-1])]

    def pick(self, weights: dict[str, float]) -> str:
        return self.wpick(_weighted(weights))

    def amazon_id(self) -> str:
        while True:
            prefix = ("249", "250", "503")[self.rint(0, 3)]
            oid = f"{prefix}-{self.rint(0, 10**7):07d}-{self.rint(0, 10**7):07d}"
            if oid not in self.amazon_ids:
                self.amazon_ids.add(oid)
                return oid

    def item_id(self) -> str:
        while True:
            iid = f"{self.rint(10**13, 10**14)}"
            if iid not in self.item_ids:
                self.item_ids.add(iid)
                return iid

    def person(self) -> dict[str, str]:
        r = self.rint
        pref = _PREFECTURES[bisect(self._pref_cum, self._random() * self._pref_cum[-1])]
        return {
            "name": f"{PII_NAME_MARKER} {_GIVEN[r(0, len(_GIVEN))]}",
            "zip": f"{r(100, 999)}-{r(0, 10000):04d}",
            "prefecture": pref,
            "city": _CITIES[r(0, len(_CITIES))],
            "address1": f"{PII_NAME_MARKER}町{r(1, 9)}-{r(1, 30)}-{r(1, 20)}",
            "address2": f"{PII_NAME_MARKER}ハイツ{r(101, 509)}" if r(0, 3) == 0 else "",
            "tel": PII_PHONE,
            "email": f"shiken.buyer{r(0, 10**6):06d}@example.jp",
        }

    def items(self, products: list[Product], min_lines: int = 1) -> list[tuple[Product, int]]:
        x = self._random()
        lines = max(min_lines, 1 if x < 0.75 else 2 if x < 0.93 else 3)
        n = len(products)
        first = self.rint(0, n)
        chosen = [products[(first + k * self.rint(1, n // 3)) % n] for k in range(lines)]
        chosen = list({p.sku: p for p in chosen}.values())
        while len(chosen) < min_lines:
            chosen.append(products[(products.index(chosen[-1]) + 1) % n])
        out = []
        for p in chosen:
            y = self._random()
            out.append((p, 1 if y < 0.85 else 2 if y < 0.97 else 3))
        return out

    def tracking(self) -> str:
        body = self.rint(10**10, 10**11)
        return f"{body:011d}{body % 7}"

    def old_created(self) -> datetime:
        age = RECENT_DAYS + self._random() * (self.span_days - RECENT_DAYS)
        return self.now - timedelta(seconds=int(age * 86400))

    def recent_created(self, lo_h: float = 0.5, hi_h: float = 60.0) -> datetime:
        return self.now - timedelta(seconds=int(3600 * (lo_h + self._random() * (hi_h - lo_h))))

    # --- orders ----------------------------------------------------------------------------

    def plan(self) -> list[tuple[str, str]]:
        """(channel, scenario) for every order; each scenario at least once when possible."""
        out: list[tuple[str, str]] = []
        if self.n >= len(_PLANNED):
            out = [(s.split("-")[0], s) for s in _PLANNED]
        channels = _weighted(dict(_CHANNEL_WEIGHTS))
        tables = {
            "mfn": (_weighted(_MFN_RECENT), _weighted(_MFN_OLD)),
            "fba": (_weighted(_FBA_RECENT), _weighted(_FBA_OLD)),
            "shop": (_weighted(_SHOP_RECENT), _weighted(_SHOP_OLD)),
        }
        while len(out) < self.n:
            ch = self.wpick(channels)
            recent, old = tables[ch]
            out.append((ch, self.wpick(recent if self._random() < self.p_recent else old)))
        return out

    def build(self) -> None:
        for channel, scenario in self.plan():
            if channel == "shop":
                self.shop_order(scenario)
            else:
                self.amazon_order(channel, scenario)
        self.derived_scenarios()
        # makeshop numbers follow the order date
        self.makeshop.sort(key=lambda m: (m.order_date, m.system_order_number))
        by_amazon = {a.order_id: a for a in self.amazon}
        for i, mo in enumerate(self.makeshop):
            jst = mo.order_date + _JST_OFFSET
            mo.system_order_number = str(310000000 + i * 7 + self.rint(0, 7))
            # "P" + 18 digits, like the public examples (P180941172630907436)
            mo.display_order_number = (
                f"P18{jst.year % 100:02d}{jst.month:02d}{jst.day:02d}{i + 1:010d}"
            )
            if mo.amazon_order_id:
                by_amazon[mo.amazon_order_id].display_order_number = mo.display_order_number

    def shop_order(self, scenario: str) -> None:
        rng = self.rng
        created = self.recent_created() if scenario == SHOP_UNPROCESSED else self.old_created()
        if scenario == SHOP_CANCELLED and rng.random() < 0.3:
            created = self.recent_created()
        lines = self.items(self.mfn_products)
        orderer = self.person()
        receiver = orderer if self._random() < 0.8 else self.person()
        pay = self.wpick(_SHOP_PAY_W)
        aux = self.aux.random
        status = {
            SHOP_UNPROCESSED: MS_UNPROCESSED,
            SHOP_SHIPPED: MS_SHIPPED,
            SHOP_CANCELLED: MS_CANCELLED,
            SHOP_RETURNED: MS_RETURNED,
        }[scenario]
        shipped = status in (MS_SHIPPED, MS_RETURNED)
        payment = {
            "クレジットカード決済": PAY_AUTHORIZED,
            "代金引換": PAY_COD_PAID if shipped else PAY_UNPAID,
            "銀行振込": PAY_TRANSFER_PAID if shipped or aux() < 0.6 else PAY_UNPAID,
            "コンビニ決済": PAY_CASH,
        }.get(pay, PAY_AUTHORIZED)
        if status == MS_CANCELLED:
            payment = PAY_CANCELLED
        delivery = MsDelivery(
            delivery_id="1",
            status=status,
            method="メール便" if self._random() < 0.25 else "宅配便",
            receiver=_receiver_fields(receiver),
            basket=[MsBasket(p.product_code, p.sku, p.name, q, p.price) for p, q in lines],
            method_id="1",
            shipping_charge=660,
        )
        if shipped:
            delivery.company_code = self.wpick(_MS_SHIP_CODES_W)
            delivery.slip_number = self.tracking()
            delivery.delivery_date = created + timedelta(seconds=self.rint(6 * 3600, 60 * 3600))
        self.makeshop.append(
            MakeshopOrder(
                system_order_number="",
                display_order_number="",
                order_date=created,
                message=f"{PII_NAME_MARKER}様より: 贈答用です" if aux() < 0.1 else "",
                pay_method=pay,
                payment_status=payment,
                sum_price=sum(p.price * q for p, q in lines) + 660,
                orderer=_orderer_fields(orderer, self.aux.randrange(10**6)),
                deliveries=[delivery],
                scenario=scenario,
            )
        )

    def derived_scenarios(self) -> None:
        """Among the shop's 未処理 orders: some become 複数配送 (their items split over two
        addresses) and some pay with 「イプシロン:Amazon Pay」 (shop orders that say Amazon)."""
        open_shop = [
            m for m in self.makeshop if m.scenario == SHOP_UNPROCESSED and not m.amazon_order_id
        ]
        splittable = [
            m for m in open_shop if len(m.basket) > 1 or sum(b.amount for b in m.basket) > 1
        ]
        n_multi = max(1, len(open_shop) // 20) if splittable else 0
        for m in self.aux.sample(splittable, min(n_multi, len(splittable))):
            d = m.deliveries[0]
            basket = d.basket
            if len(basket) > 1:
                first, rest = basket[:1], basket[1:]
            else:
                b = basket[0]
                half = b.amount // 2
                first, rest = [replace(b, amount=b.amount - half)], [replace(b, amount=half)]
            other = dict(d.receiver, address2=f"{PII_NAME_MARKER}別邸")
            d.basket = first
            m.deliveries.append(
                replace(d, delivery_id="2", receiver=other, basket=rest, method="宅配便")
            )
            m.sum_price += d.shipping_charge
            m.scenario = SHOP_MULTI_DELIVERY
        rest_open = [m for m in open_shop if m.scenario == SHOP_UNPROCESSED]
        for m in rest_open:
            if m.pay_method == SHOP_AMAZON_PAY_METHOD:
                m.scenario = SHOP_AMAZON_PAY
        if rest_open and not any(m.scenario == SHOP_AMAZON_PAY for m in rest_open):
            chosen = rest_open[self.aux.randrange(len(rest_open))]
            chosen.pay_method = SHOP_AMAZON_PAY_METHOD
            chosen.payment_status = PAY_AUTHORIZED
            chosen.scenario = SHOP_AMAZON_PAY
        rest_open = [m for m in open_shop if m.scenario == SHOP_UNPROCESSED]
        if len(rest_open) > 1:
            chosen = rest_open[self.aux.randrange(len(rest_open))]
            chosen.pay_method = SHOP_MAYBE_AMAZON_PAY_METHOD
            chosen.payment_status = PAY_AUTHORIZED
            chosen.scenario = SHOP_MAYBE_AMAZON
        self.drop_some_ids()

    def drop_some_ids(self) -> None:
        """About one merchant order in twenty keeps its Amazon order ID out of makeshop, when
        no other Amazon order of the same items lies within two days (so that it can be matched
        unambiguously by date and items)."""
        by_items: dict[tuple[tuple[str, int], ...], list[AmazonOrder]] = {}
        for ao in self.amazon:
            key = tuple(sorted((i.sku, i.quantity) for i in ao.items))
            by_items.setdefault(key, []).append(ao)
        mfn_open = [
            ao
            for ao in self.amazon
            if not ao.is_fba and ao.scenario in (MFN_UNSHIPPED, MFN_DUE_TODAY, MFN_SHIPPED)
        ]
        by_id = {m.amazon_order_id: m for m in self.makeshop if m.amazon_order_id}
        window = timedelta(days=2)
        for ao in self.aux.sample(mfn_open, max(1, len(mfn_open) // 20) if mfn_open else 0):
            key = tuple(sorted((i.sku, i.quantity) for i in ao.items))
            twins = [
                o for o in by_items[key] if o is not ao and abs(o.created - ao.created) <= window
            ]
            mo = by_id.get(ao.order_id)
            left = sum(1 for o in mfn_open if o.scenario == ao.scenario)
            if twins or mo is None or left < 2:
                continue
            mo.message = ""
            ao.scenario = MFN_NO_ID

    def amazon_window(self, scenario: str, handling: int) -> tuple[datetime, datetime]:
        """Creation time and latest ship date of a new Amazon order in ``scenario``."""
        rng = self.rng
        now = self.now
        if scenario == MFN_UNSHIPPED:
            created = self.recent_created(0.2, 20)
            latest = _end_of_jst_day(now, rng.choice((1, 1, 2)))
        elif scenario == MFN_DUE_TODAY:
            created = self.recent_created(2, 40)
            latest = _end_of_jst_day(now)
        elif scenario in (MFN_OVERDUE, MFN_LINK_FAILED_UNSHIPPED):
            back = rng.choice((1, 1, 2, 3)) if scenario == MFN_OVERDUE else rng.choice((-1, 0, 1))
            latest = _end_of_jst_day(now, -back)
            created = min(
                _start_of_jst_day(latest) - timedelta(hours=rng.uniform(6, 40)),
                now - timedelta(hours=1),
            )
        elif scenario in (MFN_PARTIAL, FBA_PENDING, MFN_PENDING):
            created = self.recent_created(1, 40)
            latest = _end_of_jst_day(now, rng.choice((0, 1)))
        elif scenario == MFN_NOT_SYNCED:
            created = self.recent_created(8, 50)
            latest = _end_of_jst_day(created, handling)
        elif scenario == MFN_RETURN_PENDING:
            created = self.recent_created(60, 24 * 10)
            latest = _end_of_jst_day(created, handling)
        else:
            created = self.old_created()
            recent_ok = scenario in (MFN_SHIPPED, MFN_CANCELLED, MFN_VIA_MAKESHOP, FBA_SHIPPED)
            if recent_ok and self._random() < self.p_recent:
                created = self.recent_created(self.delay.total_seconds() / 3600 + 3, 70)
            latest = _end_of_jst_day(created, handling)
        return created, latest

    def amazon_order(self, channel: str, scenario: str) -> None:
        rng = self.rng
        now = self.now
        fba = channel == "fba"
        min_lines = 2 if scenario in (MFN_PARTIAL, MFN_MULTI_PACKAGE) else 1
        lines = self.items(self.fba_products if fba else self.mfn_products, min_lines)
        handling = (1, 2, 2, 3)[self.rint(0, 4)]
        created, latest = self.amazon_window(scenario, handling)
        created = created.replace(microsecond=0)
        earliest = created
        oid = self.amazon_id()
        buyer = self.person()
        recipient = buyer if self._random() < 0.85 else self.person()
        items = [AmzItem(self.item_id(), p.asin, p.sku, p.name, q, p.price) for p, q in lines]
        ao = AmazonOrder(
            order_id=oid,
            created=created,
            last_updated=created + timedelta(seconds=self.rint(60, 1800)),
            fulfilled_by=AMAZON if fba else MERCHANT,
            ship_by_earliest=earliest,
            ship_by_latest=latest.astimezone(created.tzinfo),
            deliver_by_earliest=_start_of_jst_day(latest + timedelta(days=1)),
            deliver_by_latest=_end_of_jst_day(latest, 3),
            items=items,
            buyer_name=buyer["name"],
            buyer_email=f"{self.rint(0, 16**12):012x}@marketplace.amazon.co.jp",
            recipient=_amazon_address(recipient),
            programs=["PRIME"] if fba or self._random() < 0.2 else [],
            scenario=scenario,
        )
        ms_status = MS_UNPROCESSED
        cod = not fba and self.aux.random() < 0.1
        payment = PAY_COD_PAID if cod else PAY_TRANSFER_PAID
        ms_code = ""
        ms_date: datetime | None = None

        def ship_time(lo_h: float = 3.0) -> datetime:
            hi = max(lo_h + 1, (latest - created).total_seconds() / 3600 - 1)
            return min(
                created + timedelta(seconds=int(3600 * (lo_h + self._random() * (hi - lo_h)))), now
            )

        if fba:
            if scenario == FBA_SHIPPED:
                ao.fixed_status = SHIPPED
                ao.shipped_at = ship_time(2)
                if ao.shipped_at + self.delay <= now:
                    ms_status, ms_date = MS_SHIPPED, ao.shipped_at + self.delay
                else:
                    self.events.append(SyncEvent(ao.shipped_at + self.delay, "ship", oid))
            elif scenario == FBA_PENDING:
                ao.fixed_status = rng.choice((PENDING, UNSHIPPED, UNSHIPPED))
            else:
                ao.fixed_status = CANCELLED
                ms_status = MS_CANCELLED
        elif scenario in (MFN_UNSHIPPED, MFN_DUE_TODAY, MFN_OVERDUE):
            pass
        elif scenario == MFN_PENDING:
            ao.fixed_status = PENDING
        elif scenario == MFN_PARTIAL:
            first = items[0]
            ao.packages.append(self.spapi_package("1", ship_time(1), [(first, first.quantity)]))
        elif scenario == MFN_CANCELLED:
            ao.fixed_status = CANCELLED
            ms_status = MS_CANCELLED
        elif scenario == MFN_LINK_FAILED_UNSHIPPED:
            ms_status, payment = MS_SHIPPED, A.PAYMENT_STATUS_LINK_FAILED
            ms_code = rng.choice(("002", "003", "001"))
            ms_date = min(created + timedelta(hours=rng.uniform(2, 20)), now)
        elif scenario == MFN_VIA_MAKESHOP:
            ms_code = rng.choice(_MS_VIA_CODES)
            t = ship_time(2)
            from amzdesk.sim.world import _converted_carrier

            ao.packages.append(
                AmzPackage("1", "", "", _converted_carrier(ms_code), "", "", t, t,
                           [(i.order_item_id, i.quantity) for i in items], "makeshop",
                           "DELIVERED" if t < now - timedelta(days=3) else "SHIPPED")
            )  # fmt: skip
            ao.shipped_at = t
            ms_status, ms_date = MS_SHIPPED, t
        else:
            # shipped on Amazon from Seller Central / a tool, with tracking
            t = ship_time(2)
            if scenario == MFN_NOT_SYNCED:
                t = now - self.delay * rng.uniform(0.05, 0.9)
            else:
                t = min(t, now - self.delay - timedelta(minutes=1))
            t = max(t, created + timedelta(minutes=1))
            if scenario == MFN_MULTI_PACKAGE:
                split = [(it, it.quantity) for it in items]
                ao.packages.append(self.spapi_package("1", t, split[:1]))
                ao.packages.append(self.spapi_package("2", t, split[1:]))
            else:
                ao.packages.append(self.spapi_package("1", t, [(i, i.quantity) for i in items]))
            ao.shipped_at = t
            if t + self.delay <= now and scenario != MFN_NOT_SYNCED:
                ms_status, ms_date = MS_SHIPPED, t + self.delay
            else:
                self.events.append(SyncEvent(t + self.delay, "ship", oid))
            if scenario == MFN_LINK_FAILED_SHIPPED:
                # makeshop's 配送完了 landed before the sync (R-F3)
                ms_status, payment = MS_SHIPPED, A.PAYMENT_STATUS_LINK_FAILED
                ms_date = t + (self.delay * 0.5 if t + self.delay <= now else (now - t) * 0.5)
            elif scenario == MFN_RETURNED:
                ms_status, ms_date = MS_RETURNED, t + self.delay
                ao.returned_at = t + timedelta(days=rng.uniform(3, 10))
                ao.returned_at = max(t, min(ao.returned_at, now - self.delay))
            elif scenario == MFN_RETURN_PENDING:
                ms_status, ms_date = MS_SHIPPED, min(t + self.delay, now)
                ao.returned_at = now - self.delay * rng.uniform(0.05, 0.9)
                ao.returned_at = max(ao.returned_at, t + timedelta(minutes=1))
                self.events.append(SyncEvent(ao.returned_at + self.delay, "return", oid))
        last = max([ao.created, ao.shipped_at or ao.created, ao.returned_at or ao.created])
        if ao.fixed_status == CANCELLED:
            last = min(now, created + timedelta(hours=rng.uniform(1, 30)))
        ao.last_updated = min(now, max(ao.last_updated, last + timedelta(seconds=1)))
        self.amazon.append(ao)
        self.makeshop.append(
            MakeshopOrder(
                system_order_number="",
                display_order_number="",
                order_date=created,
                # Where makeshop keeps the Amazon order ID is not public: the simulator puts it
                # in the order note, where the app looks for a 3-7-7 number among other places.
                message=f"Amazon注文番号: {oid}",
                pay_method=AMAZON_COD_PAY_METHOD if cod else AMAZON_PAY_METHOD,
                payment_status=payment,
                sum_price=ao.total,
                orderer=_orderer_fields(None),  # restricted (R-D1)
                deliveries=[
                    MsDelivery(
                        delivery_id="1",
                        status=ms_status,
                        method=FBA_DELIVERY_METHOD if fba else "宅配便",
                        company_code=ms_code,
                        delivery_date=ms_date,
                        receiver=_receiver_fields(None),  # restricted (R-D1)
                        basket=[
                            MsBasket(
                                "" if fba else self.codes[i.sku],
                                i.sku,
                                i.title,
                                i.quantity,
                                i.unit_price,
                            )
                            for i in items
                        ],
                    )
                ],
                amazon_order_id=oid,
                fba=fba,
                scenario=scenario,
            )
        )

    def spapi_package(
        self, ref: str, when: datetime, lines: list[tuple[AmzItem, int]]
    ) -> AmzPackage:
        code, name, method, _ms, _w = _SPAPI_CARRIERS[
            bisect(_SPAPI_CUM, self._random() * _SPAPI_CUM[-1])
        ]
        return AmzPackage(
            package_reference_id=ref,
            carrier_code=code,
            carrier_name=name,
            carrier=name if code == "Other" else code,
            shipping_method=method,
            tracking_number=self.tracking(),
            ship_time=when,
            created=when,
            items=[(it.order_item_id, q) for it, q in lines],
            via="seed",
            status="DELIVERED" if when < self.now - timedelta(days=3) else "IN_TRANSIT",
        )


def _orderer_fields(p: dict[str, str] | None, n: int = 0) -> dict[str, str]:
    """Public order-level person fields: senderName, senderPrefecture, memberId (guests:
    "X" + 6 digits + name, C2)."""
    if p is None:  # Amazon order: the simulator leaves personal data empty (R-D1)
        return dict.fromkeys(("name", "prefecture", "member_id"), "")
    guest = n % 3 != 0
    member = f"X{n:06d}{p['name']}" if guest else f"m{n:06d}"
    return {"name": p["name"], "prefecture": p["prefecture"], "member_id": member}


def _receiver_fields(p: dict[str, str] | None) -> dict[str, str]:
    if p is None:  # restricted (R-D1)
        return dict.fromkeys(("name", "tel", "zip", "prefecture", "address", "address2"), "")
    return {
        "name": p["name"],
        "tel": p["tel"],
        "zip": p["zip"],
        "prefecture": p["prefecture"],
        "address": f"{p['city']}{p['address1']}",
        "address2": p["address2"],
    }


def _amazon_address(p: dict[str, str]) -> dict[str, str]:
    out = {
        "name": p["name"],
        "addressLine1": p["address1"],
        "city": p["city"],
        "stateOrRegion": p["prefecture"],
        "postalCode": p["zip"],
        "countryCode": "JP",
        "phone": p["tel"],
        "addressType": "RESIDENTIAL",
    }
    if p["address2"]:
        out["addressLine2"] = p["address2"]
    return out


def generate(
    seed: int,
    n_orders: int,
    now: datetime,
    sync_delay: timedelta,
) -> tuple[list[AmazonOrder], list[MakeshopOrder], list[SyncEvent]]:
    """Generate the shop: Amazon orders, makeshop orders (every Amazon order has one) and the
    makeshop sync events still pending at ``now``."""
    gen = _Gen(seed, max(0, n_orders), now, sync_delay)
    with no_gc():
        gen.build()
    return gen.amazon, gen.makeshop, gen.events


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: building many small objects (no cycles) would
    otherwise trigger full collections that cost more than the building itself."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
