"""Sentences the shop owner reads, as message IDs with parameters (no Qt).

How to add a text built at run time (a verdict, a reason, a summary, a result):

1. Define its Japanese template once, in the module that uses it::

       M = messages.define("rules", {
           "not_amazon": "Amazon の注文ではありません",
           "confirm_n": "{where}。追跡番号 {count} 件で Amazon に出荷通知します",
       })

2. Return ``M("confirm_n", where=..., count=2)`` instead of an f-string.  The result is a
   :class:`Msg`: it *is* the Japanese text (a ``str`` subclass, so the command line, logs,
   ``--json`` and tests that compare strings keep working unchanged) and it also carries ``id``
   ("rules.confirm_n") and ``params``, so the window can render it in the current language with
   :meth:`Msg.render`.  A parameter that is itself a Msg is rendered in the same language;
   anything else (order numbers, carrier names, counts) is inserted as it is.  Sentences are
   combined with :func:`join`, never with ``+`` (that would give a plain ``str`` that cannot be
   translated any more).
3. A module that defines its first messages is added to :data:`amzdesk.catalogue.MODULES`.
4. Run ``resources/i18n/update_translations.py``: every defined message lands in
   ``resources/i18n/amzdesk_en.ts`` under the context ``amzdesk.msg`` (source = the Japanese
   template, comment = the message ID); write the English template there, with the same
   ``{placeholders}``.  ``tests/test_messages.py`` fails while any message lacks its English.

The window renders through ``ui.i18n.tr_core(text)`` (Qt's translator, so switching language at
run time re-renders).  Without Qt, :func:`load_ts` reads the same catalogue (the tests use it).
No rule IDs (R-xx) and no API field names in templates: those go in ``Verdict.rule_id``, logs and
``--json``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Final

# message id -> Japanese template, for every message defined by an imported module (all of them:
# amzdesk.catalogue.load_all)
CATALOGUE: dict[str, str] = {}

TS_CONTEXT: Final = "amzdesk.msg"
JOIN_ID: Final = "_join"

# (message id, Japanese template) -> template in the wanted language
Lookup = Callable[[str, str], str]

_FIELD_RE = re.compile(r"{([A-Za-z_][A-Za-z0-9_]*)}")


def placeholders(template: str) -> set[str]:
    return set(_FIELD_RE.findall(template))


class UserError(Exception):
    """An error whose ``str()`` is already the sentence the user reads (Japanese, says what to
    do; it may be a :class:`Msg`).  The app's own input, settings, file, keyring and store errors
    derive from it, so :func:`amzdesk.errors.user_message` recognises them by type."""


class Msg(str):
    """A Japanese sentence that remembers its message ID and parameters."""

    id: str
    params: Mapping[str, Any]

    def __new__(cls, msg_id: str, params: Mapping[str, Any] | None = None) -> Msg:
        p = dict(params or {})
        if msg_id == JOIN_ID:
            text = str(p.get("sep", "")).join(str(x) for x in p.get("parts", ()))
        else:
            try:
                template = CATALOGUE[msg_id]
            except KeyError:
                raise KeyError(f"message {msg_id!r} is not defined") from None
            text = _format(template, p, None)
        self = super().__new__(cls, text)
        self.id = msg_id
        self.params = p
        return self

    def render(self, lookup: Lookup | None = None) -> str:
        """The text in the language of ``lookup`` (Japanese when None)."""
        if lookup is None:
            return str(self)
        if self.id == JOIN_ID:
            sep = self.params.get("sep", "")
            sep_text = sep.render(lookup) if isinstance(sep, Msg) else str(sep)
            return sep_text.join(_render_value(x, lookup) for x in self.params.get("parts", ()))
        template = CATALOGUE[self.id]
        translated = lookup(self.id, template) or template
        if placeholders(translated) != placeholders(template):
            translated = template  # a broken translation must not lose a number or a name
        return _format(translated, self.params, lookup)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Msg, (self.id, dict(self.params)))

    def __repr__(self) -> str:
        return f"Msg({self.id!r}, {dict(self.params)!r})"


def _render_value(value: Any, lookup: Lookup | None) -> str:
    if isinstance(value, Msg):
        return value.render(lookup)
    return str(value)


def _format(template: str, params: Mapping[str, Any], lookup: Lookup | None) -> str:
    values = {k: _render_value(v, lookup) for k, v in params.items()}
    return _FIELD_RE.sub(lambda m: values[m.group(1)], template)


class Catalogue:
    """The messages of one module: ``M("key", **params)`` gives the Msg ``prefix.key``."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __call__(self, key: str, /, **params: Any) -> Msg:
        msg_id = f"{self.prefix}.{key}"
        if msg_id not in CATALOGUE:
            raise KeyError(f"message {msg_id!r} is not defined")
        missing = placeholders(CATALOGUE[msg_id]) - params.keys()
        if missing:
            raise KeyError(f"message {msg_id!r} needs {sorted(missing)}")
        return Msg(msg_id, params)

    def template(self, key: str) -> str:
        return CATALOGUE[f"{self.prefix}.{key}"]


