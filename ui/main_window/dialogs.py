"""The windows the main window opens: settings, the journal, the label import and the upload
file export; and what a saved setting changes in the running window.

:class:`WindowDialogs` knows the window only through :class:`DialogsHost`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject

from ui import lazy_import

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from amzdesk.credentials import CredentialStore
    from amzdesk.services import Services
    from amzdesk.settings import Settings
    from ui import backend
    from ui.import_dialog import ImportDialog
    from ui.journal_window import JournalWindow
    from ui.main_window.banner import Banner
    from ui.main_window.detail_panel import DetailPanel
    from ui.orders.model import OrderTableModel
    from ui.settings_dialog import SettingsDialog
    from ui.tasks import Task, TaskRunner
else:
    backend = lazy_import("ui.backend")


class DialogsHost(Protocol):
    """What the dialogs use of the window."""

    services: Services | None
    settings: Settings
    settings_path: Path | None
    credentials: CredentialStore | None
    model: OrderTableModel

    @property
    def runner(self) -> TaskRunner: ...

    @property
    def banner(self) -> Banner: ...

    @property
    def panel(self) -> DetailPanel: ...

    def window(self) -> QWidget: ...

    def apply_sync_interval(self) -> None: ...

    def reload(self) -> Task | None: ...


class WindowDialogs(QObject):
    """Opens the other windows of ``host`` (one journal window, kept) and applies their
    results."""

    def __init__(self, host: DialogsHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("windowDialogs")
        self._host = host
        self.journal_window: JournalWindow | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.import_dialog: ImportDialog | None = None

    def open_settings(self) -> None:
        from ui.settings_dialog import SettingsDialog

        host = self._host
        dlg = SettingsDialog(
            host.settings,
            credentials=host.credentials,
            runner=host.runner,
            settings_path=host.settings_path,
            parent=host.window(),
        )
        dlg.settingsSaved.connect(self.settings_saved)
        dlg.open()
        self.settings_dialog = dlg

    def settings_saved(self, settings: Settings) -> None:
        """The settings dialog saved ``settings``: the window runs with them from now on."""
        host = self._host
        host.settings = settings
        services = host.services
        if services is not None:
            services.settings = settings
        from amzdesk.carriers import CarrierTable

        table = CarrierTable.load(overrides=settings.carrier_code_overrides)
        if services is not None:
            services.carriers = table
        host.panel.carrier_picker.set_table(table)
        # Amazon-order recognition patterns (advanced) apply from the next sync on
        from amzdesk.services import recognition_of

        recognition = recognition_of(settings)
        for holder in (getattr(services, "sync", None), getattr(services, "makeshop", None)):
            if holder is not None:
                holder.recognition = recognition
        # the owner's waits for Amazon / makeshop: the list's states are derived again now
        store = getattr(services, "store", None)
        waits = settings.waits()
        if store is not None and getattr(store, "waits", waits) != waits:

            def applied(_result: object) -> None:
                host.reload()

            host.runner.submit(
                lambda ctx: store.set_waits(waits),  # one write over every order: a worker's job
                name="apply-waits",
                on_result=applied,
            )
        host.apply_sync_interval()
        from PySide6.QtWidgets import QApplication

        from ui import i18n

        app = QApplication.instance()
        if app is not None:
            i18n.install(app, settings.language)

    def open_journal(self) -> None:
        from ui.journal_window import JournalWindow

        host = self._host
        if host.services is None:
            return
        if self.journal_window is None:
            self.journal_window = JournalWindow(
                host.services, runner=host.runner, parent=host.window()
            )
        self.journal_window.show()
        self.journal_window.raise_()
        self.journal_window.refresh()

    def open_import(self) -> None:
        from ui.import_dialog import ImportDialog

        host = self._host
        if host.services is None:
            return
        dlg = ImportDialog(
            host.services,
            runner=host.runner,
            parent=host.window(),
            settings_path=host.settings_path,
        )
        dlg.ordersChanged.connect(self.orders_changed)
        dlg.open()
        self.import_dialog = dlg

    def open_export(self) -> None:
        from ui.import_dialog import export_upload_file

        host = self._host
        if host.services is None:
            return
        export_upload_file(
            host.window(), host.services, host.runner, self.orders_changed, host.settings_path
        )

    def orders_changed(self, keys: list[str]) -> None:
        """Orders changed elsewhere (import, export): read their rows again."""
        host = self._host
        services = host.services
        if services is None:
            return
        host.runner.submit(
            lambda ctx: backend.load_some(services, keys),
            name="rows",
            on_result=host.model.update_rows,
            on_error=lambda exc: host.banner.show_message(backend.user_message(exc), "error"),
        )

    def close_all(self) -> None:
        if self.journal_window is not None:
            self.journal_window.close()
