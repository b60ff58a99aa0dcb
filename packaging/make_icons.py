"""Render the app icon from resources/icons/amzdesk.svg into every format the bundles need.

    python packaging/make_icons.py            write the icons next to the SVG
    python packaging/make_icons.py --check    exit 1 when a committed icon is missing or stale

Outputs (all in resources/icons/):

* ``amzdesk-<N>.png`` for N in 16, 32, 48, 64, 128, 256, 512 (Linux .desktop / hicolor theme);
* ``amzdesk.ico`` for the Windows .exe: an ICO container holding PNG images (16 … 256 px);
* ``amzdesk.icns`` for the macOS .app: an ICNS container holding PNG images (16 … 1024 px).

The SVG is rendered with Qt's QSvgRenderer onto a transparent QImage; small sizes are rendered
at 4x and scaled down smoothly, which keeps thin strokes readable at 16 px.  Both containers are
written by hand (they are simple: a header, a directory, then PNG blobs).
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICON_DIR = ROOT / "resources" / "icons"
SVG = ICON_DIR / "amzdesk.svg"
PNG_SIZES = (16, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types that hold PNG data, with their pixel size.
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),  # 16@2x
    (b"icp6", 64),
    (b"ic12", 64),  # 32@2x
    (b"ic07", 128),
    (b"ic13", 256),  # 128@2x
    (b"ic08", 256),
    (b"ic14", 512),  # 256@2x
    (b"ic09", 512),
    (b"ic10", 1024),  # 512@2x
)


def png_name(size: int) -> str:
    return f"amzdesk-{size}.png"


def render_png(size: int, svg: Path = SVG) -> bytes:
    """The icon as PNG bytes, ``size`` x ``size`` pixels, transparent background."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _keep.append(QGuiApplication([sys.argv[0]]))
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot render {svg}")
    scale = 4 if size < 128 else 1
    big = QImage(size * scale, size * scale, QImage.Format.Format_ARGB32_Premultiplied)
    big.fill(Qt.GlobalColor.transparent)
    painter = QPainter(big)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size * scale, size * scale))
    painter.end()
    image = big
    if scale != 1:
        image = big.scaled(
            size,
            size,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise SystemExit("PNG encoding failed")
    buffer.close()
    return bytes(data.data())


_keep: list[object] = []


def build_ico(images: dict[int, bytes]) -> bytes:
    """An ICO file holding one PNG per size (Windows Vista and later read PNG entries)."""
    sizes = sorted(images)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    directory = b""
    blobs = b""
    for size in sizes:
        blob = images[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        directory += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        blobs += blob
    return header + directory + blobs


def build_icns(images: dict[int, bytes]) -> bytes:
    """An ICNS file: 'icns' + total length, then (type, length incl. 8-byte header, PNG)."""
    body = b""
    for code, size in ICNS_TYPES:
        blob = images[size]
        body += code + struct.pack(">I", len(blob) + 8) + blob
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def expected_files() -> dict[Path, bytes]:
    sizes = sorted(set(PNG_SIZES) | set(ICO_SIZES) | {s for _, s in ICNS_TYPES})
    images = {size: render_png(size) for size in sizes}
    files = {ICON_DIR / png_name(size): images[size] for size in PNG_SIZES}
    files[ICON_DIR / "amzdesk.ico"] = build_ico({s: images[s] for s in ICO_SIZES})
    files[ICON_DIR / "amzdesk.icns"] = build_icns(images)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare, write nothing")
    args = parser.parse_args(argv)
    files = expected_files()
    stale = [
        path for path, data in files.items() if not path.is_file() or path.read_bytes() != data
    ]
    if args.check:
        for path in stale:
            print(f"stale or missing: {path.relative_to(ROOT)}")
        if not stale:
            print("icons are up to date")
        return 1 if stale else 0
    for path in stale:
        path.write_bytes(files[path])
        print(f"wrote {path.relative_to(ROOT)} ({len(files[path])} bytes)")
    if not stale:
        print("icons are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
