"""The double-click bundle: spec, trimming policy, desktop entry, icons, and the smoke test."""

from __future__ import annotations

import ast
import configparser
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

import amzdesk

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
ICONS = ROOT / "resources" / "icons"
SPEC = PACKAGING / "amzdesk.spec"

sys.path.insert(0, str(PACKAGING))
import bundle_policy as policy  # noqa: E402
import make_icons  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# --- helpers -------------------------------------------------------------------------------------


def png_size(data: bytes, *, rgba: bool = True) -> tuple[int, int]:
    """Width and height of a PNG after checking its signature, IHDR chunk and every chunk CRC."""
    assert data[:8] == PNG_SIGNATURE, "not a PNG"
    pos = 8
    size: tuple[int, int] | None = None
    seen_end = False
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind!r}"
        if kind == b"IHDR":
            size = struct.unpack(">II", body[:8])
            assert body[8] == 8 and body[9] in ((6,) if rgba else (2, 6)), "expected 8-bit RGB(A)"
        seen_end = kind == b"IEND"
        pos += 12 + length
    assert size is not None and seen_end
    return size


def spec_tree() -> ast.Module:
    return ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))


def calls(tree: ast.AST, name: str) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Name) and node.func.id == name)
            or (isinstance(node.func, ast.Attribute) and node.func.attr == name)
        )
    ]


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def imported_modules() -> set[str]:
    """Every module the app's own code imports (amzdesk/, ui/, resources/, main.py)."""
    found: set[str] = set()
    files = [ROOT / "main.py"]
    for package in ("amzdesk", "ui", "resources"):
        files += sorted((ROOT / package).rglob("*.py"))
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def qt_plugin_dir() -> Path:
    import PySide6

    base = Path(PySide6.__file__).parent
    return base / "Qt" / "plugins" if (base / "Qt" / "plugins").is_dir() else base / "plugins"


# --- the spec ------------------------------------------------------------------------------------


def test_spec_is_one_folder_windowed_and_named_from_the_package() -> None:
    tree = spec_tree()
    (exe,) = calls(tree, "EXE")
    assert isinstance(keyword(exe, "console"), ast.Constant)
    assert keyword(exe, "console").value is False  # type: ignore[union-attr]
    assert keyword(exe, "exclude_binaries").value is True  # type: ignore[union-attr]
    assert len(calls(tree, "COLLECT")) == 1, "one-folder build"
    source = SPEC.read_text(encoding="utf-8")
    assert "amzdesk.APP_NAME" in source and "amzdesk.__version__" in source
    assert ast.unparse(keyword(exe, "name")) == "NAME"  # type: ignore[arg-type]
    (bundle,) = calls(tree, "BUNDLE")
    assert ast.unparse(keyword(bundle, "version")) == "VERSION"  # type: ignore[arg-type]
    assert "policy.info_plist" in ast.unparse(keyword(bundle, "info_plist"))  # type: ignore[arg-type]


def test_spec_collects_resources_as_package_data_and_uses_the_policy() -> None:
    tree = spec_tree()
    collected = [ast.unparse(c.args[0]) for c in calls(tree, "collect_data_files")]
    assert "'resources'" in collected
    (analysis,) = calls(tree, "Analysis")
    assert "policy.EXCLUDED_MODULES" in ast.unparse(keyword(analysis, "excludes"))  # type: ignore[arg-type]
    source = SPEC.read_text(encoding="utf-8")
    assert 'hiddenimports = ["resources"]' in source
    for func in ("filter_toc", "prune_dependencies", "drop_dangling_symlinks"):
        assert f"policy.{func}(" in source
    # nothing from the build machine's user folders
    assert not re.search(r"expanduser|Path\.home|~/|HOME", source)


def test_spec_files_it_names_exist() -> None:
    source = SPEC.read_text(encoding="utf-8")
    for name in re.findall(r'HERE / "([^"]+)"', source):
        assert (PACKAGING / name).is_file(), name
    for name in re.findall(r'ICONS / "([^"]+)"', source):
        assert (ICONS / name).is_file(), name