def define(prefix: str, templates: Mapping[str, str]) -> Catalogue:
    """Register Japanese templates under ``prefix`` (one prefix per module)."""
    for key, text in templates.items():
        msg_id = f"{prefix}.{key}"
        old = CATALOGUE.get(msg_id)
        if old is not None and old != text:
            raise ValueError(f"message {msg_id!r} defined twice with different texts")
        CATALOGUE[msg_id] = text
    return Catalogue(prefix)


def join(parts: Iterable[str], sep: str | Msg = "") -> Msg:
    """Several sentences as one Msg (each part rendered in the same language)."""
    return Msg(JOIN_ID, {"parts": tuple(parts), "sep": sep})


def render(text: str, lookup: Lookup | None = None) -> str:
    """``text`` in the language of ``lookup`` when it is a Msg, unchanged otherwise."""
    return text.render(lookup) if isinstance(text, Msg) else text


# --- stored messages (journal results): the ID and parameters, not the sentence -----------------

STORED_PREFIX: Final = "msg1:"

# What defines every message (imports the modules that define them, amzdesk.catalogue) when a
# stored one names a message whose module is not imported yet.  This module sits below them and
# cannot import them itself: amzdesk.services installs it (install_define_all).
_DEFINE_ALL: list[Callable[[], object]] = []


def install_define_all(define_all: Callable[[], object]) -> None:
    """Let :func:`from_stored` call ``define_all`` for a message it does not know yet."""
    _DEFINE_ALL[:] = [define_all]


def _encode_value(value: Any) -> Any:
    if isinstance(value, Msg):
        return {"$m": value.id, "p": {k: _encode_value(v) for k, v in value.params.items()}}
    if isinstance(value, (list, tuple)):
        return {"$l": [_encode_value(v) for v in value]}
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(value)


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        if "$m" in value:
            return Msg(str(value["$m"]), {k: _decode_value(v) for k, v in value["p"].items()})
        if "$l" in value:
            return tuple(_decode_value(v) for v in value["$l"])
        raise ValueError("not an encoded value")
    return value


def to_stored(text: str) -> str:
    """What a store keeps for ``text``: a Msg as its ID and parameters (with its Japanese text as
    a fallback), so a later run renders it in the window's language; other text as it is."""
    import json

    if not isinstance(text, Msg):
        return text
    data = _encode_value(text)
    data["ja"] = str(text)
    return STORED_PREFIX + json.dumps(data, ensure_ascii=False, sort_keys=True)


def from_stored(text: str) -> str:
    """The inverse of :func:`to_stored`: a Msg again (its module's messages are loaded when
    needed, see :func:`install_define_all`).  Text stored before messages were stored (plain
    Japanese), a message this version no longer defines, or a damaged value reads as the Japanese
    text that was stored."""
    import json

    if not text.startswith(STORED_PREFIX):
        return text
    try:
        data = json.loads(text[len(STORED_PREFIX) :])
    except ValueError:
        return text
    if not isinstance(data, dict):
        return text
    fallback = str(data.get("ja") or text)
    for attempt in range(2):
        try:
            return _decode_value(data)  # type: ignore[no-any-return]
        except KeyError:
            if attempt == 0 and _DEFINE_ALL:
                _DEFINE_ALL[0]()  # the defining module may not be imported in this process yet
        except (ValueError, TypeError, AttributeError):
            break
    return fallback


def load_ts(path: Path) -> dict[str, str]:
    """message id -> finished translation, from a Qt .ts catalogue (context ``amzdesk.msg``)."""
    import xml.etree.ElementTree as ET

    out: dict[str, str] = {}
    root = ET.parse(path).getroot()  # noqa: S314 - our own catalogue, not untrusted input
    for ctx in root.findall("context"):
        if ctx.findtext("name") != TS_CONTEXT:
            continue
        for m in ctx.findall("message"):
            msg_id = m.findtext("comment") or ""
            tr = m.find("translation")
            if not msg_id or tr is None or tr.get("type") in ("unfinished", "vanished", "obsolete"):
                continue
            if tr.text:
                out[msg_id] = tr.text
    return out


def ts_lookup(path: Path) -> Lookup:
    """A lookup for :meth:`Msg.render` from a .ts catalogue (falls back to Japanese)."""
    table = load_ts(path)
    return table.get
