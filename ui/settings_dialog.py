"""Settings: credentials (OS keyring only, masked), connection tests, carrier codes, sync, language.

One dialog: its pages share the pending edits, the background tasks and the save that writes
them together, so they stay in one module, a method per page.

Credentials are written only through :class:`amzdesk.credentials.CredentialStore` (the OS
keyring); the fields are password fields and never show a stored value -- an empty field keeps
what is stored.  Each page walks a shop owner through getting the credentials, screen by screen.
Keyring access, connection tests and saving run in the background task helper.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from amzdesk import credentials as cred
from amzdesk.carriers import CarrierTable
from amzdesk.settings import (
    CONFIRM_WAIT_MAX,
    CONFIRM_WAIT_MIN,
    RETURN_WAIT_MAX,
    RETURN_WAIT_MIN,
    SYNC_INTERVAL_MAX,
    Settings,
)
from ui import backend
from ui.tasks import TaskRunner

log = logging.getLogger("amzdesk.ui")

FIELD_NAMES = {
    cred.LWA_CLIENT_ID: "lwaClientId",
    cred.LWA_CLIENT_SECRET: "lwaClientSecret",
    cred.LWA_REFRESH_TOKEN: "lwaRefreshToken",
    cred.MAKESHOP_TOKEN: "makeshopToken",
    cred.MAKESHOP_API_KEY: "makeshopApiKey",
}


def amazon_guide_html() -> str:
    return QCoreApplication.translate(
        "SettingsDialog",
        "<h3>Amazon の認証情報を用意する</h3>"
        "<p><b>はじめに:</b> Amazon と makeshop の連携、そしてこのアプリの Amazon 側の"
        "操作には、Amazon の<b>大口出品</b>のアカウントが必要です。小口出品のままでは使えません。"
        "大口出品への切り替えは、出品者本人がセラーセントラルで申し込みます。審査に数日かかる"
        "ことがあり、登録完了と同時に月額登録料がかかります。</p>"
        "<p>このアプリは、あなた自身のショップ専用の「非公開アプリ」として Amazon の"
        " SP-API を使います。次の順に進めてください。</p>"
        "<ol>"
        "<li><b>開発者として登録する</b>: セラーセントラル（sellercentral.amazon.co.jp）に"
        "ログインし、右上の「設定」（歯車）メニューから「ユーザー権限」を開きます。"
        "ページ下の「Amazon 出品用アプリケーションとサービス」にある"
        "「開発者登録」（または「Developer Central」）を押します。</li>"
        "<li><b>開発者プロフィールを入力する</b>: 「非公開の開発者（自社のためだけにアプリを"
        "作る）」を選び、会社名・連絡先を入力します。必要な権限（ロール）は"
        "「注文の管理（Orders）」と「出荷の確認（Direct-to-Consumer Shipping は不要）」です。"
        "購入者の個人情報のロールは<b>選ばないでください</b>（このアプリは使いません）。"
        "送信すると審査が始まり、承認メールが届くまで数日かかることがあります。</li>"
        "<li><b>アプリを作る</b>: 承認後、「Developer Central」で「新しいアプリクライアントを"
        "追加」を押します。アプリ名（例: amzdesk）を入力し、API の種類は"
        "「SP API」を選んで保存します。</li>"
        "<li><b>LWA 認証情報を見る</b>: アプリの一覧で、作ったアプリの"
        "「LWA 認証情報」の「表示」を押すと、<b>クライアント ID</b>"
        "（amzn1.application-oa2-client. で始まる）と<b>クライアントシークレット</b>"
        "が表示されます。それぞれコピーして下の欄に貼り付けます。</li>"
        "<li><b>自分で承認してリフレッシュトークンを得る</b>: 同じ行の「編集」の横にある"
        "「▼」から「アプリを承認」を選びます。確認画面で「承認」を押すと"
        "<b>リフレッシュトークン</b>（Atzr| で始まる長い文字列）が一度だけ表示されます。"
        "すぐにコピーして下の欄に貼り付けてください（あとで再発行もできます）。</li>"
        "<li>「保存」を押し、「接続テスト」で確認します。</li>"
        "</ol>"
        "<p>入力した値はパソコンの OS のキーリング（資格情報の保管庫）にだけ保存され、"
        "ファイルやログには書かれません。</p>",
    )


def makeshop_guide_html() -> str:
    return QCoreApplication.translate(
        "SettingsDialog",
        "<h3>makeshop の認証情報を用意する</h3>"
        "<p>makeshop の API は、ショップごとに利用を申し込んで使います。"
        "自分のショップのためだけに使うので、審査は通常の手続きで進みます。</p>"
        "<ol>"
        "<li><b>利用を申し込む</b>: makeshop のショップ管理画面にログインし、上部メニューの"
        "「ショップ作成」または「設定」から「API 設定」（「外部システム連携」内にある"
        "こともあります）を開きます。「API 利用申請」のボタンを押し、利用目的に"
        "「自社の受注・出荷管理」と書いて申請します。</li>"
        "<li><b>承認メールを待つ</b>: 承認されると、makeshop から API の接続先（エンドポイント）"
        "の案内がメールで届きます。案内の URL が既定値"
        "（https://app-api.makeshop.jp/v1/graphql）と違う場合は、環境変数"
        " AMZDESK_MAKESHOP_ENDPOINT に指定してください（通常は不要です）。</li>"
        "<li><b>アクセストークンと API キーを発行する</b>: 再び「API 設定」を開くと、"
        "「アクセストークン発行」と「API キー」の欄が表示されます。"
        "「発行」を押して表示された<b>アクセストークン</b>と<b>API キー</b>をコピーし、"
        "下の欄に貼り付けます。アクセストークンは一度しか表示されないことがあります。</li>"
        "<li>権限は「受注情報の参照」と「受注情報の更新（配送状況）」を有効にします。</li>"
        "<li>「保存」を押し、「接続テスト」で確認します。</li>"
        "</ol>"
        "<p>Amazon の注文の購入者情報は、Amazon の個人情報保護のため makeshop でも制限"
        "されています。このアプリも表示・保存しません。</p>",
    )


class SettingsDialog(QDialog):
    """Edit a copy of the settings; ``settingsSaved(Settings)`` after a successful save."""

    settingsSaved = Signal(object)

    def __init__(
        self,
        settings: Settings,
        *,
        credentials: cred.CredentialStore | None = None,
        runner: TaskRunner | None = None,
        settings_path: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("設定・認証情報"))
        self.setAccessibleName(self.tr("設定"))
        self.settings = settings.copy()
        self.credentials = credentials or cred.CredentialStore()
        self.runner = runner or TaskRunner(self)
        self.settings_path = settings_path
        self.fields: dict[str, QLineEdit] = {}
        self.stored: dict[str, bool] = {}
        self.keyring_problem = ""  # why credentials cannot be saved ("" = they can)
        self.test_failed: set[str] = set()  # sources whose last connection test failed

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("settingsTabs")
        self.tabs.addTab(self._credential_page("amazon"), self.tr("Amazon"))
        self.tabs.addTab(self._credential_page("makeshop"), self.tr("makeshop"))
        self.tabs.addTab(self._carrier_page(), self.tr("配送業者コード"))
        self.tabs.addTab(self._general_page(), self.tr("一般"))
        self.tabs.addTab(self._advanced_page(), self.tr("詳細"))

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.setObjectName("settingsButtons")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("settingsError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b71c1c;")
        self.error_label.hide()

        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.error_label)
        lay.addWidget(self.buttons)
        self.resize(860, 680)
        self._load_stored_status()

    # -- pages ---------------------------------------------------------------------------------
    def _credential_page(self, source: str) -> QWidget:
        page = QWidget(self)
        page.setObjectName(f"{source}Page")
        lay = QVBoxLayout(page)
        guide = QTextBrowser(page)
        guide.setObjectName(f"{source}Guide")
        guide.setAccessibleName(
            self.tr("Amazon の認証情報の取得手順")
            if source == "amazon"
            else self.tr("makeshop の認証情報の取得手順")
        )
        guide.setOpenExternalLinks(False)
        guide.setHtml(amazon_guide_html() if source == "amazon" else makeshop_guide_html())
        lay.addWidget(guide, 1)
        form = QFormLayout()
        names = cred.AMAZON_NAMES if source == "amazon" else cred.MAKESHOP_NAMES
        labels = {
            cred.LWA_CLIENT_ID: self.tr("LWA クライアント ID"),
            cred.LWA_CLIENT_SECRET: self.tr("LWA クライアントシークレット"),
            cred.LWA_REFRESH_TOKEN: self.tr("LWA リフレッシュトークン"),
            cred.MAKESHOP_TOKEN: self.tr("makeshop アクセストークン"),
            cred.MAKESHOP_API_KEY: self.tr("makeshop API キー"),
        }
        for name in names:
            edit = QLineEdit(page)
            edit.setObjectName(FIELD_NAMES[name])
            edit.setAccessibleName(labels[name])
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setPlaceholderText(self.tr("未保存"))
            edit.textChanged.connect(lambda _t, s=source: self.test_failed.discard(s))
            self.fields[name] = edit
            form.addRow(labels[name], edit)
        lay.addLayout(form)
        row = QHBoxLayout()
        test = QPushButton(self.tr("接続テスト"), page)
        test.setObjectName("testAmazon" if source == "amazon" else "testMakeshop")
        test.setAccessibleName(
            self.tr("Amazon の接続テスト")
            if source == "amazon"
            else self.tr("makeshop の接続テスト")
        )
        result = QLabel(page)
        result.setObjectName("amazonTestResult" if source == "amazon" else "makeshopTestResult")
        result.setWordWrap(True)
        row.addWidget(test)
        row.addWidget(result, 1)
        lay.addLayout(row)
        test.clicked.connect(lambda _c=False, s=source: self.test_connection(s))
        if source == "amazon":
            self.amazon_test_button, self.amazon_test_result = test, result
        else:
            self.makeshop_test_button, self.makeshop_test_result = test, result
        return page

    def _carrier_page(self) -> QWidget:
        page = QWidget(self)
        lay = QVBoxLayout(page)
        info = QLabel(
            self.tr(
                "Amazon 側で出荷通知するときに Amazon に送る配送業者コードです。"
                "既定値は Amazon の公開資料で確認できていないため、セラーセントラルで違う表示に"
                "なる場合はここで直してください。空欄なら既定値を使います。"
                "分からない場合は「Other」にすると、配送業者名がそのまま Amazon に送られます。"
            ),
            page,
        )
        info.setObjectName("carrierInfo")
        info.setToolTip("carrierCode / carrierName (R-E3)")  # for support: the API's names
        info.setWordWrap(True)
        lay.addWidget(info)
        table = CarrierTable.load()
        self.carrier_table = QTableWidget(len(table), 3, page)
        self.carrier_table.setObjectName("carrierOverrides")
        self.carrier_table.setAccessibleName(self.tr("配送業者コードの上書き"))
        self.carrier_table.setHorizontalHeaderLabels(
            [self.tr("配送業者（makeshop）"), self.tr("既定のコード"), self.tr("上書きするコード")]
        )
        self.carrier_table.verticalHeader().hide()
        self.carrier_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        overrides = self.settings.carrier_code_overrides
        for i, c in enumerate(table.all()):
            name_item = QTableWidgetItem(c.name)
            name_item.setFlags(name_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            default_item = QTableWidgetItem(c.spapi_code)
            default_item.setFlags(default_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.carrier_table.setItem(i, 0, name_item)
            self.carrier_table.setItem(i, 1, default_item)
            self.carrier_table.setItem(i, 2, QTableWidgetItem(overrides.get(c.name, "")))
        lay.addWidget(self.carrier_table, 1)
        return page

    def _general_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.sync_interval = QSpinBox(page)
        self.sync_interval.setObjectName("syncInterval")
        self.sync_interval.setAccessibleName(self.tr("自動同期の間隔（分）"))
        self.sync_interval.setRange(0, SYNC_INTERVAL_MAX)
        self.sync_interval.setSpecialValueText(self.tr("オフ"))
        self.sync_interval.setSuffix(self.tr(" 分"))
        self.sync_interval.setValue(self.settings.sync_interval_minutes)
        self.language = QComboBox(page)
        self.language.setObjectName("languageCombo")
        self.language.setAccessibleName(self.tr("表示言語"))
        for code, text in (
            ("auto", self.tr("自動（OS の設定）")),
            ("ja", "日本語"),
            ("en", "English"),
        ):
            self.language.addItem(text, code)
        idx = self.language.findData(self.settings.language)
        self.language.setCurrentIndex(max(0, idx))
        form.addRow(self.tr("自動同期の間隔"), self.sync_interval)
        form.addRow(self.tr("表示言語"), self.language)
        note = QLabel(self.tr("自動同期は 5 分以上の間隔で指定してください（0 でオフ）。"), page)
        note.setWordWrap(True)
        form.addRow(note)
        # How long waiting for the other side is normal (amzdesk.states.Waits)
        self.confirm_wait = QSpinBox(page)
        self.confirm_wait.setObjectName("confirmWait")
        self.confirm_wait.setAccessibleName(self.tr("Amazon の反映を待つ時間（分）"))
        self.confirm_wait.setRange(CONFIRM_WAIT_MIN, CONFIRM_WAIT_MAX)
        self.confirm_wait.setSuffix(self.tr(" 分"))
        self.confirm_wait.setValue(self.settings.confirm_wait_minutes)
        self.return_wait = QSpinBox(page)
        self.return_wait.setObjectName("returnWait")
        self.return_wait.setAccessibleName(self.tr("makeshop の返送を待つ日数"))
        self.return_wait.setRange(RETURN_WAIT_MIN, RETURN_WAIT_MAX)
        self.return_wait.setSuffix(self.tr(" 日"))
        self.return_wait.setValue(self.settings.return_wait_days)
        form.addRow(self.tr("Amazon の反映を待つ時間"), self.confirm_wait)
        form.addRow(self.tr("makeshop の返送を待つ日数"), self.return_wait)
        wait_note = QLabel(
            self.tr(
                "出荷通知を送ってからこの時間がたっても Amazon で出荷済みにならない注文は、"
                "要対応に戻ります（出荷期限を過ぎてから送った出荷通知も、送った時刻から数えます）。"
                "セラーセントラルで返送処理してからこの日数がたっても makeshop の処理区分が"
                "「返送」にならない注文は、要対応としてお知らせします。"
            ),
            page,
        )
        wait_note.setObjectName("waitNote")
        wait_note.setWordWrap(True)
        form.addRow(wait_note)
        return page

    def _advanced_page(self) -> QWidget:
        """How Amazon orders are told apart among makeshop orders (not public: adjustable
        without a new release).  Empty fields mean the built-in defaults."""
        from PySide6.QtWidgets import QPlainTextEdit, QPushButton

        from amzdesk.recognition import Recognition

        page = QWidget(self)
        outer = QVBoxLayout(page)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)
        intro = QLabel(
            self.tr(
                "makeshop の注文のうち、どれが Amazon の注文かを見分ける方法です。"
                "makeshop の仕様が分かって違っていた場合にだけ変更してください。"
                "Amazon の注文かもしれない注文は、配送完了の前に必ず確認します。"
            ),
            page,
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        current = Recognition.from_settings(self.settings.amazon_recognition or None)
        self.recognition_prefixes = QPlainTextEdit(page)
        self.recognition_prefixes.setObjectName("recognitionPrefixes")
        self.recognition_prefixes.setAccessibleName(self.tr("Amazon の注文の決済方法"))
        self.recognition_prefixes.setPlainText("\n".join(current.pay_method_prefixes))
        self.recognition_prefixes.setMaximumHeight(70)
        self.recognition_excludes = QPlainTextEdit(page)
        self.recognition_excludes.setObjectName("recognitionExcludes")
        self.recognition_excludes.setAccessibleName(self.tr("ショップの注文の決済方法"))
        self.recognition_excludes.setPlainText("\n".join(current.pay_method_excludes))
        self.recognition_excludes.setMaximumHeight(70)
        self.recognition_pattern = QLineEdit(current.order_id_pattern, page)
        self.recognition_pattern.setObjectName("recognitionPattern")
        self.recognition_pattern.setAccessibleName(self.tr("Amazon の注文番号の形"))
        self.recognition_window = QSpinBox(page)
        self.recognition_window.setObjectName("recognitionWindow")
        self.recognition_window.setRange(0, 24 * 14)
        self.recognition_window.setSuffix(self.tr(" 時間"))
        self.recognition_window.setValue(current.match_window_s // 3600)
        self.recognition_window.setAccessibleName(self.tr("照合する注文日時の幅"))
        form.addRow(
            self.tr("Amazon の注文の決済方法（前方一致、1行に1つ）"), self.recognition_prefixes
        )
        form.addRow(
            self.tr("ショップの注文の決済方法（含む、1行に1つ）"), self.recognition_excludes
        )
        form.addRow(self.tr("Amazon の注文番号の形（正規表現）"), self.recognition_pattern)
        form.addRow(self.tr("Amazon の注文と照合する日時の幅"), self.recognition_window)
        reset = QPushButton(self.tr("既定に戻す"), page)
        reset.setObjectName("recognitionReset")
        reset.clicked.connect(self._reset_recognition)
        form.addRow(reset)
        return page

    def _reset_recognition(self) -> None:
        from amzdesk.recognition import Recognition

        d = Recognition()
        self.recognition_prefixes.setPlainText("\n".join(d.pay_method_prefixes))
        self.recognition_excludes.setPlainText("\n".join(d.pay_method_excludes))
        self.recognition_pattern.setText(d.order_id_pattern)
        self.recognition_window.setValue(d.match_window_s // 3600)

    def edited_recognition(self) -> dict[str, Any]:
        """The advanced page as settings (empty when it equals the defaults)."""
        from amzdesk.recognition import Recognition

        data: dict[str, Any] = {
            "pay_method_prefixes": self.recognition_prefixes.toPlainText().splitlines(),
            "pay_method_excludes": self.recognition_excludes.toPlainText().splitlines(),
            "order_id_pattern": self.recognition_pattern.text(),
            "match_window_hours": int(self.recognition_window.value()),
        }
        try:
            if Recognition.from_settings(data) == Recognition():
                return {}
        except ValueError:
            pass  # validation on save says what is wrong
        return data

    # -- stored status (background: the keyring may be slow or ask to unlock) ------------------
    def _load_stored_status(self) -> None:
        store = self.credentials
        self.runner.submit(
            lambda ctx: store.status(),
            name="credential-status",
            on_result=self._apply_stored,
            on_error=self._keyring_failed,
        )

    def _keyring_failed(self, exc: BaseException) -> None:
        """Without a usable keyring nothing typed here could be saved: say so and lock the
        credential fields instead of letting the owner type secrets that go nowhere."""
        text = backend.user_message(exc)
        self.keyring_problem = text
        self._show_error(text)
        for edit in self.fields.values():
            edit.setEnabled(False)
            edit.setPlaceholderText(self.tr("キーリングが使えないため保存できません"))
            edit.setToolTip(text)

    def _apply_stored(self, status: dict[str, bool]) -> None:
        self.stored = dict(status)
        for name, edit in self.fields.items():
            if status.get(name):
                edit.setPlaceholderText(self.tr("保存済み（変更するときだけ入力）"))
            else:
                edit.setPlaceholderText(self.tr("未保存"))

    # -- collecting ----------------------------------------------------------------------------
    def entered(self) -> dict[str, str]:
        """Credential values typed in this dialog (empty fields keep what is stored)."""
        return {n: e.text().strip() for n, e in self.fields.items() if e.text().strip()}

    def edited_settings(self) -> Settings:
        s = self.settings.copy()
        overrides: dict[str, str] = {}
        for i in range(self.carrier_table.rowCount()):
            name_item = self.carrier_table.item(i, 0)
            code_item = self.carrier_table.item(i, 2)
            code = code_item.text().strip() if code_item is not None else ""
            if name_item is not None and code:
                overrides[name_item.text()] = code
        s.carrier_code_overrides = overrides
        s.sync_interval_minutes = int(self.sync_interval.value())
        s.language = str(self.language.currentData())
        s.confirm_wait_minutes = int(self.confirm_wait.value())
        s.return_wait_days = int(self.return_wait.value())
        s.amazon_recognition = self.edited_recognition()
        return s

    # -- saving --------------------------------------------------------------------------------
    def save(self) -> None:
        from amzdesk.settings import SettingsError, validate_settings

        try:
            settings = validate_settings(self.edited_settings())
        except SettingsError as exc:
            self._show_error(backend.user_message(exc))
            return
        values = self.entered()
        failed = sorted(s for s in self.test_failed if self._entered_for(s, values))
        if failed and not self._confirm_untested_save(failed):
            return
        store = self.credentials
        path = self.settings_path

        def work(_ctx: Any) -> Settings:
            from amzdesk.settings import save_settings

            for name, value in values.items():
                store.set(name, value)
            return save_settings(settings, path)

        self.buttons.setEnabled(False)
        self.runner.submit(
            work,
            name="save-settings",
            on_result=self._saved,
            on_error=self._save_failed,
        )

    @staticmethod
    def _entered_for(source: str, values: dict[str, str]) -> bool:
        names = cred.AMAZON_NAMES if source == "amazon" else cred.MAKESHOP_NAMES
        return any(n in values for n in names)

    def _confirm_untested_save(self, sources: list[str]) -> bool:
        """The owner saves credentials whose connection test just failed: ask first."""
        from PySide6.QtWidgets import QMessageBox

        names = "・".join("Amazon" if s == "amazon" else "makeshop" for s in sources)
        answer = QMessageBox.question(
            self,
            self.tr("接続テストに失敗しています"),
            self.tr(
                "{0} の接続テストに失敗した認証情報です。このまま保存すると、同期や出荷通知が"
                "できないことがあります。保存しますか？"
            ).format(names),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Save

    def _saved(self, settings: Settings) -> None:
        self.buttons.setEnabled(True)
        for edit in self.fields.values():
            edit.clear()
        self.settings = settings
        self.settingsSaved.emit(settings)
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self._show_error(backend.user_message(exc))

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    # -- connection tests ----------------------------------------------------------------------
    def test_connection(self, source: str) -> None:
        values = self.entered()
        store = self.credentials
        settings = self.edited_settings()
        button = self.amazon_test_button if source == "amazon" else self.makeshop_test_button
        label = self.amazon_test_result if source == "amazon" else self.makeshop_test_result
        label.setText(self.tr("接続しています…"))
        label.setStyleSheet("")
        button.setEnabled(False)

        def work(_ctx: Any) -> str:
            return run_connection_test(source, values, store, settings)

        self.runner.submit(
            work,
            name=f"test-{source}",
            on_result=lambda _msg: self._test_ok(label),
            on_error=lambda exc: self._test_failed(label, exc),
            on_finished=lambda: button.setEnabled(True),
        )

    def _test_ok(self, label: QLabel) -> None:
        self.test_failed.discard("amazon" if label is self.amazon_test_result else "makeshop")
        label.setText(self.tr("✓ 接続できました"))
        label.setStyleSheet("color: #1b5e20;")

    def _test_failed(self, label: QLabel, exc: BaseException) -> None:
        self.test_failed.add("amazon" if label is self.amazon_test_result else "makeshop")
        from ui.i18n import tr_core

        label.setText("✗ " + tr_core(backend.user_message(exc)))
        label.setWordWrap(True)
        label.setStyleSheet("color: #b71c1c;")


class MissingCredentials(ValueError):
    """A connection test without the values it needs."""

    def __init__(self, source: str) -> None:
        super().__init__(source)
        from amzdesk import doctor

        self.user_message = doctor.M("missing_amazon" if source == "amazon" else "missing_makeshop")


class ConnectionCheckFailed(RuntimeError):
    """A connection test that failed, with the doctor's plain diagnosis."""

    def __init__(self, check: Any) -> None:
        super().__init__(check.detail or check.kind)
        self.check = check
        self.user_message = check.message