def test_excluded_modules_are_not_used_by_the_app() -> None:
    used = imported_modules()
    excluded = set(policy.EXCLUDED_MODULES)
    clash = {m for m in used if m in excluded or m.split(".")[0] in excluded}
    assert not clash, f"the bundle would lack modules the app imports: {sorted(clash)}"
    # and the Qt modules the window does use stay
    qt_used = {m.split(".")[1] for m in used if m.startswith("PySide6.") and m.count(".") >= 1}
    for module in qt_used:
        assert f"PySide6.{module}" not in excluded
        assert policy.keep_binary(f"PySide6/{module}.abi3.so")


# --- the trimming policy -------------------------------------------------------------------------


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux plugin file names")
def test_policy_keeps_the_platform_plugins_the_app_needs_from_the_real_qt_install() -> None:
    plugin_dir = qt_plugin_dir()
    dests = {
        f"PySide6/Qt/plugins/{p.parent.name}/{p.name}"
        for p in plugin_dir.glob("*/*")
        if p.is_file()
    }
    kept = {d for d in dests if policy.keep_binary(d)}
    kept_names = {d.rsplit("/", 1)[1] for d in kept}
    for must in ("libqxcb.so", "libqoffscreen.so", "libqsvgicon.so", "libqsvg.so"):
        if any(d.endswith("/" + must) for d in dests):
            assert must in kept_names
    if any("libibusplatforminputcontextplugin" in d for d in dests):
        assert "libibusplatforminputcontextplugin.so" in kept_names  # Japanese input
    if any("libqwayland" in d for d in dests):
        assert any("libqwayland" in n for n in kept_names)
        assert "libxdg-shell.so" in kept_names
    dropped = dests - kept
    for gone in ("eglfs", "virtualkeyboard", "qmldbg", "sqlite", "qpdf", "gtk3", "linuxfb"):
        assert not any(gone in n for n in kept_names), gone
        if any(gone in d for d in dests):
            assert any(gone in d for d in dropped)
    assert len(kept) < len(dests) / 2


@pytest.mark.parametrize(
    ("dest", "keep"),
    [
        ("PySide6/plugins/platforms/qwindows.dll", True),
        ("PySide6\\plugins\\platforms\\qdirect2d.dll", False),
        ("PySide6/plugins/styles/qmodernwindowsstyle.dll", True),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
        ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", False),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
        ("PySide6/Qt/lib/libQt6Quick.so.6", False),
        ("PySide6/Qt/lib/libQt6QmlModels.so.6", False),
        ("PySide6/Qt/lib/libQt6Network.so.6", False),
        ("PySide6/Qt6Pdf.dll", False),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
        ("PySide6/Qt/lib/libQt6Svg.so.6", True),
        ("PySide6/Qt/lib/libQt6OpenGL.so.6", True),  # the Wayland EGL client plugin needs it
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", True),
        ("PySide6/QtQuick.abi3.so", False),
        ("PySide6/Qt/lib/QtQuick.framework/Versions/A/QtQuick", False),
        ("PySide6/Qt/lib/QtWidgets.framework/Versions/A/QtWidgets", True),
        ("PySide6/QtWidgets.abi3.so", True),
        ("libpython3.11.so.1.0", True),
        ("libfontconfig.so.1", False),  # must match the system's /etc/fonts
        ("libfreetype.so.6", False),
        ("libharfbuzz.so.0", False),
        ("libxkbcommon.so.0", True),
    ],
)
def test_policy_binaries(dest: str, keep: bool) -> None:
    assert policy.keep_binary(dest) is keep


