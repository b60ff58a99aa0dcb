"""Reading files the user points at (or the app's own small files) without trusting them.

:func:`read_bounded` opens without blocking (a FIFO does not hang the app), refuses anything
that is not a regular file (``/dev/zero`` is not read until memory runs out), and reads at most
``limit`` bytes -- it never trusts ``stat`` sizes, which a growing file, ``/proc`` or a device
would get wrong.  :class:`FileTooLarge` / :class:`NotAFile` carry a Japanese message.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from amzdesk.messages import define

M = define(
    "fileio",
    {
        "not_a_file": (
            "{name} は通常のファイルではありません（フォルダ・デバイス・パイプなど）。"
            "読み込むファイルを選び直してください"
        ),
        "too_large": (
            "{name} が大きすぎます（{mb} MB まで）。"
            "ファイルを分けるか、正しいファイルか確認してください"
        ),
    },
)

__all__ = ["FileTooLarge", "NotAFile", "UnreadableFile", "read_bounded"]

_CHUNK = 1024 * 1024


class UnreadableFile(OSError):
    """A file that cannot be used; ``message`` is Japanese and says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def user_message(self) -> str:
        return self.message


class NotAFile(UnreadableFile):
    pass


class FileTooLarge(UnreadableFile):
    pass


def read_bounded(path: Path | str, limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them (else FileTooLarge).

    Raises FileNotFoundError / PermissionError as usual, NotAFile for a FIFO, a device, a
    folder or a socket.
    """
    p = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(p, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotAFile(M("not_a_file", name=p.name))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        out = bytearray()
        while len(out) <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - len(out)))
            if not chunk:
                break
            out += chunk
        if len(out) > limit:
            raise FileTooLarge(M("too_large", name=p.name, mb=f"{limit / 1024 / 1024:.1f}"))
        return bytes(out)
    finally:
        os.close(fd)