def run_connection_test(
    source: str, values: dict[str, str], store: cred.CredentialStore, settings: Settings
) -> str:
    """Prove the credentials with one read-only call (worker thread); a failure raises
    ConnectionCheckFailed with the diagnosis of :mod:`amzdesk.doctor`."""
    from amzdesk import doctor
    from amzdesk.endpoints import resolve_endpoints

    def value(name: str) -> str:
        return values.get(name) or store.get(name) or ""

    endpoints = resolve_endpoints(settings)
    if source == "amazon":
        from amzdesk.spapi import LwaAuth, SpApiClient

        cid, secret, refresh = (value(n) for n in cred.AMAZON_NAMES)
        if not (cid and secret and refresh):
            raise MissingCredentials("amazon")
        client = SpApiClient(
            endpoints.spapi, LwaAuth(cid, secret, refresh, token_url=endpoints.lwa_token_url)
        )
        check = doctor.check_amazon(client)
        if not check.ok:
            raise ConnectionCheckFailed(check)
        return str(check.message)
    from amzdesk.makeshop import MakeshopClient

    token, key = (value(n) for n in cred.MAKESHOP_NAMES)
    if not (token and key):
        raise MissingCredentials("makeshop")
    check = doctor.check_makeshop(MakeshopClient(endpoints.makeshop, token, key))
    if not check.ok:
        raise ConnectionCheckFailed(check)
    return str(check.message)
