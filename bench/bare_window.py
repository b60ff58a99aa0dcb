"""The start-up baseline: a bare PySide6 window with nothing of amzdesk in it.

Imports only PySide6 (and the standard library), shows a ``QMainWindow`` with an empty
``QTableView``, and reports its first painted frame the way ``main.py`` does under
``AMZDESK_REPORT_FIRST_PAINT=1`` (``FIRST_PAINT <time.monotonic()>`` on stdout, then exit).
``bench/bench_startup.py`` runs it as a script; ``scripts/build-app --script bench/bare_window.py
--name bare`` freezes it the way the app is frozen (dist/bare/bare).
"""

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView


class _Watch(QObject):
    done = False

    def eventFilter(self, obj, event):  # type: ignore[no-untyped-def]
        paint = event.type() == QEvent.Type.Paint
        if paint and obj.isWidgetType() and obj.isWindow() and not self.done:
            self.done = True
            QApplication.instance().removeEventFilter(self)
            QTimer.singleShot(0, _report)
        return False


def _report() -> None:
    print(f"FIRST_PAINT {time.monotonic():.6f}", flush=True)
    os._exit(0)


def main() -> int:
    app = QApplication(sys.argv[:1])
    watch = _Watch(app)
    app.installEventFilter(watch)
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.setCentralWidget(QTableView(window))
    window.resize(1280, 780)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