@pytest.mark.parametrize(
    ("dest", "keep"),
    [
        ("PySide6/Qt/translations/qtbase_ja.qm", True),
        ("PySide6/Qt/translations/qtbase_en.qm", True),
        ("PySide6/Qt/translations/qt_ja.qm", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/translations/qt_zh_CN.qm", False),
        ("PySide6\\translations\\qtbase_fr.qm", False),
        ("resources/i18n/amzdesk_ja.qm", True),
        ("resources/i18n/amzdesk_en.ts", False),
        ("resources/carriers.tsv", True),
        ("resources/icons/amzdesk.svg", True),
        ("PySide6/QtCore.pyi", False),
        ("somepkg/tests/data.json", False),
        ("certifi/cacert.pem", True),
        ("PySide6/Qt/lib/QtQml.framework/Resources/Info.plist", False),
        ("PySide6/Qt/lib/QtGui.framework/Resources/Info.plist", True),
    ],
)
def test_policy_data(dest: str, keep: bool) -> None:
    assert policy.keep_data(dest) is keep


def test_prune_dependencies_drops_only_what_dropped_binaries_alone_needed() -> None:
    graph = {
        "/src/gtkplugin.so": ["libgtk-3.so.0", "libQt6Gui.so.6"],
        "/src/libgtk-3.so.0": ["libgdk-3.so.0", "libglib-2.0.so.0"],
        "/src/libgdk-3.so.0": ["libcairo.so.2", "libglib-2.0.so.0"],
        "/src/libcairo.so.2": ["libpng16.so.16"],
        "/src/libQt6Gui.so.6": ["libglib-2.0.so.0", "libpng16.so.16"],
        "/src/libglib-2.0.so.0": [],
        "/src/libpng16.so.16": [],
        "/src/dlopened.so": [],
        "/src/QtGui.abi3.so": ["libQt6Gui.so.6"],
    }

    def entry(name: str) -> tuple[str, str, str]:
        return (name, f"/src/{name}", "BINARY")

    dropped = [("PySide6/Qt/plugins/platformthemes/gtkplugin.so", "/src/gtkplugin.so", "BINARY")]
    kept = [
        entry(n)
        for n in (
            "libgtk-3.so.0",
            "libgdk-3.so.0",
            "libcairo.so.2",
            "libQt6Gui.so.6",
            "libglib-2.0.so.0",
            "libpng16.so.16",
            "dlopened.so",
        )
    ]
    kept.append(("PySide6/QtGui.abi3.so", "/src/QtGui.abi3.so", "EXTENSION"))
    kept.append(("libQt6Gui.so.6.link", "libQt6Gui.so.6", "SYMLINK"))
    result = policy.prune_dependencies(kept, dropped, lambda path: graph.get(path, []))
    names = {e[0] for e in result}
    assert names == {
        "PySide6/QtGui.abi3.so",
        "libQt6Gui.so.6",
        "libglib-2.0.so.0",
        "libpng16.so.16",
        "dlopened.so",
        "libQt6Gui.so.6.link",
    }
    # nothing dropped: nothing pruned
    assert policy.prune_dependencies(kept, [], lambda path: graph.get(path, [])) == kept


def test_dangling_symlinks_are_dropped() -> None:
    toc = [
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/x/libQt6Gui.so.6", "BINARY"),
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
        ("sub/libQt6Gui.so.6", "../PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
    ]
    names = {e[0] for e in toc if e[2] != "SYMLINK"}
    result = policy.drop_dangling_symlinks(toc, names)
    assert [e[0] for e in result] == [
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "libQt6Gui.so.6",
        "sub/libQt6Gui.so.6",
    ]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF shared libraries")
def test_elf_needed_reads_a_real_library() -> None:
    if shutil.which("readelf") is None or not sys.platform.startswith("linux"):
        pytest.skip("readelf (binutils) not installed")
    from PySide6 import QtWidgets

    needed = policy.elf_needed(QtWidgets.__file__)
    assert any(n.startswith("libQt6Widgets") for n in needed)
    assert policy.elf_needed(str(ROOT / "main.py")) == []


# --- Windows version resource and macOS Info.plist -----------------------------------------------


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("1.2.3.4", (1, 2, 3, 4)),
        ("2.0rc1", (2, 0, 1, 0)),
        ("3", (3, 0, 0, 0)),
        ("1.2.3+local.7", (1, 2, 3, 0)),
    ],
)
def test_version_tuple(version: str, expected: tuple[int, int, int, int]) -> None:
    assert policy.version_tuple(version) == expected


def test_version_info_renders_a_valid_version_resource() -> None:
    template = (PACKAGING / "version_info.txt.in").read_text(encoding="utf-8")
    text = policy.render_version_info(template, "amzdesk", "amzdesk", "1.4.2")
    names = (
        "VSVersionInfo",
        "FixedFileInfo",
        "StringFileInfo",
        "StringTable",
        "StringStruct",
        "VarFileInfo",
        "VarStruct",
    )

    def maker(kind: str) -> object:
        return lambda *args, **kwargs: {"type": kind, "args": args, **kwargs}

    namespace = {n: maker(n) for n in names}
    info = eval(text, namespace)  # the same evaluation PyInstaller's loader does
    assert info["type"] == "VSVersionInfo"
    assert info["ffi"]["filevers"] == (1, 4, 2, 0) == info["ffi"]["prodvers"]
    strings = {}
    for table in info["kids"][0]["args"][0]:
        strings.update({s["args"][0]: s["args"][1] for s in table["args"][1]})
    assert strings["ProductVersion"] == "1.4.2" == strings["FileVersion"]
    assert strings["OriginalFilename"] == "amzdesk.exe"
    assert strings["ProductName"] == "amzdesk"


