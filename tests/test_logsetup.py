"""Logging: redaction of secrets and personal data in messages, args and tracebacks."""

from __future__ import annotations

import logging
import logging.handlers
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from amzdesk import logsetup
from amzdesk.logsetup import (
    LOG_BACKUP_COUNT,
    LOG_MAX_BYTES,
    configure_logging,
    contains_secret,
    get_logger,
    redact,
    register_secret,
    scrub_pii,
    shutdown_logging,
)

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = configure_logging(tmp_path / "logs", level="DEBUG")
    yield path
    shutdown_logging()


def _read(path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


def test_configure_logging_installs_rotating_file_and_stderr(tmp_path: Path) -> None:
    path = configure_logging(tmp_path / "logs")
    try:
        assert path == tmp_path / "logs" / "amzdesk.log"
        ours = [h for h in logging.getLogger().handlers if getattr(h, "_amzdesk_handler", False)]
        files = [h for h in ours if isinstance(h, logging.handlers.RotatingFileHandler)]
        assert len(files) == 1
        assert files[0].maxBytes == LOG_MAX_BYTES == 1_000_000
        assert files[0].backupCount == LOG_BACKUP_COUNT == 5
        streams = [h for h in ours if type(h) is logging.StreamHandler]
        assert len(streams) == 1 and streams[0].level == logging.WARNING
        assert all(any(isinstance(f, logsetup.RedactingFilter) for f in h.filters) for h in ours)
        # configuring again replaces, never duplicates
        configure_logging(tmp_path / "logs")
        ours = [h for h in logging.getLogger().handlers if getattr(h, "_amzdesk_handler", False)]
        assert len(ours) == 2
    finally:
        shutdown_logging()
    assert not [h for h in logging.getLogger().handlers if getattr(h, "_amzdesk_handler", False)]


def test_default_log_dir(tmp_path: Path) -> None:
    from amzdesk import paths

    try:
        assert configure_logging() == paths.log_dir() / "amzdesk.log"
    finally:
        shutdown_logging()


def test_rotation_happens(tmp_path: Path) -> None:
    path = configure_logging(tmp_path / "logs")
    try:
        log = get_logger("sync")
        chunk = "x" * 10_000
        for _ in range(250):  # 2.5 MB
            log.info("%s", chunk)
        _read(path)
        assert (tmp_path / "logs" / "amzdesk.log.1").exists()
        assert (tmp_path / "logs" / "amzdesk.log.2").exists()
        assert path.stat().st_size <= LOG_MAX_BYTES
    finally:
        shutdown_logging()


def test_registered_secret_is_masked_in_message_and_args(log_file: Path) -> None:
    secret = "mkshp|TOKEN/9f8e7d6c5b4a+="
    register_secret(secret)
    log = get_logger("makeshop")
    log.info("token is %s", secret)
    log.info("header %r", {"authorization": "Bearer " + secret})
    log.warning(f"embedded {secret} in f-string")
    log.info("url-encoded %s", quote(secret, safe=""))
    log.info("form-encoded %s", quote_plus(secret))
    text = _read(log_file)
    assert secret not in text
    assert "9f8e7d6c5b4a" not in text
    assert text.count("***") >= 5


@pytest.mark.parametrize(
    ("raw", "leak"),
    [
        ("x-amz-access-token: Atza|IwEBIA-abcdefghijklmnop", "IwEBIA"),
        ("headers={'x-amz-access-token': 'abcdef0123456789'}", "abcdef0123456789"),
        ("authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig", "eyJhbGciOiJIUzI1NiJ9"),
        ("grant_type=refresh_token&refresh_token=Atzr|IwEBIxyz&client_id=a", "IwEBIxyz"),
        ("refresh_token=Atzr%7CIwEBIencoded&x=1", "IwEBIencoded"),
        ("client_secret=amzn1.oa2-cs.v1.deadbeefcafe", "deadbeefcafe"),
        ('{"client_secret": "s3cr3t-value-123"}', "s3cr3t-value-123"),
        ("x-api-key: AKIA-api-key-value-1234", "api-key-value-1234"),
        ('{"access_token":"Atza|tokenvalue","token_type":"bearer"}', "tokenvalue"),
        ("buyer yamada.hanako@example.co.jp ordered", "yamada.hanako@example.co.jp"),
        ("tel 090-1234-5678 please", "090-1234-5678"),
        ("tel 03-1234-5678", "03-1234-5678"),
        ("tel 09012345678", "09012345678"),
        ("tel +81-90-1234-5678", "1234-5678"),
        ("電話 ０９０－１２３４－５６７８", "１２３４"),
    ],
)
def test_token_and_pii_shapes_are_masked(raw: str, leak: str, log_file: Path) -> None:
    assert leak not in redact(raw)
    get_logger("spapi").info(raw)
    get_logger("spapi").info("value: %s", raw)
    assert leak not in _read(log_file)


@pytest.mark.parametrize(
    "keep",
    [
        "503-1234567-1234567",  # Amazon order ID
        "444413758703",  # tracking number
        "EG725089303JP",
        "2025-06-02T03:00:00Z",
        "2025-06-02 12:00:00,123",
        "token bucket: 20 tokens, rate 0.0056",
        "ヤマト運輸 宅急便",
    ],
)
def test_ordinary_text_is_kept(keep: str) -> None:
    assert redact(keep) == keep
    assert not contains_secret(keep)


def test_traceback_is_redacted(log_file: Path) -> None:
    secret = "lwa-client-secret-0123456789"
    register_secret(secret)

    def fail() -> None:
        token = secret  # noqa: F841 - shows up in the traceback's source line below
        raise RuntimeError(f"refused {secret} for buyer hanako@example.jp tel 090-1234-5678")

    try:
        fail()
    except RuntimeError:
        get_logger("sync").exception("sync failed")
    text = _read(log_file)
    assert "sync failed" in text
    assert "Traceback" in text and "RuntimeError" in text
    assert secret not in text
    assert "hanako@example.jp" not in text
    assert "090-1234-5678" not in text


def test_stack_info_and_bad_format_args(log_file: Path) -> None:
    register_secret("stack-secret-abcdef")
    log = get_logger("store")
    log.info("stack-secret-abcdef here", stack_info=True)
    log.info("broken %d format", "stack-secret-abcdef")
    text = _read(log_file)
    assert "stack-secret-abcdef" not in text
    assert "Stack (most recent call last)" in text


def test_short_values_are_not_registered() -> None:
    before = logsetup.registered_secret_count()
    register_secret("")
    register_secret(None)
    register_secret("abc")
    assert logsetup.registered_secret_count() == before
    assert redact("abc def") == "abc def"


def test_scrub_pii_keeps_secrets_logic_separate() -> None:
    assert scrub_pii("mail a.b@example.com") == "mail <email>"
    assert scrub_pii("a.b%40example.com") == "<email>"


def test_third_party_records_are_redacted_too(log_file: Path) -> None:
    logging.getLogger("urllib3.connectionpool").warning(
        "GET /x?refresh_token=Atzr|leakvalue123 HTTP/1.1"
    )
    assert "leakvalue123" not in _read(log_file)


def test_excepthook_logs_redacted_and_prints_short_message(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from amzdesk.logsetup import configure_logging, install_excepthook, register_secret
        configure_logging(Path({str(tmp_path / "logs")!r}))
        install_excepthook()
        register_secret("hook-secret-value-777")
        raise ValueError("bad hook-secret-value-777 mail x.y@example.jp")
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        check=False,
    )
    assert proc.returncode != 0
    assert "予期しないエラーが発生しました" in proc.stderr
    assert "hook-secret-value-777" not in proc.stderr
    assert "x.y@example.jp" not in proc.stderr
    text = (tmp_path / "logs" / "amzdesk.log").read_text(encoding="utf-8")
    assert "ValueError" in text and "uncaught exception" in text
    assert "hook-secret-value-777" not in text
    assert "x.y@example.jp" not in text


def test_thread_excepthook(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import threading
        from pathlib import Path
        from amzdesk.logsetup import configure_logging, install_excepthook, register_secret
        configure_logging(Path({str(tmp_path / "logs")!r}))
        install_excepthook()
        register_secret("thread-secret-888888")
        def work():
            raise KeyError("thread-secret-888888")
        t = threading.Thread(target=work)
        t.start(); t.join()
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        check=False,
    )
    assert "予期しないエラーが発生しました" in proc.stderr
    text = (tmp_path / "logs" / "amzdesk.log").read_text(encoding="utf-8")
    assert "KeyError" in text
    assert "thread-secret-888888" not in text + proc.stderr
