"""Typed errors of the service clients (SP-API, Login with Amazon, makeshop).

Every error is a :class:`ServiceError` carrying what the service said (``status``, ``code``,
``message``, ``request_id``) and a Japanese :attr:`ServiceError.user_message` that tells the shop
owner what to do.  ``str(error)`` is an English one-liner for the log.  Neither ever contains a
token, a secret or buyer data: the service's own message is passed through
:func:`amzdesk.logsetup.redact` when the error is built.

Classes and when they are raised:

* :class:`AuthError` -- 401/403 (after one token refresh), LWA ``invalid_grant`` /
  ``invalid_client``, makeshop ``UNAUTHENTICATED``.
* :class:`QuotaExceeded` -- 429 after the retries, or a wait longer than the caller allows.
* :class:`ServerError` -- 5xx that clearly was not processed (or any 5xx of a read) after retries.
* :class:`InvalidInput` -- 400 (and 413/415), makeshop ``BAD_USER_INPUT``.
* :class:`NotFound` -- 404.
* :class:`NetworkError` -- no answer: DNS, refused connection, TLS failure, timeouts of reads.
* :class:`OutcomeUnknown` -- a non-idempotent request (confirmShipment, makeshop mutations) may
  or may not have reached the service: read timeout, connection dropped after sending, 500/502/
  504.  Never retried automatically; the journal resolves it by reading the order back.
* :class:`BadResponse` -- the service answered with a body that is not what the API defines.
* :class:`MakeshopItemError` -- a makeshop mutation returned a non-null ``message`` for an item.
* :class:`Cancelled` -- the caller's cancel event was set while waiting (not a ServiceError).

``retryable`` says whether repeating the same request is safe and may help; the retry helper in
:mod:`amzdesk.http` only repeats errors that say so.
"""

from __future__ import annotations

import re
from typing import Final

from amzdesk.logsetup import redact
from amzdesk.messages import Msg, UserError, define

__all__ = [
    "AMAZON",
    "LWA",
    "MAKESHOP",
    "AuthError",
    "BadResponse",
    "Cancelled",
    "InvalidInput",
    "MakeshopItemError",
    "NetworkError",
    "NotFound",
    "OutcomeUnknown",
    "QuotaExceeded",
    "ServerError",
    "ServiceError",
    "SettingsError",
    "UserError",
    "describe",
    "user_message",
]

# ``ServiceError.service`` values.
AMAZON: Final = "amazon"  # SP-API
LWA: Final = "lwa"  # Login with Amazon (token endpoint); user-facing it is "Amazon"
MAKESHOP: Final = "makeshop"

_SERVICE_LABEL: Final = {AMAZON: "Amazon", LWA: "Amazon", MAKESHOP: "makeshop"}
_MAX_MESSAGE: Final = 300


def _clean(text: object) -> str:
    """A service-supplied text made safe for messages: redacted, one line, bounded."""
    value = redact(str(text or "")).replace("\r", " ").replace("\n", " ").strip()
    if len(value) > _MAX_MESSAGE:
        value = value[: _MAX_MESSAGE - 1] + "…"
    return value


