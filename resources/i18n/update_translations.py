"""Refresh the translation catalogue and build the .qm (run from the repository root).

    .venv/bin/python resources/i18n/update_translations.py

1. ``pyside6-lupdate`` collects every ``tr()`` / ``QCoreApplication.translate`` /
   ``QT_TRANSLATE_NOOP`` text of ``ui/`` into ``amzdesk_en.ts`` (translations already in the file
   are kept).
2. The Japanese texts the window shows from ``amzdesk`` (state labels, action labels, carrier
   warnings, tracking reasons, sync phases, import statuses) are added under the context
   ``amzdesk`` (the window looks them up there), keeping their translations.
3. Every message defined with ``amzdesk.messages.define`` (``amzdesk.catalogue``: verdicts,
   reasons, summaries) is added under the context ``amzdesk.msg`` (source = Japanese template,
   comment = message ID), keeping translations by message ID; a message whose Japanese template
   changed keeps its old English but is marked unfinished, to be reviewed.
4. ``pyside6-lrelease`` builds ``amzdesk_en.qm``.

Japanese is the source language, so there is no Japanese catalogue.

``--en FILE`` first writes English translations from a UTF-8 TSV file (``key<TAB>English`` per
line): ``key`` is a message ID of ``amzdesk.msg`` (e.g. ``rules.not_amazon``) or the Japanese
source text of any other entry (a fixed ``amzdesk`` label, a ``tr()`` text of the window).
Then the steps above run as usual.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
TS = HERE / "amzdesk_en.ts"
QM = HERE / "amzdesk_en.qm"
UI_FILES = sorted(p for p in (ROOT / "ui").rglob("*.py") if p.name not in ("smoke.py",))


def _parse() -> ET.ElementTree[ET.Element]:
    """Our own catalogue (written by lupdate and this script), not untrusted input."""
    return ET.parse(TS)  # noqa: S314


def tool(name: str) -> str:
    venv = Path(sys.executable).parent / name
    if venv.exists():
        return str(venv)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found (pip install PySide6)")
    return found


def amzdesk_texts() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from amzdesk import carriers, importers, rules, states, sync

    texts: list[str] = []
    for s in states.CombinedState:
        texts += [s.label, s.description]
    texts += [d.label for d in states.Deadline if d.label]
    texts += [a.label for a in rules.Action]
    texts += [rules.CANCEL_EXPORT_LABEL, rules.RECORD_RETURN_LABEL]
    texts += [t.label for t in carriers.Tracked]
    texts += [
        carriers.WARN_ABF,
        carriers.WARN_NO_CARRIER + carriers.WARN_ABF,
        carriers.WARN_TRACKED,
        carriers.WARN_TRACKED_UNKNOWN,
        carriers.WARN_CUSTOM,
    ]
    texts += [p.label for p in sync.SyncPhase]
    texts += [s.label for s in importers.ReviewStatus]
    texts += [f.label for f in importers.LabelFormat]
    from amzdesk.insights import report

    texts += list(report.HTML_TEXTS)
    for table in (report.SIDE_LABELS, report.ACTION_LABELS, report.STATE_LABELS):
        texts += table.values()
    return list(dict.fromkeys(t for t in texts if t))


def merge_amzdesk_context(old_translations: dict[str, str]) -> None:
    tree = _parse()
    root = tree.getroot()
    root.set("sourcelanguage", "ja_JP")
    root.set("language", "en_US")
    for ctx in root.findall("context"):
        if ctx.findtext("name") == "amzdesk":
            root.remove(ctx)
    ctx = ET.SubElement(root, "context")
    ET.SubElement(ctx, "name").text = "amzdesk"
    for text in amzdesk_texts():
        msg = ET.SubElement(ctx, "message")
        ET.SubElement(msg, "source").text = text
        tr = ET.SubElement(msg, "translation")
        value = old_translations.get(text, "")
        if value:
            tr.text = value
        else:
            tr.set("type", "unfinished")
    ET.indent(tree, space="    ")
    tree.write(TS, encoding="utf-8", xml_declaration=True)


def existing_msg_translations() -> dict[str, tuple[str, str, bool]]:
    """message id -> (Japanese source, English, finished) for the ``amzdesk.msg`` entries."""
    if not TS.exists():
        return {}
    out: dict[str, tuple[str, str, bool]] = {}
    for ctx in _parse().getroot().findall("context"):
        if ctx.findtext("name") != "amzdesk.msg":
            continue
        for msg in ctx.findall("message"):
            tr = msg.find("translation")
            msg_id = msg.findtext("comment") or ""
            if msg_id and tr is not None and tr.text:
                finished = tr.get("type") not in ("unfinished", "vanished", "obsolete")
                out[msg_id] = (msg.findtext("source") or "", tr.text, finished)
    return out


def merge_msg_context(old: dict[str, tuple[str, str, bool]]) -> None:
    sys.path.insert(0, str(ROOT))
    from amzdesk import catalogue as core_catalogue
    from amzdesk import messages

    catalogue = core_catalogue.load_all()
    tree = _parse()
    root = tree.getroot()
    for ctx in root.findall("context"):
        if ctx.findtext("name") == messages.TS_CONTEXT:
            root.remove(ctx)
    ctx = ET.SubElement(root, "context")
    ET.SubElement(ctx, "name").text = messages.TS_CONTEXT
    for msg_id in sorted(catalogue):
        template = catalogue[msg_id]
        msg = ET.SubElement(ctx, "message")
        ET.SubElement(msg, "source").text = template
        ET.SubElement(msg, "comment").text = msg_id
        tr = ET.SubElement(msg, "translation")
        old_source, value, finished = old.get(msg_id, ("", "", False))
        if value:
            tr.text = value
        if not value or not finished or old_source != template:
            tr.set("type", "unfinished")
    ET.indent(tree, space="    ")
    tree.write(TS, encoding="utf-8", xml_declaration=True)


def existing_amzdesk_translations() -> dict[str, str]:
    if not TS.exists():
        return {}
    out: dict[str, str] = {}
    for ctx in _parse().getroot().findall("context"):
        if ctx.findtext("name") != "amzdesk":
            continue
        for msg in ctx.findall("message"):
            src, tr = msg.findtext("source") or "", msg.find("translation")
            if tr is not None and tr.text and tr.get("type") not in ("unfinished", "vanished"):
                out[src] = tr.text
    return out


def untranslated() -> int:
    n = 0
    for msg in _parse().getroot().iter("message"):
        tr = msg.find("translation")
        if tr is None or tr.get("type") == "unfinished" or not (tr.text or "").strip():
            n += 1
    return n


def apply_english(path: Path) -> int:
    """Write translations from ``key<TAB>English`` lines; returns how many were set."""
    wanted: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line and not line.startswith("#"):
            key, text = line.split("\t", 1)
            wanted[key.strip()] = text.strip()
    tree = _parse()
    n = 0
    for ctx in tree.getroot().findall("context"):
        name = ctx.findtext("name")
        for msg in ctx.findall("message"):
            key = msg.findtext("comment" if name == "amzdesk.msg" else "source") or ""
            if not key or key not in wanted:
                continue
            tr = msg.find("translation")
            if tr is None:
                tr = ET.SubElement(msg, "translation")
            tr.text = wanted[key]
            tr.attrib.pop("type", None)
            n += 1
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    return n


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--en":
        print(f"{apply_english(Path(sys.argv[2]))} translation(s) set")
    kept = existing_amzdesk_translations()
    kept_msgs = existing_msg_translations()
    subprocess.run(
        [tool("pyside6-lupdate"), "-no-obsolete", *map(str, UI_FILES), "-ts", str(TS)],
        check=True,
    )
    merge_amzdesk_context(kept)
    merge_msg_context(kept_msgs)
    subprocess.run([tool("pyside6-lrelease"), str(TS), "-qm", str(QM)], check=True)
    print(f"{TS.name}: {untranslated()} text(s) without translation")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
