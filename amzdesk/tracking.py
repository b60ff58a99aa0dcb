"""Tracking numbers (追跡番号 / 伝票番号): normalise what was pasted or scanned, then check it.

Formats (the ``tracking_format`` column of carriers.tsv):

* ``mod7-12`` -- Yamato, Sagawa: 12 digits; the last digit is the first 11 digits, read as one
  number, mod 7.
* ``jp-post`` -- Japan Post domestic: 12 digits with the same rule, or 11 digits (書留 / 特定記録)
  with the rule over the first 10.
* ``s10``     -- UPU S10 (EMS and other international postal items): ``AA123456785JP``; check
  digit over the 8 serial digits with weights 8,6,4,2,3,5,9,7: 11 - sum mod 11, 10 -> 0, 11 -> 5.
* ``dhl10``   -- DHL Express: 10 digits, the last is the first 9 mod 7.
* ``digits``  -- digits only, 4 to 20 of them, no check digit known.
* ``alnum``   -- carriers not registered in makeshop (R-E3): letters and digits, 4 to 30.
* ``none``    -- untracked: empty is fine; a number given is accepted but flagged as not needed.

The number alone does not tell the carrier: the user picks the carrier, which gives the format.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from amzdesk.messages import define, join

FORMATS: Final = ("mod7-12", "jp-post", "s10", "dhl10", "digits", "alnum", "none")

S10_WEIGHTS: Final = (8, 6, 4, 2, 3, 5, 9, 7)

DIGITS_MIN: Final = 4
DIGITS_MAX: Final = 20
ALNUM_MIN: Final = 4
ALNUM_MAX: Final = 30

# Dash-like characters people paste from labels, spreadsheets and IMEs (after NFKC).
_DASHES: Final = frozenset("-‐‑‒–—―−ー﹣ｰ")
_CODABAR: Final = frozenset("abcdABCD")
_ASCII_DIGITS_RE = re.compile(r"[0-9]+")
_S10_RE = re.compile(r"[A-Z]{2}[0-9]{9}[A-Z]{2}")
# Separators between several numbers in one text (not spaces: "4444 1375 8703" is one number).
_SPLIT_RE = re.compile(r"[\n\r,;、，；]+")

M = define(
    "tracking",
    {
        "empty": "追跡番号を入力してください",
        "check_digit": "チェックディジットが一致しません。番号を見直してください",
        "not_needed": (
            "この配送方法には追跡番号がありません。入力した番号はそのまま Amazon と makeshop に"
            "送られます。お問い合わせ番号でなければ消してください"
        ),
        "char": "「U+{code}（{name}）」",
        "non_digit": "数字以外の文字が含まれています: {chars}",
        "non_alnum": "英数字以外の文字が含まれています: {chars}",
        "digits_len": "{lengths}の数字を入力してください（今は{count}桁）",
        "digits_range": "{low}〜{high}桁の数字を入力してください（今は{count}桁）",
        "alnum_range": "{low}〜{high}文字の英数字を入力してください（今は{count}文字）",
        "s10": (
            "国際郵便の番号は「EG123456785JP」の形（英字2文字＋数字9桁＋英字2文字）です"
            "（今は「{number}」）"
        ),
        "len_12": "12桁",
        "len_jp_post": "12桁（書留・特定記録は11桁）",
        "len_10": "10桁",
        "c_zwsp": "ゼロ幅スペース",
        "c_zwnj": "ゼロ幅非接合子",
        "c_zwj": "ゼロ幅接合子",
        "c_wj": "単語結合子",
        "c_bom": "BOM（ゼロ幅ノーブレークスペース）",
        "c_shy": "ソフトハイフン",
        "c_lrm": "左から右への方向制御文字",
        "c_rlm": "右から左への方向制御文字",
        "c_alm": "アラビア文字の方向制御文字",
        "c_control": "制御文字",
        "c_format": "書式制御文字（目に見えない文字）",
        "c_private": "私用領域の文字",
        "c_unassigned": "未割り当ての文字",
        "c_surrogate": "サロゲート",
        "c_combining": "結合文字",
        "c_line": "改行文字",
        "c_paragraph": "段落区切り文字",
        "c_space": "空白文字",
    },
)

REASON_EMPTY: Final = M("empty")
REASON_CHECK_DIGIT: Final = M("check_digit")
# A number given for an untracked method is sent as it is (the official model's trackingNumber
# is optional, not forbidden), so the warning says so instead of pretending it is dropped.
WARNING_NOT_NEEDED: Final = M("not_needed")


@dataclass(frozen=True, slots=True)
class TrackingCheck:
    """Result of :func:`validate`.  ``number`` is the normalised number ("" when none given)."""

    ok: bool
    number: str
    reason: str = ""  # Japanese, why not ok ("" when ok)
    warning: str = ""  # Japanese, ok but worth telling (e.g. number given for an untracked method)

    def __bool__(self) -> bool:
        return self.ok


def _strip_codabar(s: str) -> str:
    if len(s) >= 3 and s[0] in _CODABAR and s[-1] in _CODABAR and _is_digits(s[1:-1]):
        return s[1:-1]
    return s


def _is_digits(s: str) -> bool:
    return _ASCII_DIGITS_RE.fullmatch(s) is not None


def normalize(raw: str | None) -> str:
    """Clean a pasted or scanned number: full-width -> ASCII, no spaces or hyphens, Codabar
    start/stop letters (a-d, either case, at both ends of a digit run) removed, upper case."""
    if not raw:
        return ""
    s = raw
    # Removing characters or upper-casing can leave a string that NFKC changes again
    # (e.g. a letter followed by a combining mark): repeat until nothing changes.
    for _ in range(4):
        t = unicodedata.normalize("NFKC", s)
        t = "".join(ch for ch in t if not ch.isspace() and ch not in _DASHES)
        t = _strip_codabar(t).upper()
        if t == s:
            break
        s = t
    return s


def split_numbers(text: str | None) -> list[str]:
    """Several numbers in one text (one a line, or separated by commas), normalised, blanks
    dropped, order kept."""
    if not text:
        return []
    out: list[str] = []
    for part in _SPLIT_RE.split(text):
        n = normalize(part)
        if n:
            out.append(n)
    return out


def mod7_check_digit(body: str) -> int:
    """The mod-7 check digit of a digit string (the body read as one number)."""
    return int(body) % 7


def s10_check_digit(serial: str) -> int:
    """UPU S10 check digit of the 8 serial digits."""
    if len(serial) != 8 or not _is_digits(serial):
        raise ValueError("S10 serial must be 8 digits")
    total = sum(int(d) * w for d, w in zip(serial, S10_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 10:
        return 0
    if check == 11:
        return 5
    return check


_INVISIBLE_NAMES: Final = {
    "\u200b": "c_zwsp",
    "\u200c": "c_zwnj",
    "\u200d": "c_zwj",
    "\u2060": "c_wj",
    "\ufeff": "c_bom",
    "\u00ad": "c_shy",
    "\u200e": "c_lrm",
    "\u200f": "c_rlm",
    "\u061c": "c_alm",
}
_CATEGORY_NAMES: Final = {
    "Cc": "c_control",
    "Cf": "c_format",
    "Co": "c_private",
    "Cn": "c_unassigned",
    "Cs": "c_surrogate",
    "Mn": "c_combining",
    "Me": "c_combining",
    "Zl": "c_line",
    "Zp": "c_paragraph",
    "Zs": "c_space",
}


def describe_char(ch: str) -> str:
    """A character as the shop owner can find it: itself when visible, else its code point
    and a name -- 「U+200B（ゼロ幅スペース）」 -- since an invisible one cannot be seen."""
    name = _INVISIBLE_NAMES.get(ch)
    category = unicodedata.category(ch)
    if name is None and category in _CATEGORY_NAMES:
        name = _CATEGORY_NAMES[category]
    if name is None:
        return ch
    return M("char", code=f"{ord(ch):04X}", name=M(name))


def visible(text: str) -> str:
    """``text`` with every invisible or control character spelled out (see describe_char)."""
    return join(
        ch if ch.isprintable() and ch not in _INVISIBLE_NAMES else describe_char(ch) for ch in text
    )


def _bad_chars(s: str, ok: Callable[[str], bool]) -> str:
    bad: list[str] = []
    for ch in s:
        if not ok(ch) and ch not in bad:
            bad.append(ch)
    return join((describe_char(ch) for ch in bad), " ") if bad else ""


def _non_digit_reason(s: str) -> str:
    return M("non_digit", chars=_bad_chars(s, lambda ch: "0" <= ch <= "9"))


def _fail(number: str, reason: str) -> TrackingCheck:
    return TrackingCheck(ok=False, number=number, reason=reason)


def _check_mod7(n: str, lengths: tuple[int, ...], length_text: str) -> TrackingCheck:
    if not _is_digits(n):
        return _fail(n, _non_digit_reason(n))
    if len(n) not in lengths:
        return _fail(n, M("digits_len", lengths=M(length_text), count=len(n)))
    if mod7_check_digit(n[:-1]) != int(n[-1]):
        return _fail(n, REASON_CHECK_DIGIT)
    return TrackingCheck(ok=True, number=n)


def _check_s10(n: str) -> TrackingCheck:
    if not _S10_RE.fullmatch(n):
        return _fail(n, M("s10", number=visible(n)))
    if s10_check_digit(n[2:10]) != int(n[10]):
        return _fail(n, REASON_CHECK_DIGIT)
    return TrackingCheck(ok=True, number=n)


def _check_digits(n: str) -> TrackingCheck:
    if not _is_digits(n):
        return _fail(n, _non_digit_reason(n))
    if not DIGITS_MIN <= len(n) <= DIGITS_MAX:
        return _fail(n, M("digits_range", low=DIGITS_MIN, high=DIGITS_MAX, count=len(n)))
    return TrackingCheck(ok=True, number=n)


def _check_alnum(n: str) -> TrackingCheck:
    bad = _bad_chars(n, lambda ch: ("0" <= ch <= "9") or ("A" <= ch <= "Z"))
    if bad:
        return _fail(n, M("non_alnum", chars=bad))
    if not ALNUM_MIN <= len(n) <= ALNUM_MAX:
        return _fail(n, M("alnum_range", low=ALNUM_MIN, high=ALNUM_MAX, count=len(n)))
    return TrackingCheck(ok=True, number=n)


def validate(raw: str | None, fmt: str) -> TrackingCheck:
    """Normalise ``raw`` and check it against ``fmt`` (one of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown tracking format: {fmt!r}")
    n = normalize(raw)
    if fmt == "none":
        if n:
            return TrackingCheck(ok=True, number=n, warning=WARNING_NOT_NEEDED)
        return TrackingCheck(ok=True, number="")
    if not n:
        return _fail("", REASON_EMPTY)
    if fmt == "mod7-12":
        return _check_mod7(n, (12,), "len_12")
    if fmt == "jp-post":
        return _check_mod7(n, (12, 11), "len_jp_post")
    if fmt == "dhl10":
        return _check_mod7(n, (10,), "len_10")
    if fmt == "s10":
        return _check_s10(n)
    if fmt == "digits":
        return _check_digits(n)
    return _check_alnum(n)


def has_check_digit(fmt: str) -> bool:
    return fmt in ("mod7-12", "jp-post", "s10", "dhl10")