M = define(
    "errors",
    {
        "generic": "{service} でエラーが発生しました。しばらく待ってからもう一度お試しください",
        "generic_said": (
            "{service} でエラーが発生しました（{said}）。しばらく待ってからもう一度お試しください"
        ),
        "auth": (
            "{service} の認証情報を確認してください（{service} に拒否されました）。"
            "「認証情報」画面で入力し直すと解決することがあります"
        ),
        "auth_said": (
            "{service} の認証情報を確認してください（{service} に拒否されました：{said}）。"
            "「認証情報」画面で入力し直すと解決することがあります"
        ),
        "quota": (
            "{service} の利用回数の上限に達しました。しばらく待ってからもう一度お試しください"
        ),
        "quota_wait": (
            "{service} の利用回数の上限に達しました。約 {seconds} 秒後にもう一度お試しください"
        ),
        "server": (
            "{service} のサーバーが一時的に応答できません。しばらく待ってからもう一度お試しください"
        ),
        "server_status": (
            "{service} のサーバーが一時的に応答できません（HTTP {status}）。"
            "しばらく待ってからもう一度お試しください"
        ),
        "input": "{service} が入力内容を受け付けませんでした。内容を確認してください",
        "input_said": (
            "{service} が入力内容を受け付けませんでした：{said}。内容を確認してください"
        ),
        "not_found": (
            "{service} に該当する注文が見つかりませんでした。"
            "注文番号と出品者アカウントを確認してください"
        ),
        "silent": (
            "{service} から応答がありません（接続はできましたが、決められた時間内に"
            "答えが返りませんでした）。しばらく待ってからもう一度お試しください"
        ),
        "too_large": (
            "{service} から想定外に大きな応答が届いたため、読み込みを中止しました。"
            "しばらく待ってからもう一度お試しください"
        ),
        "network": (
            "{service} に接続できませんでした。インターネット接続（プロキシや"
            "セキュリティソフトの設定）を確認してから、もう一度お試しください"
        ),
        "outcome_unknown": (
            "{service} への送信結果を確認できませんでした（処理された可能性が"
            "あります）。二重送信を防ぐため自動では再送しません。"
            "注文の状態を再取得して確認してください"
        ),
        "bad_response": (
            "{service} から想定外の形式の応答がありました。しばらく待ってからもう一度お試しください"
        ),
        "makeshop_item": (
            "makeshop が注文 {order} の更新を受け付けませんでした：{said}。"
            "makeshop の管理画面で注文の状態を確認してください"
        ),
        "makeshop_item_no_order": (
            "makeshop が更新を受け付けませんでした：{said}。"
            "makeshop の管理画面で注文の状態を確認してください"
        ),
        "no_reason": "理由は示されませんでした",
        "cancelled": "中止しました",
        "os_error": "ファイルまたはネットワークのエラーです（{name}：{detail}）",
        "os_error_plain": "ファイルまたはネットワークのエラーです（{name}）",
        "unexpected": "予期しないエラーが発生しました（{name}）。ログを確認してください",
        # a service's own (English) words, with what they mean beside them
        "said": "{explanation}（{service} の原文: {original}）",
        "x_invalid_input": "送った内容に受け付けられない値があります",
        "x_unauthorized": "このアプリにはこの操作の権限がありません",
        "x_unauthenticated": "ログイン情報が確認できませんでした",
        "x_quota": "短い時間に問い合わせが多すぎました",
        "x_not_found": "指定した注文などが見つかりません",
        "x_internal": "サービス側の内部エラーです",
        "x_unavailable": "サービスが一時的に利用できません",
        "x_too_large": "送った内容が大きすぎます",
        "x_invalid_grant": "リフレッシュトークンが無効か、期限が切れています",
        "x_invalid_client": "クライアント ID またはクライアントシークレットが正しくありません",
        "x_unauthorized_client": "このアプリはこのアカウントで承認されていません",
        "x_marketplace": "マーケットプレイスの指定が受け付けられませんでした",
        "x_conflict": "同じ内容の処理がすでに行われているか、状態が合いません",
        "x_other": "サービスからのメッセージです",
    },
)

# what a service's error code means (SP-API ``errors[].code``, LWA ``error``, makeshop
# ``extensions.code``), for the explanation beside its English text
_CODE_EXPLANATIONS: Final = {
    "invalidinput": "x_invalid_input",
    "invalidrequest": "x_invalid_input",
    "invalid_request": "x_invalid_input",
    "bad_user_input": "x_invalid_input",
    "graphql_validation_failed": "x_invalid_input",
    "unauthorized": "x_unauthorized",
    "accessdenied": "x_unauthorized",
    "forbidden": "x_unauthorized",
    "unauthenticated": "x_unauthenticated",
    "invalidsignature": "x_unauthenticated",
    "invalid_token": "x_unauthenticated",
    "quotaexceeded": "x_quota",
    "toomanyrequests": "x_quota",
    "rate_limited": "x_quota",
    "notfound": "x_not_found",
    "not_found": "x_not_found",
    "internalfailure": "x_internal",
    "internal_server_error": "x_internal",
    "serviceunavailable": "x_unavailable",
    "requestentitytoolarge": "x_too_large",
    "invalid_grant": "x_invalid_grant",
    "invalid_client": "x_invalid_client",
    "unauthorized_client": "x_unauthorized_client",
    "invalidmarketplace": "x_marketplace",
    "conflict": "x_conflict",
}
# the explanation when the code is unknown, by the kind of error
_CLASS_EXPLANATIONS: Final = {
    "AuthError": "x_unauthenticated",
    "QuotaExceeded": "x_quota",
    "ServerError": "x_internal",
    "InvalidInput": "x_invalid_input",
    "NotFound": "x_not_found",
}
_JAPANESE = re.compile(r"[ぁ-んァ-ヶ一-龥]")


