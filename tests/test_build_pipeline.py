"""packaging/build.py (the one build entry on every OS) and the hosted CI workflow.

The Windows and macOS jobs run only on hosted runners; here we check everything that does not
need those machines: the names and paths per OS, the archives, the installer script, and the
workflow itself with actionlint."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import amzdesk

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
WORKFLOW = WORKFLOWS / "build.yml"
sys.path.insert(0, str(ROOT / "packaging"))
import build  # noqa: E402

# --- names and paths per OS ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plat", "machine", "exe", "package"),
    [
        ("linux", "x86_64", "amzdesk/amzdesk", "amzdesk-{v}-linux-x86_64"),
        ("linux", "aarch64", "amzdesk/amzdesk", "amzdesk-{v}-linux-arm64"),
        ("win32", "AMD64", "amzdesk/amzdesk.exe", "amzdesk-{v}-windows-x64"),
        ("win32", "ARM64", "amzdesk/amzdesk.exe", "amzdesk-{v}-windows-arm64"),
        ("darwin", "arm64", "amzdesk.app/Contents/MacOS/amzdesk", "amzdesk-{v}-macos-arm64"),
        ("darwin", "x86_64", "amzdesk.app/Contents/MacOS/amzdesk", "amzdesk-{v}-macos-x86_64"),
    ],
)
def test_executable_and_package_names_per_os(
    plat: str, machine: str, exe: str, package: str, tmp_path: Path
) -> None:
    (tmp_path / "amzdesk.app").mkdir()  # what BUNDLE makes on macOS
    app = build.amzdesk_app(tmp_path, plat)
    assert (app.name, app.version) == (amzdesk.APP_NAME, amzdesk.__version__)
    assert app.executable == tmp_path / exe
    assert app.package_base(machine) == package.format(v=amzdesk.__version__)


def test_pyinstaller_command_for_the_spec_and_for_a_plain_script(tmp_path: Path) -> None:
    spec_cmd = build.pyinstaller_command(
        spec=build.DEFAULT_SPEC, script=None, name="amzdesk", dist=tmp_path, work=tmp_path / "w"
    )
    assert spec_cmd[:3] == [sys.executable, "-m", "PyInstaller"]
    assert spec_cmd[-1] == str(build.DEFAULT_SPEC)
    assert "--clean" in spec_cmd and "--noconfirm" in spec_cmd
    assert spec_cmd[spec_cmd.index("--distpath") + 1] == str(tmp_path)
    script = tmp_path / "bare.py"
    plain = build.pyinstaller_command(
        spec=None, script=script, name="bare", dist=tmp_path, work=tmp_path / "w"
    )
    # built the way the spec builds the app: one folder, windowed (no console)
    assert {"--onedir", "--windowed"} <= set(plain)
    assert plain[plain.index("--name") + 1] == "bare" and plain[-1] == str(script)
    with pytest.raises(build.BuildError):
        build.pyinstaller_command(spec=None, script=None, name="x", dist=tmp_path, work=tmp_path)


def test_command_line_names_another_app(tmp_path: Path) -> None:
    args, extra = build.parse_args(["--script", "bench/bare.py", "--smoke", "--", "--timeout", "9"])
    assert args.script == Path("bench/bare.py") and args.smoke and not args.package
    assert extra == ["--timeout", "9"]
    with pytest.raises(SystemExit):
        build.parse_args(["--spec", "a.spec", "--script", "b.py"])


def test_frozen_app_sees_neither_the_venv_nor_the_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.setenv("VIRTUAL_ENV", str(ROOT / ".venv"))
    env = build.frozen_env("offscreen")
    assert "PYTHONPATH" not in env and "VIRTUAL_ENV" not in env
    assert env["QT_QPA_PLATFORM"] == "offscreen"
    assert build.NATIVE_QPA == {"linux": "xcb", "windows": "windows", "macos": "cocoa"}


# --- archives -----------------------------------------------------------------------------------


def _fake_bundle(tmp_path: Path, exe: str) -> Path:
    folder = tmp_path / "dist" / "amzdesk"
    (folder / "_internal" / "resources").mkdir(parents=True)
    (folder / exe).write_bytes(b"\x7fELF fake")
    (folder / exe).chmod(0o755)
    data = folder / "_internal" / "resources" / "carriers.tsv"
    data.write_text("ヤマト運輸\n", encoding="utf-8")
    (folder / "_internal" / "libQt6Core.so.6").symlink_to("libQt6Core.so.6.11.3")
    (folder / "_internal" / "libQt6Core.so.6.11.3").write_bytes(b"lib")
    return folder


def test_linux_tar_keeps_the_folder_the_executable_bit_and_symlinks(tmp_path: Path) -> None:
    folder = _fake_bundle(tmp_path, "amzdesk")
    out = build.pack_tar(folder, tmp_path / "p" / "amzdesk-1-linux-x86_64.tar.gz")
    with tarfile.open(out) as tar:
        members = {m.name: m for m in tar.getmembers()}
        assert members["amzdesk/amzdesk"].mode & 0o111
        assert members["amzdesk/_internal/libQt6Core.so.6"].issym()
        assert members["amzdesk/amzdesk"].uid == 0 and members["amzdesk/amzdesk"].uname == ""
        tar.extractall(tmp_path / "x", filter="tar")
    text = (tmp_path / "x" / "amzdesk" / "_internal" / "resources" / "carriers.tsv").read_text(
        encoding="utf-8"
    )
    assert text == "ヤマト運輸\n"


def test_windows_zip_holds_the_folder(tmp_path: Path) -> None:
    folder = _fake_bundle(tmp_path, "amzdesk.exe")
    out = build.pack_zip(folder, tmp_path / "p" / "amzdesk-1-windows-x64.zip")
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None
        names = set(archive.namelist())
    assert "amzdesk/amzdesk.exe" in names
    assert "amzdesk/_internal/resources/carriers.tsv" in names
    assert all(n.startswith("amzdesk/") for n in names)


def test_real_linux_package_when_a_bundle_was_built() -> None:
    """After `scripts/build-app --package`: the archive unpacks to a folder with the executable
    and the desktop entry (skipped when nothing was built in this checkout)."""
    app = build.amzdesk_app(ROOT / "dist", "linux")
    packages = sorted((ROOT / "dist" / "packages").glob(f"{app.package_base()}.tar.gz"))
    if not packages or not app.executable.is_file():
        pytest.skip("no Linux package built (scripts/build-app --package)")
    with tarfile.open(packages[-1]) as tar:
        names = set(tar.getnames())
    for part in ("amzdesk", "amzdesk.desktop", "install-desktop-entry.sh", "amzdesk.png"):
        assert f"amzdesk/{part}" in names


# --- the Windows installer ----------------------------------------------------------------------


def _iss_sections(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        if re.fullmatch(r"\[\w+\]", line):
            current = line[1:-1]
            sections.setdefault(current, [])
        else:
            sections.setdefault(current, []).append(line)
    return sections


def _setup_values(lines: list[str]) -> dict[str, str]:
    return dict(line.split("=", 1) for line in lines)


def test_installer_script_installs_per_user_with_start_menu_and_uninstaller(
    tmp_path: Path,
) -> None:
    app = build.amzdesk_app(tmp_path, "win32")
    template = build.INSTALLER_TEMPLATE.read_text(encoding="utf-8")
    text = build.render_installer_script(template, app, machine="AMD64")
    assert "@" not in text.replace("{{", "")
    sections = _iss_sections(text)
    setup = _setup_values(sections["Setup"])
    # no administrator rights: per-user install into %LOCALAPPDATA%\Programs
    assert setup["PrivilegesRequired"] == "lowest"
    assert "PrivilegesRequiredOverridesAllowed" not in setup
    assert setup["DefaultDirName"] == r"{autopf}\amzdesk"
    # name and version from the package, a fixed AppId (upgrades and the uninstaller find it)
    assert setup["AppName"] == amzdesk.APP_DISPLAY_NAME
    assert setup["AppVersion"] == amzdesk.__version__
    numeric = setup["VersionInfoVersion"].split(".")
    assert len(numeric) == 4 and all(n.isdigit() for n in numeric)
    rc = build.render_installer_script(
        template, build.App("amzdesk", "amzdesk", "2.1rc3", tmp_path)
    )
    assert "VersionInfoVersion=2.1.3.0" in rc and "AppVersion=2.1rc3" in rc
    assert re.fullmatch(r"\{\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", setup["AppId"])
    assert setup["OutputBaseFilename"] == f"amzdesk-{amzdesk.__version__}-windows-x64-setup"
    assert setup["UninstallDisplayIcon"] == r"{app}\amzdesk.exe"
    assert "Uninstallable" not in setup or setup["Uninstallable"] == "yes"
    # Start-menu shortcut for this user; desktop icon only when asked for
    icons = sections["Icons"]
    assert any(
        line.startswith(r'Name: "{autoprograms}\amzdesk"; Filename: "{app}\amzdesk.exe"')
        for line in icons
    )
    assert all("{commonprograms}" not in line and "{commondesktop}" not in line for line in icons)
    assert any("{autodesktop}" in line and "Tasks: desktopicon" in line for line in icons)
    # the whole folder, relative to dist/installer/; Japanese first
    assert sections["Files"] == [
        r'Source: "..\amzdesk\*"; DestDir: "{app}"; '
        "Flags: ignoreversion recursesubdirs createallsubdirs"
    ]
    assert sections["Languages"][0].startswith('Name: "japanese"')


def test_installer_template_placeholders_must_be_known(tmp_path: Path) -> None:
    app = build.amzdesk_app(tmp_path, "win32")
    with pytest.raises(build.BuildError, match="PUBLISHER_URL"):
        build.render_installer_script("AppName=@APP_NAME@\nURL=@PUBLISHER_URL@\n", app)


def test_installer_script_is_written_with_its_icon(tmp_path: Path) -> None:
    app = build.amzdesk_app(tmp_path, "win32")
    script = build.write_installer_script(app, machine="AMD64")
    assert script == tmp_path / "installer" / "amzdesk.iss"
    assert script.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Unicode for ISCC
    icon = _setup_values(_iss_sections(script.read_text(encoding="utf-8-sig"))["Setup"])
    assert (script.parent / icon["SetupIconFile"]).read_bytes()[:4] == b"\0\0\1\0"  # .ico


def test_macos_disk_image_command(tmp_path: Path) -> None:
    app = build.amzdesk_app(tmp_path, "darwin")
    cmd = build.dmg_command(app, tmp_path / "stage", tmp_path / "a.dmg")
    assert cmd[:2] == ["hdiutil", "create"]
    assert cmd[cmd.index("-srcfolder") + 1] == str(tmp_path / "stage")
    assert cmd[cmd.index("-format") + 1] == "UDZO"  # compressed, read-only
    assert cmd[-1] == str(tmp_path / "a.dmg")


# --- scripts/build-app goes through build.py ----------------------------------------------------


def test_build_app_script_delegates_to_build_py() -> None:
    text = (ROOT / "scripts" / "build-app").read_text(encoding="utf-8")
    assert 'exec "$PY" "$ROOT/packaging/build.py" "$@"' in text
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert "PyInstaller" not in code and "--smoke-test" not in code and "ldd" not in code
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/build-app --smoke --xvfb" in ci


def test_build_py_usage_errors_exit_2() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build.py"), "--bogus"],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "--bogus" in result.stderr


# --- the workflow -------------------------------------------------------------------------------


def _actionlint() -> str:
    exe = shutil.which("actionlint", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.fail("actionlint is not installed: install the test extras (.[test])")
    return exe


def _lint(*paths: Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    shellcheck = shutil.which("shellcheck") or ""  # run: scripts are checked when it is there
    return subprocess.run(
        [_actionlint(), "-oneline", "-no-color", "-shellcheck", shellcheck, "-pyflakes", ""]
        + [str(p) for p in paths],
        check=False,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_workflows_pass_actionlint() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert WORKFLOW in files
    result = _lint(*files)
    assert result.returncode == 0, result.stdout + result.stderr


PLANTED = [
    # a typo in a job key
    ("    runs-on: ${{ matrix.os }}\n", "    run-on: ${{ matrix.os }}\n", "runs-on"),
    # a matrix value that does not exist
    ("name: amzdesk-${{ matrix.label }}", "name: amzdesk-${{ matrix.lable }}", "lable"),
    # an expression that is never true (a secret compared in the wrong context)
    ("if: runner.os == 'Windows' && env.HAS_WINDOWS_SIGNING == 'true'", "if: foo.bar", "foo"),
    # an action input that does not exist
    ('python-version: "3.11"\n', 'python-versions: "3.11"\n', "python-versions"),
]


@pytest.mark.parametrize(("old", "new", "mentioned"), PLANTED)
def test_actionlint_fails_on_a_planted_broken_workflow(
    old: str, new: str, mentioned: str, tmp_path: Path
) -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    assert old in text, old
    planted = tmp_path / ".github" / "workflows" / "build.yml"
    planted.parent.mkdir(parents=True)
    planted.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = _lint(planted, cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert mentioned in result.stdout
    assert result.stdout.startswith(".github/workflows/build.yml:")


def test_actionlint_checks_run_scripts_with_shellcheck(tmp_path: Path) -> None:
    if not shutil.which("shellcheck"):
        pytest.skip("shellcheck is not installed (scripts/run-tests installs it)")
    text = WORKFLOW.read_text(encoding="utf-8")
    old = 'if [ "v$version" != "$GITHUB_REF_NAME" ]; then'
    assert old in text
    planted = tmp_path / "build.yml"
    planted.write_text(text.replace(old, "if [ v$version != $GITHUB_REF_NAME ]; then"), "utf-8")
    result = _lint(planted, cwd=tmp_path)
    assert result.returncode == 1 and "SC2086" in result.stdout, result.stdout


def _steps(text: str) -> list[str]:
    return re.split(r"\n      - ", text)[1:]


def test_workflow_builds_every_os_and_uploads_and_releases() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    runners = re.findall(r"- os: (\S+)", text)
    assert {r.split("-")[0] for r in runners} == {"ubuntu", "windows", "macos"}
    assert "fail-fast: false" in text
    # same pinned packages everywhere; the Linux job runs the README's own commands
    assert 'pip install -c constraints.txt -e ".[test,build]"' in text
    assert "run: scripts/run-tests" in text
    assert "QT_QPA_PLATFORM: offscreen" in text
    assert "scripts/build-app --smoke --xvfb" in text
    assert "python packaging/build.py --smoke --native" in text
    assert "--package --require-installer" in text
    assert "actions/upload-artifact@" in text and "if-no-files-found: error" in text
    release = text.split("\n  release:\n", 1)[1]
    assert "if: startsWith(github.ref, 'refs/tags/v')" in release
    assert "contents: write" in release and "gh release create" in release


def test_signing_steps_run_only_with_their_secrets_and_are_documented() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    secrets = set(re.findall(r"secrets\.([A-Z0-9_]+)", text))
    assert {
        "WINDOWS_CERTIFICATE_PFX_BASE64",
        "WINDOWS_CERTIFICATE_PASSWORD",
        "MACOS_CERTIFICATE_P12_BASE64",
        "MACOS_CERTIFICATE_PASSWORD",
        "MACOS_SIGNING_IDENTITY",
        "APPLE_ID",
        "APPLE_TEAM_ID",
        "APPLE_APP_PASSWORD",
    } == secrets
    signing = [s for s in _steps(text) if "secrets." in s]
    assert len(signing) == 4
    for step in signing:
        condition = re.search(r"\n        if: (.+)", step)
        assert condition and "env.HAS_" in condition.group(1), step.splitlines()[0]
    header = text.split("\nname:", 1)[0]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in secrets:
        assert name in header, f"{name} is not listed in the workflow's header"
        assert name in readme, f"{name} is not documented in README.md"
