"""Build, smoke-test and pack the double-click app on Linux, Windows and macOS.

One entry for every operating system: ``scripts/build-app`` runs it on Linux, the hosted CI
workflow (.github/workflows/build.yml) runs it on Windows, macOS and Linux runners.

    python packaging/build.py                     build dist/amzdesk/ (macOS: dist/amzdesk.app)
    python packaging/build.py --smoke             ... then run the frozen --smoke-test offscreen
    python packaging/build.py --smoke --xvfb      ... and once more on Xvfb (Linux, xcb)
    python packaging/build.py --smoke --native    ... and once more on the OS's own window system
    python packaging/build.py --no-build --package     pack what was built into dist/packages/
    python packaging/build.py --spec other.spec --name other    build another spec the same way
    python packaging/build.py --script app.py --name bare       a plain script, one folder, windowed

Arguments after ``--`` go to the frozen app's ``--smoke-test`` (e.g. ``-- --screenshot x.png``).

Packages (dist/packages/, name and version from the package):

* Linux:   ``amzdesk-VERSION-linux-ARCH.tar.gz`` (the folder, with amzdesk.desktop and icons);
* Windows: ``amzdesk-VERSION-windows-ARCH.zip`` (the folder) and the Inno Setup installer
  ``amzdesk-VERSION-windows-ARCH-setup.exe`` when ISCC (Inno Setup 6) is installed; the script
  it is compiled from is ``dist/installer/amzdesk.iss`` (per-user install, no admin rights,
  Start-menu shortcut, uninstaller);
* macOS:   ``amzdesk-VERSION-macos-ARCH.dmg`` (the .app and a link to /Applications).

Code signing is not done here: the CI workflow signs between ``--smoke`` and ``--package`` when
its signing secrets are set.  Nothing here reads the build machine's user folders: PyInstaller's
cache goes to build/pyinstaller-cache.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import bundle_policy as policy  # noqa: E402

DEFAULT_SPEC = HERE / "amzdesk.spec"
INSTALLER_TEMPLATE = HERE / "installer.iss.in"
# Inno Setup identifies an installed app by this id: upgrades replace, the uninstaller finds it.
# Never change it once released.
INSTALLER_APP_ID = "{{5B0E3C8A-6E1D-4F7B-9A53-2C7D8E4F1A60}"


class BuildError(RuntimeError):
    """A step failed; the message says which and what to look at."""


# --- platforms ------------------------------------------------------------------------------------


def os_name(plat: str | None = None) -> str:
    """``linux``, ``windows`` or ``macos`` for a ``sys.platform`` value."""
    plat = sys.platform if plat is None else plat
    if plat in {"win32", "cygwin"}:
        return "windows"
    if plat == "darwin":
        return "macos"
    return "linux"


def arch_name(machine: str | None = None, plat: str | None = None) -> str:
    """The architecture as each OS's users know it: x64 on Windows, x86_64 / arm64 elsewhere."""
    machine = (platform.machine() if machine is None else machine).lower()
    arch = {"amd64": "x86_64", "x64": "x86_64", "aarch64": "arm64"}.get(machine, machine)
    if os_name(plat) == "windows" and arch == "x86_64":
        return "x64"
    return arch or "unknown"


@dataclass(frozen=True)
class App:
    """What a build produces, where."""

    name: str  # the executable's name (amzdesk.APP_NAME for the app)
    display_name: str  # the .app's name on macOS
    version: str
    dist: Path
    plat: str = sys.platform

    @property
    def folder(self) -> Path:
        """The one-folder bundle (on macOS the folder PyInstaller wraps into the .app)."""
        return self.dist / self.name

    @property
    def app_bundle(self) -> Path:
        return self.dist / f"{self.display_name}.app"

    @property
    def executable(self) -> Path:
        system = os_name(self.plat)
        if system == "windows":
            return self.folder / f"{self.name}.exe"
        if system == "macos" and self.app_bundle.exists():
            return self.app_bundle / "Contents" / "MacOS" / self.name
        return self.folder / self.name

    def package_base(self, machine: str | None = None) -> str:
        return f"{self.name}-{self.version}-{os_name(self.plat)}-{arch_name(machine, self.plat)}"