def explain_code(code: str, status: int | None = None, kind: str = "") -> Msg:
    """A short Japanese explanation of a service error code (by the error's kind or HTTP status
    when the code is unknown)."""
    key = _CODE_EXPLANATIONS.get(code.strip().lower())
    if key is None and "marketplace" in code.lower():
        key = "x_marketplace"
    if key is None:
        key = _CLASS_EXPLANATIONS.get(kind)
    if key is None and status is not None:
        key = {
            401: "x_unauthenticated",
            403: "x_unauthorized",
            404: "x_not_found",
            409: "x_conflict",
            413: "x_too_large",
            429: "x_quota",
            503: "x_unavailable",
        }.get(status)
        if key is None:
            key = (
                "x_invalid_input"
                if 400 <= status < 500
                else "x_internal"
                if status >= 500
                else None
            )
    return M(key or "x_other")


def said(service: str, text: str, code: str = "", status: int | None = None, kind: str = "") -> str:
    """A service's own words for a sentence: a text in Japanese (makeshop's) as it is, an English
    one with a Japanese explanation beside it (the original stays, for support)."""
    if not text or _JAPANESE.search(text):
        return text
    return M("said", explanation=explain_code(code, status, kind), service=service, original=text)


class SettingsError(UserError, ValueError):
    """An invalid setting; the message is Japanese and names the setting."""


class ServiceError(Exception):
    """An error answer (or no answer) from a service.

    Attributes: ``service`` (``"amazon"``, ``"lwa"``, ``"makeshop"``), ``status`` (HTTP status or
    None when there was no answer), ``code`` and ``message`` (the service's, redacted),
    ``details``, ``request_id`` (``x-amzn-RequestId`` when present), ``operation`` (e.g.
    ``"confirmShipment"``), ``retry_after`` (seconds, from ``Retry-After`` / the rate limiter),
    ``retryable``.
    """

    default_retryable: bool = False

    def __init__(
        self,
        message: str = "",
        *,
        service: str = AMAZON,
        status: int | None = None,
        code: str = "",
        details: str = "",
        request_id: str = "",
        operation: str = "",
        retry_after: float | None = None,
        retryable: bool | None = None,
    ) -> None:
        self.service = service
        self.status = status
        self.code = _clean(code)
        self.message = _clean(message)
        self.details = _clean(details)
        self.request_id = _clean(request_id)
        self.operation = operation
        self.retry_after = retry_after
        self.retryable = self.default_retryable if retryable is None else retryable
        super().__init__(self._summary())

    @property
    def service_label(self) -> str:
        return _SERVICE_LABEL.get(self.service, self.service)

    def _summary(self) -> str:
        parts = [self.service_label]
        if self.operation:
            parts.append(self.operation)
        if self.status is not None:
            parts.append(str(self.status))
        head = " ".join(parts)
        text = f"{head}: {type(self).__name__}"
        if self.code:
            text += f" [{self.code}]"
        if self.message:
            text += f" {self.message}"
        if self.details and self.details != self.message:
            text += f" ({self.details})"
        if self.request_id:
            text += f" request-id={self.request_id}"
        return text

    def _said(self) -> str:
        return said(self.service_label, self.message, self.code, self.status, type(self).__name__)

    @property
    def user_message(self) -> str:
        """What happened and what to do, in Japanese, for the window (a Msg)."""
        if self.message:
            return M("generic_said", service=self.service_label, said=self._said())
        return M("generic", service=self.service_label)