def test_platform_excludes_keep_the_own_platform() -> None:
    import platformdirs

    linux = policy.platform_excludes("linux")
    assert "platformdirs.unix" not in linux and "platformdirs.windows" in linux
    assert "platformdirs.windows" not in policy.platform_excludes("win32")
    assert "platformdirs.macos" not in policy.platform_excludes("darwin")
    # the module platformdirs really uses here is never excluded
    assert platformdirs.PlatformDirs.__module__ not in policy.platform_excludes(sys.platform)


def test_info_plist() -> None:
    plist = policy.info_plist(amzdesk.APP_DISPLAY_NAME, amzdesk.__version__)
    assert plist["CFBundleName"] == amzdesk.APP_DISPLAY_NAME
    assert plist["CFBundleShortVersionString"] == amzdesk.__version__
    assert plist["CFBundleIdentifier"] == "jp.amzdesk.app"
    assert plist["NSHighResolutionCapable"] is True
    assert re.fullmatch(r"\d+\.\d+", str(plist["LSMinimumSystemVersion"]))


# --- desktop entry ------------------------------------------------------------------------------


def test_desktop_entry_is_valid() -> None:
    path = PACKAGING / "amzdesk.desktop"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("[Desktop Entry]\n")
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(text)
    assert parser.sections() == ["Desktop Entry"]
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == amzdesk.APP_DISPLAY_NAME
    assert entry["Exec"].split()[0] == amzdesk.APP_NAME
    assert entry["Icon"] == "amzdesk" and (ICONS / "amzdesk.svg").is_file()
    assert entry["Terminal"] == "false"
    main_categories = {
        "AudioVideo",
        "Audio",
        "Video",
        "Development",
        "Education",
        "Game",
        "Graphics",
        "Network",
        "Office",
        "Science",
        "Settings",
        "System",
        "Utility",
    }
    categories = entry["Categories"]
    assert categories.endswith(";")
    assert main_categories & set(categories.split(";"))
    assert entry["Keywords"].endswith(";")
    for key in entry:
        assert re.fullmatch(r"[A-Za-z0-9-]+(\[[A-Za-z_@.]+\])?", key), key
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(
            ["desktop-file-validate", str(path)], check=False, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr


# --- icons ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [16, 32, 48, 64, 128, 256, 512])
def test_png_icon_sizes(size: int) -> None:
    assert png_size((ICONS / f"amzdesk-{size}.png").read_bytes()) == (size, size)


def test_ico_holds_pngs_up_to_256() -> None:
    data = (ICONS / "amzdesk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        w, h, _colours, _res, planes, bpp, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i : 22 + 16 * i]
        )
        width = w or 256
        assert png_size(data[offset : offset + length]) == (width, h or 256)
        assert (planes, bpp) == (1, 32)
        sizes.append(width)
    assert {16, 32, 48, 256} <= set(sizes)


def test_icns_holds_pngs_up_to_1024() -> None:
    data = (ICONS / "amzdesk.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    pos, found = 8, {}
    while pos < len(data):
        kind, length = data[pos : pos + 4], struct.unpack(">I", data[pos + 4 : pos + 8])[0]
        found[kind] = png_size(data[pos + 8 : pos + length])
        pos += length
    assert pos == len(data)
    for kind, size in ((b"ic07", 128), (b"ic08", 256), (b"ic09", 512), (b"ic10", 1024)):
        assert found[kind] == (size, size)


def test_committed_icons_match_the_svg(qapp: object) -> None:
    """The PNGs are renderings of resources/icons/amzdesk.svg (small tolerance for Qt versions)."""
    from PySide6.QtGui import QImage

    for size in (32, 128):
        fresh = QImage.fromData(make_icons.render_png(size))
        committed = QImage(str(ICONS / f"amzdesk-{size}.png"))
        assert fresh.size() == committed.size()
        diff = 0
        for y in range(size):
            for x in range(size):
                a, b = fresh.pixelColor(x, y), committed.pixelColor(x, y)
                diff += (
                    abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.alpha() - b.alpha())
                )
        assert diff / (size * size * 3) < 4, "run packaging/make_icons.py after changing the SVG"


def test_ico_and_icns_writers_round_trip() -> None:
    images = {s: (ICONS / f"amzdesk-{s}.png").read_bytes() for s in (16, 32, 64, 128, 256, 512)}
    ico = make_icons.build_ico({s: images[s] for s in (16, 32, 256)})
    entries = [struct.unpack("<BBBBHHII", ico[6 + 16 * i : 22 + 16 * i]) for i in range(3)]
    assert [e[0] for e in entries] == [16, 32, 0]
    for (_w, _h, _c, _r, _p, _b, length, offset), size in zip(entries, (16, 32, 256), strict=True):
        assert ico[offset : offset + length] == images[size]
    assert len(ico) == 6 + 16 * 3 + sum(len(images[s]) for s in (16, 32, 256))
    images[1024] = images[512]  # the writer takes what it is given
    icns = make_icons.build_icns(images)
    assert struct.unpack(">I", icns[4:8])[0] == len(icns)
    assert icns.count(PNG_SIGNATURE) == len(make_icons.ICNS_TYPES)


# --- the smoke test ------------------------------------------------------------------------------


def _smoke_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AMZDESK_", "PYTEST"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    # No keyring at all: the smoke test must report that, not fail on it.
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = str(tmp_path / "home" / var.lower())
    return env


def _main_routes_smoke_test() -> bool:
    main = (ROOT / "main.py").read_text(encoding="utf-8")
    return "--smoke-test" in main and "run_smoke_test" in main


def test_smoke_test_passes_unfrozen_offscreen(tmp_path: Path) -> None:
    if not _main_routes_smoke_test():
        pytest.skip("main.py does not route --smoke-test yet")
    shot = tmp_path / "shot.png"
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--smoke-test", "--screenshot", str(shot)],
        check=False,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_smoke_env(tmp_path),
        timeout=120,
    )
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    lines = out.splitlines()
    for check in ("resources", "translations", "keyring backend", "simulator", "window rendered"):
        assert any(line.startswith(f"{check}: ") for line in lines), (check, out)
    assert any(line.startswith("keyring backend: not available, reported only") for line in lines)
    assert "unexpected output" not in out
    assert "smoke test passed" in out
    width, height = png_size(shot.read_bytes(), rgba=False)
    assert width >= 400 and height >= 300
    # nothing written outside the temporary folders
    assert not (tmp_path / "home").exists() or not any((tmp_path / "home").rglob("*.sqlite3"))