def amzdesk_app(dist: Path, plat: str = sys.platform) -> App:
    """The app's name and version, from the package (as the spec reads them)."""
    sys.path.insert(0, str(ROOT))
    try:
        import amzdesk
    finally:
        sys.path.remove(str(ROOT))
    return App(amzdesk.APP_NAME, amzdesk.APP_DISPLAY_NAME, amzdesk.__version__, dist, plat)


# --- building -------------------------------------------------------------------------------------


def _run(cmd: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path = ROOT) -> None:
    print("==> " + " ".join(str(c) for c in cmd), flush=True)
    result = subprocess.run(list(cmd), check=False, env=env, cwd=cwd)
    if result.returncode != 0:
        raise BuildError(f"{Path(cmd[0]).name} exited with {result.returncode}")


def pyinstaller_command(
    *, spec: Path | None, script: Path | None, name: str, dist: Path, work: Path
) -> list[str]:
    """The PyInstaller command line: the committed spec, or a plain script built one-folder and
    windowed (no console) like the spec builds the app."""
    common = ["--noconfirm", "--clean", "--log-level", "WARN", "--distpath", str(dist)]
    common += ["--workpath", str(work)]
    if spec is not None:
        return [sys.executable, "-m", "PyInstaller", *common, str(spec)]
    if script is None:
        raise BuildError("nothing to build: give a spec or a script")
    return [
        sys.executable,
        "-m",
        "PyInstaller",
        *common,
        "--onedir",
        "--windowed",
        "--name",
        name,
        "--specpath",
        str(work),
        str(script),
    ]


def build(
    app: App, *, spec: Path | None = DEFAULT_SPEC, script: Path | None = None, work: Path
) -> None:
    """Run PyInstaller; the executable must exist afterwards."""
    start = time.monotonic()
    for old in (app.folder, app.app_bundle, work / app.name):
        if old.is_dir():
            shutil.rmtree(old)
    env = dict(os.environ)
    # PyInstaller's own cache stays in build/, not in the user's home folder.
    env["PYINSTALLER_CONFIG_DIR"] = str(work / "pyinstaller-cache")
    cmd = pyinstaller_command(spec=spec, script=script, name=app.name, dist=app.dist, work=work)
    _run(cmd, env=env)
    if not app.executable.is_file():
        raise BuildError(f"{app.executable} was not produced")
    size = sum(
        p.stat().st_size for p in app.folder.rglob("*") if p.is_file() and not p.is_symlink()
    )
    shown = (
        app.executable.relative_to(ROOT) if app.executable.is_relative_to(ROOT) else app.executable
    )
    print(
        f"==> built {shown} in {time.monotonic() - start:.0f} s; bundle {size / 2**20:.0f} MiB",
        flush=True,
    )


# --- checks ---------------------------------------------------------------------------------------


def unresolved_libraries(folder: Path) -> list[str]:
    """Linux: every shared library in the bundle must resolve (inside it or on the system)."""
    libs = sorted(
        str(p)
        for p in folder.rglob("*")
        if p.is_file() and (".so" in p.name) and not p.is_symlink()
    )
    internal = folder / "_internal"
    env = dict(os.environ)
    env["LD_LIBRARY_PATH"] = f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}"
    missing: set[str] = set()
    for i in range(0, len(libs), 50):
        out = subprocess.run(
            ["ldd", *libs[i : i + 50]], check=False, capture_output=True, text=True, env=env
        ).stdout
        missing.update(line.strip() for line in out.splitlines() if "not found" in line)
    return sorted(missing)


NATIVE_QPA = {"linux": "xcb", "windows": "windows", "macos": "cocoa"}