class AuthError(ServiceError):
    @property
    def user_message(self) -> str:
        where = "makeshop" if self.service == MAKESHOP else "Amazon"
        if self.message:
            return M("auth_said", service=where, said=self._said())
        return M("auth", service=where)


class QuotaExceeded(ServiceError):
    default_retryable = True

    @property
    def user_message(self) -> str:
        if self.retry_after is not None and self.retry_after > 0:
            return M(
                "quota_wait", service=self.service_label, seconds=max(1, round(self.retry_after))
            )
        return M("quota", service=self.service_label)


class ServerError(ServiceError):
    default_retryable = True

    @property
    def user_message(self) -> str:
        if self.status is not None:
            return M("server_status", service=self.service_label, status=self.status)
        return M("server", service=self.service_label)


class InvalidInput(ServiceError):
    @property
    def user_message(self) -> str:
        if self.message:
            return M("input_said", service=self.service_label, said=self._said())
        return M("input", service=self.service_label)


class NotFound(ServiceError):
    @property
    def user_message(self) -> str:
        return M("not_found", service=self.service_label)


# ``NetworkError.code`` values (the transport exception's name) of a server that accepted the
# connection and then stayed silent or too slow: "no answer", not "cannot connect".
SILENT_CODES: Final = frozenset({"ReadTimeout", "DeadlineExceeded", "Timeout"})
TOO_LARGE_CODE: Final = "ResponseTooLarge"


class NetworkError(ServiceError):
    default_retryable = True

    @property
    def user_message(self) -> str:
        if self.code in SILENT_CODES:
            return M("silent", service=self.service_label)
        if self.code == TOO_LARGE_CODE:
            return M("too_large", service=self.service_label)
        return M("network", service=self.service_label)


class OutcomeUnknown(ServiceError):
    """The request may or may not have been processed.  Never retried automatically."""

    default_retryable = False

    @property
    def user_message(self) -> str:
        return M("outcome_unknown", service=self.service_label)


class BadResponse(ServiceError):
    default_retryable = True

    @property
    def user_message(self) -> str:
        return M("bad_response", service=self.service_label)


class MakeshopItemError(ServiceError):
    """A makeshop mutation refused one item (its result's ``message`` was not null)."""

    def __init__(
        self,
        message: str = "",
        *,
        display_order_number: str = "",
        delivery_id: str = "",
        **kwargs: object,
    ) -> None:
        self.display_order_number = display_order_number
        self.delivery_id = delivery_id
        kwargs.setdefault("service", MAKESHOP)
        super().__init__(message, **kwargs)  # type: ignore[arg-type]

    @property
    def user_message(self) -> str:
        reason = self._said() if self.message else M("no_reason")
        if self.display_order_number:
            return M("makeshop_item", order=self.display_order_number, said=reason)
        return M("makeshop_item_no_order", said=reason)


class Cancelled(Exception):
    """The caller cancelled while a request was waiting for its turn."""

    def __init__(self) -> None:
        super().__init__("cancelled")

    user_message = M("cancelled")


# --- the one error-to-message mapping (CLI, window and workflow) ---------------------------------


def user_message(exc: BaseException) -> str | None:
    """The message the user reads for an expected error, or None for an unexpected one.

    By type, never by name: a ``user_message`` the error carries (service errors, Cancelled),
    a :class:`UserError`'s own text, or a plain file/network :class:`OSError`.
    """
    msg = getattr(exc, "user_message", None)
    if isinstance(msg, str) and msg:
        return msg
    if isinstance(exc, UserError):
        first = exc.args[0] if len(exc.args) == 1 else None
        return first if isinstance(first, Msg) else str(exc)
    if isinstance(exc, OSError):
        if exc.strerror:
            return M("os_error", name=type(exc).__name__, detail=exc.strerror)
        return M("os_error_plain", name=type(exc).__name__)
    return None


def describe(exc: BaseException) -> str:
    """:func:`user_message`, or one line for an unexpected error (the traceback goes to the
    log, never to the user)."""
    return user_message(exc) or M("unexpected", name=type(exc).__name__)
