"""Translations: Japanese is the source language; English ships as resources/i18n/amzdesk_en.qm.

``install(app, language)`` loads the app's translation and Qt's own (``qtbase_*`` from PySide6's
translations folder, for the buttons of Qt dialogs) for ``language`` = "auto" | "ja" | "en";
"auto" follows the system locale (Japanese for a Japanese locale, English otherwise).  Calling it
again switches language at run time (widgets retranslate on ``QEvent.LanguageChange``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from amzdesk.messages import TS_CONTEXT, Msg

log = logging.getLogger("amzdesk.ui")

I18N_DIR = Path(__file__).resolve().parent.parent / "resources" / "i18n"
LANGUAGES = ("auto", "ja", "en")

_installed: list[QTranslator] = []
_current = "ja"


def resolve_language(language: str, locale: QLocale | None = None) -> str:
    """ "ja" or "en" for a setting value ("auto" follows the system locale)."""
    if language in ("ja", "en"):
        return language
    loc = locale or QLocale.system()
    return "ja" if loc.language() == QLocale.Language.Japanese else "en"


def qt_translations_dir() -> str:
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def app_qm_path(lang: str) -> Path:
    return I18N_DIR / f"amzdesk_{lang}.qm"


def install(app: QCoreApplication, language: str = "auto") -> str:
    """Install the translators for ``language``; returns the language in effect ("ja"/"en")."""
    global _current  # noqa: PLW0603 - one set of translators per process
    lang = resolve_language(language)
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()
    qt_tr = QTranslator(app)
    if qt_tr.load(f"qtbase_{lang}", qt_translations_dir()):
        app.installTranslator(qt_tr)
        _installed.append(qt_tr)
    else:
        log.info("Qt translation qtbase_%s not found", lang)
    if lang != "ja":  # Japanese is the source text: nothing to load
        own = QTranslator(app)
        if own.load(str(app_qm_path(lang))):
            app.installTranslator(own)
            _installed.append(own)
        else:
            log.warning("translation %s missing", app_qm_path(lang).name)
    QLocale.setDefault(
        QLocale(QLocale.Language.Japanese if lang == "ja" else QLocale.Language.English)
    )
    _current = lang
    return lang


def current_language() -> str:
    return _current


def _msg_lookup(msg_id: str, template: str) -> str:
    return QCoreApplication.translate(TS_CONTEXT, template, msg_id)


def tr_core(text: str) -> str:
    """A text from ``amzdesk/`` in the current language: a :class:`amzdesk.messages.Msg` is
    rendered from its ID and parameters (context ``amzdesk.msg``), a fixed label is looked up
    under the context ``amzdesk``.  Japanese is the source language, so "ja" returns it as is."""
    if not text:
        return text
    if isinstance(text, Msg):
        return str(text) if _current == "ja" else text.render(_msg_lookup)
    return QCoreApplication.translate("amzdesk", text)