def test_smoke_test_rejects_unknown_options(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, ui.smoke; sys.exit(ui.smoke.run_smoke_test(['--bogus']))",
        ],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=_smoke_env(tmp_path),
        timeout=60,
    )
    assert result.returncode == 2


def test_unexpected_output_is_caught(qapp: object) -> None:
    import logging
    import warnings

    from PySide6.QtCore import qWarning

    from ui import smoke

    capture = smoke._Capture()
    with smoke._captured(capture):
        qWarning("something is off")
        qWarning("This plugin does not support propagateSizeHints()")  # known, harmless
        warnings.warn("old API", DeprecationWarning, stacklevel=1)
        logging.getLogger("amzdesk.test").warning("sync failed")
        logging.getLogger("amzdesk.test").info("fine")
    problems = "\n".join(capture.problems)
    assert len(capture.problems) == 3, problems
    assert "something is off" in problems
    assert "old API" in problems
    assert "sync failed" in problems


def test_smoke_test_fails_on_unexpected_output(tmp_path: Path) -> None:
    """A warning logged or raw bytes written to fd 2 while the window starts fail the run."""
    code = (
        "import logging, os, sys\n"
        "from ui import smoke\n"
        "original = smoke._check_resources\n"
        "def noisy(report):\n"
        "    logging.getLogger('amzdesk.ui').warning('boom')\n"
        "    os.write(2, b'native library noise\\n')\n"
        "    original(report)\n"
        "smoke._check_resources = noisy\n"
        "sys.exit(smoke.run_smoke_test([]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=_smoke_env(tmp_path),
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "unexpected output: log WARNING amzdesk.ui: boom" in result.stdout
    assert "unexpected output: stderr: native library noise" in result.stdout
    assert "resources: ok" in result.stdout  # the checks themselves still passed
    assert "smoke test FAILED" in result.stdout
