"""Run-time texts as message IDs with parameters (amzdesk.messages), and their English."""

from __future__ import annotations

import ast
import pickle
import re
import sys
from pathlib import Path

import pytest

from amzdesk import messages
from amzdesk.catalogue import load_all
from amzdesk.messages import Msg, define, join, placeholders, ts_lookup

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "amzdesk_en.ts"
RULE_ID = re.compile(r"R-[A-H][0-9]")
# API field names and internal action names that must not reach the owner's sentences
API_NAMES = re.compile(
    r"carrierCode|carrierName|trackingNumber|packageReferenceId|orderItemId|shipDate|"
    r"deliveryStatus|paymentStatus|deliveryCompanyCode|confirm-amazon|complete-makeshop|"
    r"FulfillmentStatus|PARTIALLY_SHIPPED|UNSHIPPED|=\s*\S"
)
JAPANESE = re.compile(r"[ぁ-んァ-ヶ一-龥]")

T = define("test_messages", {"hello": "{name}さん、こんにちは", "n": "{count} 件", "plain": "完了"})


def en(msg_id: str, template: str) -> str:
    return {"test_messages.hello": "Hello, {name}", "test_messages.n": "{count} item(s)"}.get(
        msg_id, template
    )


def test_msg_is_the_japanese_text_and_renders_in_another_language() -> None:
    m = T("hello", name="山田")
    assert m == "山田さん、こんにちは"
    assert isinstance(m, str) and m.id == "test_messages.hello"
    assert m.render() == "山田さん、こんにちは"
    assert m.render(en) == "Hello, 山田"
    nested = T("hello", name=T("n", count=3))
    assert nested == "3 件さん、こんにちは"
    assert nested.render(en) == "Hello, 3 item(s)"


def test_join_and_missing_or_unknown_parameters() -> None:
    j = join([T("n", count=1), T("plain")], sep="・")
    assert j == "1 件・完了"
    assert j.render(en) == "1 item(s)・完了"
    with pytest.raises(KeyError):
        T("hello")
    with pytest.raises(KeyError):
        T("nope")
    with pytest.raises(ValueError):
        define("test_messages", {"plain": "別の文"})


def test_broken_translation_falls_back_to_japanese() -> None:
    m = T("hello", name="山田")
    assert m.render(lambda i, t: "Hello") == "山田さん、こんにちは"  # lost {name}


def test_pickles_and_compares_as_text() -> None:
    m = T("n", count=2)
    back = pickle.loads(pickle.dumps(m))
    assert isinstance(back, Msg) and back == m and back.id == m.id
    assert {m: 1}["2 件"] == 1


CATALOGUE = {k: v for k, v in load_all().items() if not k.startswith("test_")}


def test_every_module_message_is_registered() -> None:
    assert any(k.startswith("rules.") for k in CATALOGUE)
    assert any(k.startswith("states.") for k in CATALOGUE)


def _modules_defining_messages() -> set[str]:
    """The core modules (the simulator apart) that call ``define``, read from their source."""
    found = set()
    for path in sorted((ROOT / "amzdesk").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[1] == "sim" or parts == ("amzdesk", "messages"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            func = node.func if isinstance(node, ast.Call) else None
            name = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else ""
            )
            if name == "define":
                found.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


def test_the_catalogue_imports_every_module_that_defines_messages() -> None:
    from amzdesk import catalogue

    listed = {m.__name__ for m in catalogue.MODULES}
    defining = _modules_defining_messages()
    assert "amzdesk.rules" in defining  # the scan finds what it looks for
    assert defining - listed == set(), "add these to amzdesk.catalogue.MODULES"
    assert listed - defining == set(), "these no longer define messages"


@pytest.mark.parametrize("msg_id", sorted(CATALOGUE))
def test_every_message_has_its_english(msg_id: str) -> None:
    english = messages.load_ts(TS)
    assert msg_id in english, f"{msg_id} has no finished English in amzdesk_en.ts"
    assert placeholders(english[msg_id]) == placeholders(CATALOGUE[msg_id])
    assert not JAPANESE.search(re.sub(r"{[a-z_]+}", "", english[msg_id])), english[msg_id]


@pytest.mark.parametrize("msg_id", sorted(CATALOGUE))
def test_no_rule_ids_or_api_names_in_what_the_owner_reads(msg_id: str) -> None:
    english = messages.load_ts(TS).get(msg_id, "")
    for text in (CATALOGUE[msg_id], english):
        assert not RULE_ID.search(text), (msg_id, text)
        assert not API_NAMES.search(text), (msg_id, text)


def test_fixed_labels_of_the_core_are_translated() -> None:
    """State labels, action labels, carrier warnings... (context ``amzdesk``)."""
    sys.path.insert(0, str(ROOT / "resources" / "i18n"))
    import xml.etree.ElementTree as ET

    import update_translations

    done = set()
    for ctx in ET.parse(TS).getroot().findall("context"):
        if ctx.findtext("name") != "amzdesk":
            continue
        for m in ctx.findall("message"):
            tr = m.find("translation")
            if tr is not None and tr.text and tr.get("type") is None:
                done.add(m.findtext("source"))
    missing = [t for t in update_translations.amzdesk_texts() if t not in done]
    assert not missing


def test_english_lookup_from_the_catalogue() -> None:
    from amzdesk.rules import NOT_AMAZON

    assert NOT_AMAZON.render(ts_lookup(TS)) == "Not an Amazon order"


def test_a_stored_message_is_defined_on_demand_once_services_are_imported() -> None:
    """A journal result names a message whose module the process has not imported yet: the
    messages module cannot import it (it sits below), services installs what does."""
    import os
    import subprocess

    from amzdesk.messages import to_stored
    from amzdesk.shipment import export

    stored = to_stored(export._SM("export_cancelled"))
    code = (
        "import sys\n"
        "from amzdesk.messages import Msg, from_stored\n"
        "stored = sys.argv[1]\n"
        "assert 'amzdesk.shipment' not in sys.modules\n"
        "before = from_stored(stored)\n"
        "assert not isinstance(before, Msg) and before == '書き出しを取り消しました', before\n"
        "import amzdesk.services\n"
        "assert 'amzdesk.shipment' not in sys.modules  # the window starts without it\n"
        "after = from_stored(stored)\n"
        "assert isinstance(after, Msg) and after.id == 'shipment.export_cancelled', repr(after)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code, stored],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
