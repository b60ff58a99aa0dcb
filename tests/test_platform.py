"""Behaviour that differs per operating system, checked here on Linux by setting the platform
explicitly: the keyring each OS brings and what the user must install, the app's folders, the UI
font, no console window on Windows, and high-DPI scaling."""

from __future__ import annotations

import ast
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement

import amzdesk
from amzdesk import credentials

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))
import bundle_policy as policy  # noqa: E402

PLATFORMS = ("win32", "darwin", "linux")
# The marker environment pip evaluates on each OS (what gets installed with the app there).
MARKER_ENV = {
    "win32": {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt"},
    "darwin": {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix"},
    "linux": {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"},
}


def _requirements_on(dist: str, plat: str) -> set[str]:
    """The run-time requirements of ``dist`` that pip installs on ``plat`` (no extras)."""
    from importlib.metadata import requires

    env = {**MARKER_ENV[plat], "python_version": "3.11", "extra": ""}
    found = set()
    for text in requires(dist) or []:
        req = Requirement(text)
        if req.marker is None or Marker(str(req.marker)).evaluate(env):
            found.add(req.name.lower().replace("_", "-"))
    return found


def _pinned() -> set[str]:
    names = set()
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            names.add(Requirement(line).name.lower().replace("_", "-").replace(".", "-"))
    return names


# --- keyring ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plat", "backend", "installs"),
    [
        ("win32", "keyring.backends.Windows.WinVaultKeyring", None),
        ("darwin", "keyring.backends.macOS.Keyring", None),
        ("linux", "keyring.backends.SecretService.Keyring", "gnome-keyring"),
    ],
)
def test_each_os_keyring_backend_and_what_to_install(
    plat: str, backend: str, installs: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", plat)
    expected = credentials.os_keyring()
    assert expected == credentials.os_keyring(plat)
    assert expected.backend == backend
    # the backend class exists in the keyring release the app pins
    module, _, cls = backend.rpartition(".")
    assert isinstance(getattr(importlib.import_module(module), cls), type)
    message = credentials.unavailable_message()
    if installs is None:
        # Credential Manager and Keychain come with the OS: nothing to install, only to unlock
        assert expected.install is None
        assert "install" not in message.lower() and "apt" not in message
    else:
        assert expected.install is not None and installs in expected.install
        assert expected.install in message
        assert "Secret Service" in message


@pytest.mark.parametrize("plat", PLATFORMS)
def test_each_os_keyring_needs_only_what_pip_installs_and_the_bundle_carries(plat: str) -> None:
    """What keyring itself needs on an OS comes with `pip install` (and is pinned); the frozen
    app bundles the OS's backend module explicitly."""
    needed = _requirements_on("keyring", plat)
    extra = {
        "win32": {"pywin32-ctypes"},
        "darwin": set(),
        "linux": {"secretstorage", "jeepney"},
    }[plat]
    common = _requirements_on("keyring", "darwin")
    assert needed - common == extra
    assert {n.replace(".", "-") for n in needed} <= _pinned(), "pin them in constraints.txt"
    hidden = policy.keyring_hidden_imports(plat)
    assert credentials.os_keyring(plat).backend.rpartition(".")[0] in hidden
    excluded = [*policy.EXCLUDED_MODULES, *policy.platform_excludes(plat)]
    assert not any(h == e or h.startswith(e + ".") for h in hidden for e in excluded)


def test_the_spec_takes_the_keyring_imports_from_the_policy() -> None:
    source = (ROOT / "packaging" / "amzdesk.spec").read_text(encoding="utf-8")
    assert "policy.keyring_hidden_imports(sys.platform)" in source


@pytest.mark.parametrize("plat", ["win32", "darwin"])
def test_smoke_test_fails_when_the_bundle_lacks_the_os_keyring(
    plat: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows and macOS the keyring comes with the OS, so not finding its backend is a
    broken bundle (a missing hidden import), not something to tell the user to install."""
    from ui import smoke

    monkeypatch.setattr(sys, "platform", plat)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    report = smoke.SmokeReport()
    smoke._check_keyring(report, smoke._Capture())  # the in-memory test keyring is in use
    assert report.failures == ["keyring backend"]
    assert credentials.os_keyring(plat).backend in report.lines[0]
    # a backend the user chose explicitly is respected (only reported)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.conftest.MemoryKeyring")
    report = smoke.SmokeReport()
    smoke._check_keyring(report, smoke._Capture())
    assert report.failures == []


def test_smoke_test_on_linux_only_reports_a_missing_secret_service(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ui import smoke

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    report = smoke.SmokeReport()
    smoke._check_keyring(report, smoke._Capture())
    assert report.failures == []


# --- folders ------------------------------------------------------------------------------------

_PRINT_DIRS = (
    "import json, sys; sys.platform = {plat!r}\n"
    "from amzdesk import paths\n"
    "print(json.dumps({{k: str(getattr(paths, k + '_dir')()) for k in "
    "('data', 'config', 'log')}}))\n"
)


def _app_dirs(plat: str, env: dict[str, str], cwd: Path) -> dict[str, str]:
    """The app's folders as amzdesk.paths computes them with platformdirs on ``plat``."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "WIN_PD_"))}
    base.update(env, PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", _PRINT_DIRS.format(plat=plat)],
        check=True,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=base,
        timeout=60,
    ).stdout
    return dict(json.loads(out))


def test_windows_folders_are_local_appdata(tmp_path: Path) -> None:
    local = r"C:\Users\taro\AppData\Local"
    env = {
        "WIN_PD_OVERRIDE_LOCAL_APPDATA": local,
        "WIN_PD_OVERRIDE_APPDATA": r"C:\Users\taro\AppData\Roaming",
    }
    dirs = {k: PureWindowsPath(v) for k, v in _app_dirs("win32", env, tmp_path).items()}
    app = PureWindowsPath(local, amzdesk.APP_NAME)
    # the store and journal stay on this PC (not in the roaming profile)
    assert dirs["data"] == app
    assert dirs["config"] == app
    assert dirs["log"] == app / "Logs"


def test_macos_folders_are_in_library(tmp_path: Path) -> None:
    home = tmp_path / "home"
    dirs = {k: Path(v) for k, v in _app_dirs("darwin", {"HOME": str(home)}, tmp_path).items()}
    library = home / "Library"
    assert dirs["data"] == library / "Application Support" / amzdesk.APP_NAME
    assert dirs["config"] == library / "Application Support" / amzdesk.APP_NAME
    assert dirs["log"] == library / "Logs" / amzdesk.APP_NAME
    assert all(p.is_dir() for p in dirs.values())


@pytest.mark.parametrize("plat", PLATFORMS)
def test_tests_keep_every_folder_private_on_every_os(plat: str, tmp_path: Path) -> None:
    """tests/conftest.py points the app's folders at the test's own folder on each OS (the
    Windows and macOS CI jobs must not share state between tests through the real folders)."""
    from tests.conftest import folders_env

    if plat == "win32":
        base: PurePosixPath | PureWindowsPath = PureWindowsPath(r"C:\Users\ci\Temp\t1")
        dirs = _app_dirs(plat, folders_env(base, plat), tmp_path)
        assert all(PureWindowsPath(v).is_relative_to(base) for v in dirs.values()), dirs
    else:
        base = PurePosixPath(tmp_path, "private")
        dirs = _app_dirs(plat, folders_env(base, plat), tmp_path)
        assert all(PurePosixPath(v).is_relative_to(base) for v in dirs.values()), dirs


def test_linux_folders_follow_xdg(tmp_path: Path) -> None:
    env = {
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    dirs = {k: PurePosixPath(v) for k, v in _app_dirs("linux", env, tmp_path).items()}
    assert dirs["data"] == PurePosixPath(tmp_path, "data", amzdesk.APP_NAME)
    assert dirs["config"] == PurePosixPath(tmp_path, "config", amzdesk.APP_NAME)
    assert dirs["log"] == PurePosixPath(tmp_path, "state", amzdesk.APP_NAME, "log")


# --- UI font ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plat", "first", "also"),
    [
        ("win32", "Yu Gothic UI", "Meiryo UI"),
        ("darwin", "Hiragino Sans", "Hiragino Kaku Gothic ProN"),
        ("linux", "Noto Sans CJK JP", None),
    ],
)
def test_ui_font_per_os(
    plat: str, first: str, also: str | None, qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QApplication

    from ui import app as ui_app

    assert isinstance(qapp, QApplication)
    before = qapp.font()
    monkeypatch.setattr(sys, "platform", plat)
    try:
        ui_app.apply_ui_font(qapp)
        font = qapp.font()
        families = font.families()
        assert families[0] == first
        if also:
            assert families.index(also) > 0
        # the platform's own default stays as the last fallback, and so does its size
        assert families[-1] in before.families()
        assert font.pointSizeF() == before.pointSizeF()
        others = {f for p in PLATFORMS if p != plat for f in ui_app.ui_font_families(p)}
        assert not others & set(families)
    finally:
        qapp.setFont(before)


def test_ui_font_resolves_to_the_first_installed_family(qapp: object) -> None:
    """Qt takes the first installed family of the list; here that is Noto Sans CJK JP (the
    set-up installs fonts-noto-cjk), after two that are not installed, and it has kana."""
    from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QFontMetrics

    from ui import app as ui_app

    if "Noto Sans CJK JP" not in QFontDatabase.families():
        pytest.skip("fonts-noto-cjk is not installed")
    font = QFont()
    font.setFamilies(["Yu Gothic UI", "Hiragino Sans", *ui_app.ui_font_families("linux")])
    assert QFontInfo(font).family() == "Noto Sans CJK JP"
    assert QFontMetrics(font).inFontUcs4(ord("出"))


# --- no console window on Windows ---------------------------------------------------------------


def test_windows_build_has_no_console_window() -> None:
    spec = ast.parse((ROOT / "packaging" / "amzdesk.spec").read_text(encoding="utf-8"))
    (exe,) = [
        n
        for n in ast.walk(spec)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "EXE"
    ]
    console = next(k.value for k in exe.keywords if k.arg == "console")
    assert isinstance(console, ast.Constant) and console.value is False
    # an installed `amzdesk` starts through pythonw on Windows (a GUI script), too
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["gui-scripts"]["amzdesk"] == "main:main"
    assert "amzdesk" not in project.get("scripts", {})


def test_smoke_test_works_without_stdout_and_stderr(tmp_path: Path) -> None:
    """A windowed Windows executable has sys.stdout and sys.stderr set to None: the smoke test
    then writes its report only to --report, and still passes."""
    report = tmp_path / "report.txt"
    code = (
        "import sys\n"
        "sys.stdout = sys.stderr = None\n"
        "from ui.smoke import run_smoke_test\n"
        f"sys.exit(run_smoke_test(['--report', {str(report)!r}]))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AMZDESK_", "PYTEST"))}
    env.update(QT_QPA_PLATFORM="offscreen", PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = str(tmp_path / var.lower())
    result = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    text = report.read_text(encoding="utf-8")
    assert result.returncode == 0, text + result.stdout + result.stderr
    assert result.stdout == ""
    assert "window rendered: ok" in text and "smoke test passed" in text


# --- high DPI -----------------------------------------------------------------------------------

_DPI_PROBE = """
import json, sys
from ui import app as ui_app
app = ui_app.create_application(["amzdesk"], "ja")
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel
label = QLabel("出荷通知")
label.resize(200, 40)
label.show()
app.processEvents()
image = label.grab()
print(json.dumps({
    "policy": QGuiApplication.highDpiScaleFactorRoundingPolicy().name,
    "dpr": label.devicePixelRatioF(),
    "grab": [image.width(), image.height()],
}))
"""


@pytest.mark.parametrize("scale", ["1.25", "1.5", "2"])
def test_fractional_display_scaling_is_not_rounded(scale: str, tmp_path: Path) -> None:
    """Windows laptops run at 125 % or 150 %: the window scales by exactly that, and renders
    at the full device resolution (sharp text and icons)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AMZDESK_", "PYTEST", "QT_"))}
    env.update(QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR=scale, PYTHONPATH=str(ROOT))
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = str(tmp_path / var.lower())
    result = subprocess.run(
        [sys.executable, "-c", _DPI_PROBE],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["policy"] == "PassThrough"
    assert probe["dpr"] == pytest.approx(float(scale))
    assert probe["grab"] == [round(200 * float(scale)), round(40 * float(scale))]


def test_macos_bundle_declares_high_resolution() -> None:
    plist = policy.info_plist(amzdesk.APP_DISPLAY_NAME, "1.0")
    assert plist["NSHighResolutionCapable"] is True
