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

from typing import Final

from amzdesk.logsetup import redact
from amzdesk.messages import UserError

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

    @property
    def user_message(self) -> str:
        """What happened and what to do, in Japanese, for the window."""
        detail = f"（{self.message}）" if self.message else ""
        return (
            f"{self.service_label} でエラーが発生しました{detail}。"
            "しばらく待ってからもう一度お試しください"
        )


class AuthError(ServiceError):
    @property
    def user_message(self) -> str:
        where = "makeshop" if self.service == MAKESHOP else "Amazon"
        return (
            f"{where} の認証情報を確認してください（{where} に拒否されました"
            f"{'：' + self.message if self.message else ''}）。"
            "「認証情報」画面で入力し直すと解決することがあります"
        )


class QuotaExceeded(ServiceError):
    default_retryable = True

    @property
    def user_message(self) -> str:
        wait = ""
        if self.retry_after is not None and self.retry_after > 0:
            wait = f"約 {max(1, round(self.retry_after))} 秒後に"
        return (
            f"{self.service_label} の利用回数の上限に達しました。"
            f"{wait or 'しばらく待ってから'}もう一度お試しください"
        )


class ServerError(ServiceError):
    default_retryable = True

    @property
    def user_message(self) -> str:
        return (
            f"{self.service_label} のサーバーが一時的に応答できません"
            f"（HTTP {self.status}）。しばらく待ってからもう一度お試しください"
            if self.status is not None
            else f"{self.service_label} のサーバーが一時的に応答できません。"
            "しばらく待ってからもう一度お試しください"
        )


class InvalidInput(ServiceError):
    @property
    def user_message(self) -> str:
        detail = f"：{self.message}" if self.message else ""
        return (
            f"{self.service_label} が入力内容を受け付けませんでした{detail}。内容を確認してください"
        )


class NotFound(ServiceError):
    @property
    def user_message(self) -> str:
        return (
            f"{self.service_label} に該当する注文が見つかりませんでした。"
            "注文番号と出品者アカウントを確認してください"
        )


# ``NetworkError.code`` values (the transport exception's name) of a server that accepted the
# connection and then stayed silent or too slow: "no answer", not "cannot connect".
SILENT_CODES: Final = frozenset({"ReadTimeout", "DeadlineExceeded", "Timeout"})
TOO_LARGE_CODE: Final = "ResponseTooLarge"


class NetworkError(ServiceError):
    default_retryable = True

    @property
    def user_message(self) -> str:
        if self.code in SILENT_CODES:
            return (
                f"{self.service_label} から応答がありません（接続はできましたが、決められた時間内に"
                "答えが返りませんでした）。しばらく待ってからもう一度お試しください"
            )
        if self.code == TOO_LARGE_CODE:
            return (
                f"{self.service_label} から想定外に大きな応答が届いたため、読み込みを中止しました。"
                "しばらく待ってからもう一度お試しください"
            )
        return (
            f"{self.service_label} に接続できませんでした。インターネット接続（プロキシや"
            "セキュリティソフトの設定）を確認してから、もう一度お試しください"
        )


class OutcomeUnknown(ServiceError):
    """The request may or may not have been processed.  Never retried automatically."""

    default_retryable = False

    @property
    def user_message(self) -> str:
        return (
            f"{self.service_label} への送信結果を確認できませんでした（処理された可能性が"
            "あります）。二重送信を防ぐため自動では再送しません。"
            "注文の状態を再取得して確認してください"
        )


class BadResponse(ServiceError):
    default_retryable = True

    @property
    def user_message(self) -> str:
        return (
            f"{self.service_label} から想定外の形式の応答がありました。"
            "しばらく待ってからもう一度お試しください"
        )


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
        order = f"注文 {self.display_order_number} " if self.display_order_number else ""
        return (
            f"makeshop が{order}の更新を受け付けませんでした：{self.message or '理由不明'}。"
            "makeshop の管理画面で注文の状態を確認してください"
        )


class Cancelled(Exception):
    """The caller cancelled while a request was waiting for its turn."""

    def __init__(self) -> None:
        super().__init__("cancelled")

    user_message = "中止しました"


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
        return str(exc)
    if isinstance(exc, OSError):
        detail = f"：{exc.strerror}" if exc.strerror else ""
        return f"ファイルまたはネットワークのエラーです（{type(exc).__name__}{detail}）"
    return None


def describe(exc: BaseException) -> str:
    """:func:`user_message`, or one line for an unexpected error (the traceback goes to the
    log, never to the user)."""
    return user_message(exc) or (
        f"予期しないエラーが発生しました（{type(exc).__name__}）。ログを確認してください"
    )
