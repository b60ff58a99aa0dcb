"""``credentials set|list|delete``: the secrets in the OS keyring (never printed)."""

from __future__ import annotations

import argparse
from typing import Any, Final

from amzdesk.cli.common import EXIT_OK, CliContext, CliError, add_json

__all__ = ["CREDENTIALS_SCHEMA", "register"]

CREDENTIALS_SCHEMA: Final = "amzdesk.credentials/1"


def register(sub: Any) -> None:
    from amzdesk.credentials import NAMES

    cred = sub.add_parser("credentials", help="認証情報（OS のキーリング）を管理する")
    cred_sub = cred.add_subparsers(dest="cred_command", metavar="ACTION")
    cred_sub.required = True
    p = cred_sub.add_parser("set", help="標準入力から読んだ値を保存する（引数には書かない）")
    p.add_argument("name", choices=NAMES, metavar="NAME", help=f"{', '.join(NAMES)}")
    p.set_defaults(func=_cmd_credentials_set)
    p = cred_sub.add_parser(
        "list", help="どの認証情報が保存されているかを表示する（値は表示しない）"
    )
    add_json(p)
    p.set_defaults(func=_cmd_credentials_list)
    p = cred_sub.add_parser("delete", help="認証情報を削除する")
    p.add_argument("name", choices=NAMES, metavar="NAME", help=f"{', '.join(NAMES)}")
    p.set_defaults(func=_cmd_credentials_delete)


def _cmd_credentials_set(args: argparse.Namespace, ctx: CliContext) -> int:
    from amzdesk.credentials import LABELS

    name: str = args.name
    label = LABELS.get(name, name)
    value = ctx.read_secret(f"{label} を入力してください（表示されません）: ")
    if not value.strip():
        raise CliError(f"{label} が空です。標準入力から値を渡してください")
    ctx.credentials.set(name, value)
    ctx.err(f"{label}（{name}）をキーリングに保存しました")
    return EXIT_OK


def _cmd_credentials_list(args: argparse.Namespace, ctx: CliContext) -> int:
    from amzdesk.credentials import LABELS

    status = ctx.credentials.status()
    if ctx.json_mode:
        ctx.emit_json(
            {
                "schema": CREDENTIALS_SCHEMA,
                "backend": ctx.credentials.backend_description(),
                "credentials": {
                    name: {"set": bool(is_set), "label": LABELS.get(name, name)}
                    for name, is_set in status.items()
                },
            }
        )
        return EXIT_OK
    for name, is_set in status.items():
        mark = "設定済み" if is_set else "未設定"
        ctx.out(f"{name:<20} {mark:<6} {LABELS.get(name, name)}")
    return EXIT_OK


def _cmd_credentials_delete(args: argparse.Namespace, ctx: CliContext) -> int:
    from amzdesk.credentials import LABELS

    name: str = args.name
    label = LABELS.get(name, name)
    if ctx.credentials.delete(name):
        ctx.err(f"{label}（{name}）を削除しました")
    else:
        ctx.err(f"{label}（{name}）は保存されていません")
    return EXIT_OK