def frozen_env(qpa: str | None) -> dict[str, str]:
    """The frozen app must see neither the build venv nor the source tree."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "QT_QPA_PLATFORM")
    }
    if qpa:
        env["QT_QPA_PLATFORM"] = qpa
    return env


def smoke_test(
    app: App, extra: Sequence[str], *, qpa: str | None, wrapper: Sequence[str] = ()
) -> None:
    """Run the frozen ``--smoke-test``; its report is read from a file because a windowed
    Windows executable has no stdout."""
    exe = app.executable
    if not exe.is_file():
        raise BuildError(f"no bundle at {exe}; build first")
    with tempfile.TemporaryDirectory(prefix="amzdesk-smoke-report-") as tmp:
        report = Path(tmp) / "report.txt"
        cmd = [*wrapper, str(exe), "--smoke-test", "--report", str(report), *extra]
        label = qpa or "default platform"
        print(f"==> {exe.name} --smoke-test ({label})", flush=True)
        result = subprocess.run(
            cmd, check=False, env=frozen_env(qpa), stdout=subprocess.PIPE, text=True
        )
        # The report file is complete even where stdout is lost (windowed Windows build).
        text = report.read_text(encoding="utf-8") if report.is_file() else result.stdout
        print(text.rstrip(), flush=True)
        if result.returncode != 0:
            raise BuildError(f"the frozen smoke test ({label}) exited with {result.returncode}")


# --- packing --------------------------------------------------------------------------------------


def _tar_filter(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def pack_tar(folder: Path, out: Path) -> Path:
    """Linux: the folder as ``NAME/`` in a .tar.gz (symlinks and the executable bit kept)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(out, "w:gz", compresslevel=6) as tar:
        tar.add(folder, arcname=folder.name, filter=_tar_filter)
    return out


def pack_zip(folder: Path, out: Path) -> Path:
    """Windows: the folder as ``NAME\\`` in a .zip (Explorer's "すべて展開" unpacks it)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(folder.rglob("*")):
            arcname = Path(folder.name, path.relative_to(folder)).as_posix()
            if path.is_dir():
                archive.write(path, arcname + "/")
            else:
                archive.write(path, arcname)
    return out


def render_installer_script(template: str, app: App, *, machine: str | None = None) -> str:
    """The Inno Setup script for the folder ``..\\NAME`` (relative to dist/installer/)."""
    values = {
        "APP_ID": INSTALLER_APP_ID,
        "APP_NAME": app.display_name,
        "EXE_NAME": f"{app.name}.exe",
        "VERSION": app.version,
        # the Windows version resource takes four numbers only (0.2.0rc1 -> 0.2.0.1)
        "NUMERIC_VERSION": ".".join(str(n) for n in policy.version_tuple(app.version)),
        "SOURCE": f"..\\{app.name}",
        "OUTPUT_BASE": f"{app.package_base(machine)}-setup",
        "OUTPUT_DIR": "..\\packages",
        "ICON": "amzdesk.ico",
    }
    unknown = sorted(set(re.findall(r"@([A-Z_]+)@", template)) - set(values))
    if unknown:
        raise BuildError(f"installer template has unknown placeholders: {unknown}")
    return re.sub(r"@([A-Z_]+)@", lambda m: values[m.group(1)], template)


def write_installer_script(app: App, machine: str | None = None) -> Path:
    folder = app.dist / "installer"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "resources" / "icons" / "amzdesk.ico", folder / "amzdesk.ico")
    script = folder / f"{app.name}.iss"
    template = INSTALLER_TEMPLATE.read_text(encoding="utf-8")
    # Inno Setup reads a UTF-8 script with a BOM as Unicode (the Japanese texts).
    script.write_text(render_installer_script(template, app, machine=machine), encoding="utf-8-sig")
    return script


def find_iscc() -> Path | None:
    """Inno Setup 6's command-line compiler, on PATH or where its installer puts it."""
    found = shutil.which("iscc") or shutil.which("ISCC")
    if found:
        return Path(found)
    for var in ("ProgramFiles(x86)", "ProgramFiles", "LOCALAPPDATA"):
        base = os.environ.get(var)
        if not base:
            continue
        for sub in ("Inno Setup 6", "Programs/Inno Setup 6"):
            candidate = Path(base) / sub / "ISCC.exe"
            if candidate.is_file():
                return candidate
    return None


def dmg_command(app: App, staging: Path, out: Path) -> list[str]:
    return [
        "hdiutil",
        "create",
        "-volname",
        f"{app.display_name} {app.version}",
        "-srcfolder",
        str(staging),
        "-fs",
        "HFS+",
        "-format",
        "UDZO",
        "-ov",
        str(out),
    ]


