"""What goes into the double-click bundle: the trimming policy and the metadata of amzdesk.spec.

Kept free of PyInstaller imports so the tests can check the policy directly (tests/
test_packaging.py); packaging/amzdesk.spec imports it at build time.

Destination names are PyInstaller TOC names ("PySide6/Qt/plugins/platforms/libqxcb.so" on
Linux and macOS, "PySide6/plugins/platforms/qwindows.dll" on Windows); both separators are
accepted.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

BUNDLE_ID = "jp.amzdesk.app"
MACOS_MINIMUM = "11.0"
COMPANY = "amzdesk"
DESCRIPTION = "amzdesk 出荷確認 (makeshop / Amazon.co.jp)"
COPYRIGHT = "© amzdesk"

# Python modules the app never imports at run time.  PyInstaller follows every import it sees,
# and test/dev tools are installed in the build venv, so they are cut here explicitly.
EXCLUDED_MODULES = (
    # Qt bindings the window does not use (each would drag in its Qt libraries and plugins)
    "PySide6.Qt3DAnimation",
    "PySide6.Qt3DCore",
    "PySide6.Qt3DExtras",
    "PySide6.Qt3DInput",
    "PySide6.Qt3DLogic",
    "PySide6.Qt3DRender",
    "PySide6.QtCharts",
    "PySide6.QtConcurrent",
    "PySide6.QtDataVisualization",
    "PySide6.QtDesigner",
    "PySide6.QtGraphs",
    "PySide6.QtHelp",
    "PySide6.QtLabsStyleKit",
    "PySide6.QtMultimedia",
    "PySide6.QtMultimediaWidgets",
    "PySide6.QtNetwork",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtPositioning",
    "PySide6.QtQml",
    "PySide6.QtQmlFeatures",
    "PySide6.QtQuick",
    "PySide6.QtQuick3D",
    "PySide6.QtQuickControls2",
    "PySide6.QtQuickTest",
    "PySide6.QtQuickWidgets",
    "PySide6.QtSql",
    "PySide6.QtSvgWidgets",
    "PySide6.QtTest",
    "PySide6.QtUiTools",
    "PySide6.QtWebChannel",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtWebSockets",
    "PySide6.QtXml",
    # other GUI toolkits and the standard library's development tools
    "tkinter",
    "_tkinter",
    "turtle",
    "turtledemo",
    "idlelib",
    "lib2to3",
    "pydoc_data",
    "ensurepip",
    "venv",
    "distutils",
    "setuptools",
    "pkg_resources",
    "pip",
    # test and development tools installed in the build venv
    "pytest",
    "_pytest",
    "pytestqt",
    "pluggy",
    "hypothesis",
    "mypy",
    "mypyc",
    "ruff",
    "jsonschema",
    "jsonschema_specifications",
    "referencing",
    "rpds",
    "PyInstaller",
    "tests",
    "bench",
)

# platformdirs imports only its own platform's module; the others would only produce build
# warnings (Windows DLLs looked up through ctypes on Linux).
_PLATFORMDIRS = {"win32": "windows", "darwin": "macos", "linux": "unix", "android": "android"}


def platform_excludes(platform: str) -> list[str]:
    """Modules that are only used on other operating systems than ``platform`` (sys.platform)."""
    own = _PLATFORMDIRS.get("linux" if platform.startswith("linux") else platform, "unix")
    return [f"platformdirs.{m}" for m in sorted(set(_PLATFORMDIRS.values()) - {own})]


# keyring finds its backends through entry points (the contrib hook collects those); each OS's
# backend and what it imports lazily are named here so that the bundle always carries them.
KEYRING_HIDDEN_IMPORTS = {
    "linux": ("keyring.backends.SecretService", "secretstorage", "jeepney"),
    "win32": (
        "keyring.backends.Windows",
        "win32ctypes.pywin32.win32cred",
        "win32ctypes.pywin32.pywintypes",
    ),
    "darwin": ("keyring.backends.macOS", "keyring.backends.macOS.api"),
}


def keyring_hidden_imports(platform: str) -> list[str]:
    """The keyring backend modules the bundle for ``platform`` (sys.platform) must carry."""
    return list(KEYRING_HIDDEN_IMPORTS.get(platform, KEYRING_HIDDEN_IMPORTS["linux"]))


# Qt plugin folders kept, and within them the files dropped (regular expressions on the name).
KEEP_PLUGIN_DIRS = frozenset(
    {
        "platforms",
        "platformthemes",  # xdg-desktop-portal: native file dialogs; GTK3 theme dropped below
        "platforminputcontexts",  # IBus / compose: Japanese input methods on Linux
        "imageformats",
        "iconengines",  # SVG icons
        "styles",  # Windows 11 / Vista style
        "printsupport",  # the session report's print dialog: CUPS / Windows printers
        "xcbglintegrations",
        "wayland-shell-integration",
        "wayland-decoration-client",
        "wayland-graphics-integration-client",
    }
)
DROP_PLUGIN_FILES = {
    # keep xcb, wayland, offscreen (smoke test), windows, cocoa
    "platforms": re.compile(r"eglfs|linuxfb|vnc|vkkhrdisplay|minimal|direct2d|webgl", re.I),
    # The GTK3 theme plugin would bundle a private copy of GTK, GLib, Cairo and Pango (~25 MB)
    # that then clashes with the desktop's own GTK modules and themes.
    "platformthemes": re.compile(r"gtk", re.I),
    "platforminputcontexts": re.compile(r"virtualkeyboard", re.I),
    # the app's pictures are SVG and PNG (built into QtGui); no other image format is read
    "imageformats": re.compile(r"pdf|tiff|webp|tga|wbmp|icns|jpeg|gif", re.I),
    "wayland-graphics-integration-client": re.compile(
        r"dmabuf|drm-egl|shm-emulation|vulkan|xcomposite", re.I
    ),
    "wayland-shell-integration": re.compile(r"fullscreen|ivi-shell|wl-shell", re.I),
}

# Qt shared libraries only needed by dropped modules/plugins.
_DROPPED_QT_LIBS = (
    "Quick|Qml|VirtualKeyboard|Pdf|Network|OpenGLWidgets|Sql|Test|Xml|Designer|Help|UiTools"
    "|Concurrent|LabsStyleKit|WaylandCompositor|WaylandEglCompositor|Multimedia"
    "|WebEngine|WebChannel|WebSockets|3D|Charts|Graphs|Positioning|ShaderTools|SvgWidgets"
    "|Lottie|WlShellIntegration|EglFS|EglFsKms"
)
DROP_QT_LIBS = re.compile(
    rf"^(?:lib)?Qt6(?:{_DROPPED_QT_LIBS})\w*(?:\.so[.\d]*|\.dll|\.dylib)?$", re.I
)
# macOS: Qt libraries are frameworks (PySide6/Qt/lib/QtQuick.framework/...).
DROP_QT_FRAMEWORKS = re.compile(rf"^Qt(?:{_DROPPED_QT_LIBS})\w*\.framework$", re.I)

# Linux: the font stack is taken from the user's system, never bundled.  fontconfig must match
# the system's /etc/fonts configuration (a bundled older copy warns about or ignores newer
# configuration files and can miss the Japanese fonts); FreeType and HarfBuzz come with it.
# They are part of every desktop (see APT_RUNTIME in scripts/_env.sh).
SYSTEM_LIBS = re.compile(r"^lib(?:fontconfig|freetype|harfbuzz)\.so(?:\.\d+)*$")
# The printing stack: Qt's CUPS plugin (the session report's print dialog) links libcups and,
# through it, GnuTLS, Kerberos and Avahi (~8 MiB).  Nothing else in the bundle uses them, and a
# desktop that can print has them; without CUPS the print dialog still prints to PDF.
PRINT_SYSTEM_LIBS = re.compile(
    r"^lib(?:cups|avahi-client|avahi-common|com_err|gmp|gnutls|gssapi_krb5|hogweed|idn2"
    r"|k5crypto|keyutils|krb5|krb5support|nettle|p11-kit|tasn1|unistring)\.so(?:\.\d+)*$"
)

KEEP_TRANSLATION_LANGUAGES = ("ja", "en")
_QT_TRANSLATION = re.compile(
    r"(?:^|[/\\])translations[/\\](?P<base>[a-z_]+?)_(?P<lang>[a-zA-Z_]+)\.qm$"
)


def _parts(dest: str) -> tuple[str, ...]:
    return PurePosixPath(dest.replace("\\", "/")).parts


def is_qt_plugin(dest: str) -> bool:
    parts = _parts(dest)
    return "PySide6" in parts and "plugins" in parts


def _in_dropped_framework(parts: tuple[str, ...]) -> bool:
    return any(DROP_QT_FRAMEWORKS.match(p) for p in parts[:-1])


def keep_binary(dest: str) -> bool:
    """Whether a collected binary (TOC destination name) stays in the bundle."""
    parts = _parts(dest)
    if is_qt_plugin(dest):
        idx = parts.index("plugins")
        if len(parts) < idx + 3:
            return True
        folder, name = parts[idx + 1], parts[-1]
        if folder not in KEEP_PLUGIN_DIRS:
            return False
        drop = DROP_PLUGIN_FILES.get(folder)
        return not (drop and drop.search(name))
    name = parts[-1] if parts else dest
    if DROP_QT_LIBS.search(name) or _in_dropped_framework(parts) or SYSTEM_LIBS.match(name):
        return False
    if PRINT_SYSTEM_LIBS.match(name):
        return False
    # extension modules of excluded PySide6 bindings (QtQml.abi3.so, QtQuick.pyd, ...)
    if len(parts) == 2 and parts[0] == "PySide6":
        module = name.split(".", 1)[0]
        if f"PySide6.{module}" in EXCLUDED_MODULES:
            return False
    return True


def keep_data(dest: str) -> bool:
    """Whether a collected data file (TOC destination name) stays in the bundle."""
    parts = _parts(dest)
    name = parts[-1] if parts else dest
    if name.endswith((".pyi", ".pyc")) and "PySide6" in parts:
        return False
    if name.endswith(".pyi"):
        return False
    if parts[:1] == ("resources",) and name.endswith((".ts", ".py", ".pyc")):
        return False  # translation sources and their tooling; the .qm files are what loads
    if any(p in ("tests", "test", "__pycache__") for p in parts[:-1]):
        return False
    if _in_dropped_framework(parts):
        return False
    if "PySide6" in parts and "translations" in parts:
        match = _QT_TRANSLATION.search("/".join(parts))
        if match:
            lang = match.group("lang").split("_", 1)[0]
            return lang in KEEP_TRANSLATION_LANGUAGES
    if "PySide6" in parts and ("typesystems" in parts or "include" in parts or "glue" in parts):
        return False
    return not ("PySide6" in parts and "qml" in parts)


def filter_toc(entries: Iterable[tuple[str, str, str]], kind: str) -> list[tuple[str, str, str]]:
    """Apply the policy to a PyInstaller TOC (``kind`` is "binaries" or "datas")."""
    keep = keep_binary if kind == "binaries" else keep_data
    return [entry for entry in entries if entry[2] == "SYMLINK" or keep(entry[0])]


def prune_dependencies(
    binaries: list[tuple[str, str, str]],
    dropped: Iterable[tuple[str, str, str]],
    needed: Callable[[str], Iterable[str]],
) -> list[tuple[str, str, str]]:
    """Drop the shared libraries that only dropped binaries needed.

    ``needed(source_path)`` lists the DT_NEEDED names of an ELF file.  A library is removed when
    the dependency closure of ``dropped`` reaches it and no kept binary outside that closure
    does; anything else stays (also libraries loaded with dlopen, unless a dropped binary linked
    them too: the frozen smoke test would catch such a loss).  Linux only.
    """
    by_name: dict[str, tuple[str, str, str]] = {}
    for entry in binaries:
        if entry[2] != "SYMLINK":
            by_name.setdefault(_parts(entry[0])[-1], entry)

    def closure(roots: Iterable[tuple[str, str, str]]) -> set[str]:
        seen: set[str] = set()
        stack = [entry[1] for entry in roots if entry[2] != "SYMLINK"]
        while stack:
            for lib in needed(stack.pop()):
                if lib not in seen and lib in by_name:
                    seen.add(lib)
                    stack.append(by_name[lib][1])
        return seen

    candidates = closure(dropped)
    if not candidates:
        return list(binaries)
    # The kept roots are the binaries that are not themselves candidates: a candidate only
    # stays when a kept root reaches it (directly or through other libraries).
    roots = [e for e in binaries if _parts(e[0])[-1] not in candidates]
    orphans = candidates - closure(roots)
    return [e for e in binaries if e[2] == "SYMLINK" or _parts(e[0])[-1] not in orphans]


def drop_dangling_symlinks(
    toc: list[tuple[str, str, str]], kept_names: set[str]
) -> list[tuple[str, str, str]]:
    """SYMLINK entries (name -> target inside the bundle) whose target is no longer collected."""

    def target(entry: tuple[str, str, str]) -> str:
        name = entry[0].replace("\\", "/")
        return posixpath.normpath(
            posixpath.join(posixpath.dirname(name), entry[1].replace("\\", "/"))
        )

    return [e for e in toc if e[2] != "SYMLINK" or target(e) in kept_names]


def elf_needed(path: str) -> list[str]:
    """DT_NEEDED entries of an ELF file (readelf from binutils, which PyInstaller needs anyway)."""
    import subprocess

    try:
        out = subprocess.run(
            ["readelf", "-d", "-W", path], capture_output=True, text=True, check=False
        ).stdout
    except OSError:
        return []
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """ "1.2.3rc1" -> (1, 2, 3, 0): the four 16-bit numbers of a Windows version resource."""
    numbers = [int(n) for n in re.findall(r"\d+", version.split("+", 1)[0])[:4]]
    numbers += [0] * (4 - len(numbers))
    return (numbers[0], numbers[1], numbers[2], numbers[3])


def render_version_info(template: str, name: str, display_name: str, version: str) -> str:
    """Fill packaging/version_info.txt.in for the Windows .exe."""
    return template.format(
        version_tuple=repr(version_tuple(version)),
        version=version,
        name=name,
        display_name=display_name,
        company=COMPANY,
        description=DESCRIPTION,
        copyright=COPYRIGHT,
    )


def info_plist(display_name: str, version: str) -> dict[str, object]:
    """Info.plist keys of the macOS .app."""
    return {
        "CFBundleName": display_name,
        "CFBundleDisplayName": display_name,
        "CFBundleIdentifier": BUNDLE_ID,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "CFBundleDevelopmentRegion": "ja",
        "CFBundleLocalizations": ["ja", "en"],
        "NSHighResolutionCapable": True,
        "LSMinimumSystemVersion": MACOS_MINIMUM,
        "LSApplicationCategoryType": "public.app-category.business",
        "NSRequiresAquaSystemAppearance": False,
    }
