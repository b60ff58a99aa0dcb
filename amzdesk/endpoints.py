"""Which URL each client talks to, and the rule every override must pass.

Defaults come from :mod:`amzdesk.assumptions`.  An override comes from an environment variable
(``AMZDESK_SPAPI_ENDPOINT``, ``AMZDESK_LWA_TOKEN_URL``, ``AMZDESK_MAKESHOP_ENDPOINT``) or from a
settings value; the environment wins, then the setting, then the default (the same order as
:func:`amzdesk.settings.endpoint_from_env`).

An override must be ``https://``, or ``http://`` to a loopback address only (127.0.0.0/8, ::1,
``localhost``) -- the bundled simulator and local test servers.  Anything else raises
:class:`EndpointError` with a Japanese message and an English one (``.english``).  No URL may
carry user names or passwords.  TLS verification is always on; there is no switch for it.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal
from urllib.parse import urlsplit

from amzdesk import assumptions
from amzdesk.errors import SettingsError
from amzdesk.messages import Msg, define

__all__ = [
    "DEFAULTS",
    "ENV_VARS",
    "EndpointError",
    "EndpointKind",
    "Endpoints",
    "is_loopback_host",
    "is_loopback_url",
    "resolve_endpoint",
    "resolve_endpoints",
    "validate_endpoint",
]

EndpointKind = Literal["spapi", "lwa", "makeshop"]

ENV_VARS: Final[Mapping[str, str]] = {
    "spapi": "AMZDESK_SPAPI_ENDPOINT",
    "lwa": "AMZDESK_LWA_TOKEN_URL",
    "makeshop": "AMZDESK_MAKESHOP_ENDPOINT",
}
DEFAULTS: Final[Mapping[str, str]] = {
    "spapi": assumptions.SPAPI_ENDPOINT_FE,
    "lwa": assumptions.LWA_TOKEN_URL,
    "makeshop": assumptions.MAKESHOP_ENDPOINT,
}
# Settings attribute / mapping key holding each override.
SETTING_NAMES: Final[Mapping[str, str]] = {
    "spapi": "spapi_endpoint",
    "lwa": "lwa_endpoint",
    "makeshop": "makeshop_endpoint",
}
_LABELS: Final[Mapping[str, tuple[str, str]]] = {
    "spapi": ("SP-API エンドポイント", "SP-API endpoint"),
    "lwa": ("LWA トークンURL", "LWA token URL"),
    "makeshop": ("makeshop エンドポイント", "makeshop endpoint"),
}


M = define(
    "endpoints",
    {
        "label_spapi": "SP-API エンドポイント",
        "label_lwa": "LWA トークンURL",
        "label_makeshop": "makeshop エンドポイント",
        "label_other": "エンドポイント",
        "bad_url": "{label}: URL の形式が正しくありません（https://… で入力してください）: {url}",
        "userinfo": "{label}: URL にユーザー名やパスワードを含めないでください",
        "query": "{label}: URL に ? や # 以降を含めないでください",
        "plain_http": (
            "{label}: http は使えません。https:// で始まる URL を入力してください"
            "（http はこのパソコン内のテスト用サーバー 127.0.0.1 / localhost だけに使えます）"
        ),
    },
)


def label(kind: str, english: bool = False) -> str:
    """The name the user reads for an endpoint ``kind`` ("endpoint" for an unknown kind); a Msg
    (rendered in the window's language) unless ``english``."""
    if english:
        return _LABELS.get(kind, ("", "endpoint"))[1]
    return M(f"label_{kind}" if kind in _LABELS else "label_other")


class EndpointError(SettingsError):
    """An endpoint override that is not allowed.  ``str()`` is Japanese; ``.english`` too."""

    def __init__(self, japanese: Msg, english: str) -> None:
        super().__init__(japanese)
        self.english = english


@dataclass(frozen=True, slots=True)
class Endpoints:
    """The three URLs the clients use (validated, without a trailing slash)."""

    spapi: str
    lwa_token_url: str
    makeshop: str

    @property
    def all_loopback(self) -> bool:
        return all(is_loopback_url(u) for u in (self.spapi, self.lwa_token_url, self.makeshop))


def is_loopback_host(host: str) -> bool:
    """True for ``localhost``, 127.0.0.0/8 and ::1 (with or without brackets)."""
    host = host.strip().strip("[]").lower().rstrip(".")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_loopback_url(url: str) -> bool:
    try:
        return is_loopback_host(urlsplit(url).hostname or "")
    except ValueError:
        return False


def validate_endpoint(url: str, kind: str = "") -> str:
    """``url`` normalised (stripped, no trailing slash) or :class:`EndpointError`."""
    ja_label, en_label = label(kind), label(kind, english=True)
    raw = (url or "").strip()
    try:
        parts = urlsplit(raw)
        host = parts.hostname or ""
        _ = parts.port  # raises ValueError on a bad port
    except ValueError:
        parts, host = None, ""
    if parts is None or parts.scheme.lower() not in ("https", "http") or not host:
        raise EndpointError(
            M("bad_url", label=ja_label, url=repr(raw)),
            f"{en_label}: not a valid URL (expected https://...): {raw!r}",
        )
    if parts.username is not None or parts.password is not None:
        raise EndpointError(
            M("userinfo", label=ja_label),
            f"{en_label}: the URL must not contain a user name or password",
        )
    if parts.query or parts.fragment:
        raise EndpointError(
            M("query", label=ja_label),
            f"{en_label}: the URL must not contain a query or fragment",
        )
    if parts.scheme.lower() == "http" and not is_loopback_host(host):
        raise EndpointError(
            M("plain_http", label=ja_label),
            f"{en_label}: plain http is allowed only for a loopback address "
            "(127.0.0.0/8, ::1, localhost); use https://",
        )
    return raw.rstrip("/")


def _setting_value(settings: Any, kind: str) -> str:
    if settings is None:
        return ""
    name = SETTING_NAMES[kind]
    value = settings.get(name, "") if isinstance(settings, Mapping) else getattr(settings, name, "")
    return value.strip() if isinstance(value, str) else ""


def resolve_endpoint(
    kind: EndpointKind, settings: Any = None, environ: Mapping[str, str] | None = None
) -> str:
    """The URL for ``kind``: environment variable, else setting, else the default.

    ``settings`` is a :class:`amzdesk.settings.Settings`, a mapping with the same keys
    (``spapi_endpoint`` ...), or None.
    """
    if kind not in ENV_VARS:
        raise ValueError(f"unknown endpoint kind: {kind!r}")
    env = os.environ if environ is None else environ
    from_env = env.get(ENV_VARS[kind], "").strip()
    if from_env:
        return validate_endpoint(from_env, kind)
    from_settings = _setting_value(settings, kind)
    if from_settings:
        return validate_endpoint(from_settings, kind)
    return DEFAULTS[kind]


def resolve_endpoints(settings: Any = None, environ: Mapping[str, str] | None = None) -> Endpoints:
    return Endpoints(
        spapi=resolve_endpoint("spapi", settings, environ),
        lwa_token_url=resolve_endpoint("lwa", settings, environ),
        makeshop=resolve_endpoint("makeshop", settings, environ),
    )
