"""Where the app keeps its files (platformdirs; tests point these at temporary folders)."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from amzdesk import APP_NAME


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, ensure_exists=True))


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False, ensure_exists=True))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False, ensure_exists=True))