def package(app: App, *, require_installer: bool = False) -> list[Path]:
    """Pack the built app into dist/packages/; returns the files made."""
    exe = app.executable
    if not exe.is_file():
        raise BuildError(f"no bundle at {exe}; build first")
    out_dir = app.dist / "packages"
    out_dir.mkdir(parents=True, exist_ok=True)
    base = app.package_base()
    system = os_name(app.plat)
    made: list[Path] = []
    if system == "linux":
        made.append(pack_tar(app.folder, out_dir / f"{base}.tar.gz"))
    elif system == "windows":
        made.append(pack_zip(app.folder, out_dir / f"{base}.zip"))
        script = write_installer_script(app)
        iscc = find_iscc()
        if iscc is None:
            message = f"Inno Setup (ISCC.exe) not found: {script} was written, not compiled"
            if require_installer:
                raise BuildError(message)
            print(f"==> {message}", flush=True)
        else:
            _run([str(iscc), "/Q", str(script)])
            setup = out_dir / f"{base}-setup.exe"
            if not setup.is_file():
                raise BuildError(f"{setup} was not produced")
            made.append(setup)
    else:
        with tempfile.TemporaryDirectory(prefix="amzdesk-dmg-") as tmp:
            staging = Path(tmp) / app.display_name
            staging.mkdir()
            shutil.copytree(app.app_bundle, staging / app.app_bundle.name, symlinks=True)
            (staging / "Applications").symlink_to("/Applications")
            out = out_dir / f"{base}.dmg"
            _run(dmg_command(app, staging, out))
            made.append(out)
    for path in made:
        print(f"==> {path} ({path.stat().st_size / 2**20:.1f} MiB)", flush=True)
    return made


# --- command line ---------------------------------------------------------------------------------


def parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    argv = list(argv)
    extra: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, extra = argv[:cut], argv[cut + 1 :]
    parser = argparse.ArgumentParser(
        prog="build.py", description="Build, smoke-test and pack the double-click app."
    )
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--spec", type=Path, help="a PyInstaller spec (default: amzdesk.spec)")
    what.add_argument("--script", type=Path, help="a Python script, built one-folder and windowed")
    parser.add_argument("--name", help="the executable's name (default: the package's APP_NAME)")
    parser.add_argument("--no-build", action="store_true", help="use the existing bundle")
    parser.add_argument("--smoke", action="store_true", help="run the frozen smoke test offscreen")
    parser.add_argument("--xvfb", action="store_true", help="with --smoke: again on Xvfb (Linux)")
    parser.add_argument(
        "--native", action="store_true", help="with --smoke: again on the OS's own window system"
    )
    parser.add_argument("--package", action="store_true", help="pack into dist/packages/")
    parser.add_argument(
        "--require-installer",
        action="store_true",
        help="Windows: fail when Inno Setup is missing instead of only writing the script",
    )
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build")
    return parser.parse_args(argv), extra


def main(argv: Sequence[str] | None = None) -> int:
    args, extra = parse_args(sys.argv[1:] if argv is None else argv)
    app = amzdesk_app(args.dist.resolve())
    if args.script or args.spec or args.name:
        # Another app built the same way (e.g. a bare PySide6 window for start-up baselines).
        default = args.script.stem if args.script else args.spec.stem if args.spec else app.name
        name = args.name or default
        app = App(name, name, app.version, app.dist)
    try:
        if not args.no_build:
            spec = None if args.script else (args.spec or DEFAULT_SPEC).resolve()
            script = args.script.resolve() if args.script else None
            build(app, spec=spec, script=script, work=args.work.resolve())
        if args.smoke:
            if os_name() == "linux":
                print("==> checking shared-library dependencies of the bundle", flush=True)
                missing = unresolved_libraries(app.folder)
                if missing:
                    raise BuildError("unresolved libraries in the bundle:\n" + "\n".join(missing))
            smoke_test(app, extra, qpa="offscreen")
            if args.xvfb:
                if os_name() != "linux":
                    raise BuildError("--xvfb is for Linux; use --native on Windows and macOS")
                wrapper = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24"]
                smoke_test(app, extra, qpa="xcb", wrapper=wrapper)
            if args.native:
                smoke_test(app, extra, qpa=NATIVE_QPA[os_name()])
            print("==> smoke test passed", flush=True)
        if args.package:
            package(app, require_installer=args.require_installer)
    except BuildError as exc:
        print(f"build.py: {exc}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
