"""The `kzun-bot` command: one entry point, a subcommand for each way of using the bot."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot import __version__
from bot.config import ConfigError, Settings
from bot.engine.loader import read_knowledge
from bot.engine.validation import validate
from bot.ops.logs import setup_logging


def main(argv: Sequence[str] | None = None) -> int:
    """Run a subcommand and return its exit code (0 success, 1 failure, 2 usage)."""
    parser = _parser()
    args = parser.parse_args(argv)
    overrides = {
        name: getattr(args, name, None)
        for name in ("knowledge_dir", "api_base_url", "data_dir", "webhook_url", "webhook_secret")
    } | {name: getattr(args, name, None) for name in ("listen", "port", "metrics_port")}
    if getattr(args, "watch", False):
        overrides["watch"] = True
    try:
        settings = Settings.load(os.environ, overrides)
    except ConfigError as error:
        print(f"kzun-bot: {error}", file=sys.stderr)
        return 2
    setup_logging(settings.log_level, secrets=[settings.token] if settings.token else [])
    command: Callable[[argparse.Namespace, Settings], int] = args.handler
    return command(args, settings)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kzun-bot",
        description="A Telegram knowledge bot about Kazakhstan and the United Nations.",
    )
    parser.add_argument("--version", action="version", version=f"kzun-bot {__version__}")
    parser.add_argument(
        "--knowledge-dir", type=Path, help="knowledge folder (env KZUN_KNOWLEDGE_DIR)"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = sub.add_parser("check", help="validate the knowledge against the seed articles")
    check.set_defaults(handler=_check)

    ask = sub.add_parser("ask", help="print the reply to one question, or JSON lines from stdin")
    ask.add_argument("question", nargs="?", help="the question; omit with --json to read stdin")
    ask.add_argument("--lang", choices=("en", "ru", "kk"), help="preferred reply language")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.set_defaults(handler=_ask)

    shell = sub.add_parser("shell", help="chat with the bot in this terminal (no token needed)")
    shell.add_argument("--lang", choices=("en", "ru", "kk"), help="preferred reply language")
    shell.set_defaults(handler=_shell)

    evaluate = sub.add_parser("eval", help="score a labelled question file")
    evaluate.add_argument(
        "file", type=Path, nargs="?", help="YAML list of {q, expect|any|ood} items or dialogues"
    )
    evaluate.add_argument(
        "--adversarial", action="store_true", help="score generated near misses instead"
    )
    evaluate.set_defaults(handler=_eval)

    run = sub.add_parser("run", help="run the Telegram bot (long polling, or a webhook)")
    _telegram_options(run)
    run.add_argument("--webhook-url", help="public HTTPS URL; enables webhook mode")
    run.add_argument("--webhook-secret", help="secret token (generated if not given)")
    run.add_argument("--listen", help="address of the web server (default 0.0.0.0)")
    run.add_argument("--port", type=int, help="port of the web server (default 8080)")
    run.add_argument("--metrics-port", type=int, help="serve /healthz and /metrics when polling")
    run.add_argument("--watch", action="store_true", help="reload knowledge when files change")
    run.set_defaults(handler=_run)

    today = sub.add_parser("today", help="print the on-this-day post for a date")
    today.add_argument("--date", type=dt.date.fromisoformat, help="YYYY-MM-DD (default today)")
    today.add_argument("--lang", choices=("en", "ru", "kk"), default="en")
    today.set_defaults(handler=_today)

    broadcast = sub.add_parser("broadcast", help="deliver one day's post to subscribers now")
    _telegram_options(broadcast)
    broadcast.add_argument("--date", type=dt.date.fromisoformat, help="YYYY-MM-DD (default today)")
    broadcast.set_defaults(handler=_broadcast)

    unanswered = sub.add_parser("unanswered", help="questions the bot could not answer")
    unanswered.add_argument("--data-dir", type=Path, help="state folder (env KZUN_DATA_DIR)")
    unanswered.add_argument("--since", type=dt.date.fromisoformat, help="YYYY-MM-DD")
    unanswered.add_argument("--top", type=int, default=20, help="how many groups (default 20)")
    unanswered.add_argument("--format", choices=("text", "yaml"), default="text")
    unanswered.set_defaults(handler=_unanswered)
    return parser


def _telegram_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--api-base-url", help="Bot API address (env TELEGRAM_API_BASE_URL)")
    parser.add_argument("--data-dir", type=Path, help="state folder (env KZUN_DATA_DIR)")


def _check(args: argparse.Namespace, settings: Settings) -> int:
    kb, problems = read_knowledge(settings.knowledge_dir)
    found, coverage = validate(kb, complete=not problems)
    problems += found
    if problems:
        _print_problems(problems)
        return 1
    print(coverage.summary())
    return 0


def _print_problems(problems: Sequence[object]) -> None:
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s) found", file=sys.stderr)


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    from bot.commands.console import ask

    return ask(settings, args.question, lang=args.lang, as_json=args.json)


def _shell(args: argparse.Namespace, settings: Settings) -> int:
    from bot.commands.console import shell

    return shell(settings, lang=args.lang)


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from bot.commands.evaluation import evaluate_file

    if args.file is None and not args.adversarial:
        print("kzun-bot eval: give a FILE, or --adversarial", file=sys.stderr)
        return 2
    return evaluate_file(settings, args.file, args.adversarial)


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.telegram.runner import run

    return run(settings)


def _today(args: argparse.Namespace, settings: Settings) -> int:
    from bot.commands.today import print_post

    return print_post(settings, args.date, args.lang)


def _broadcast(args: argparse.Namespace, settings: Settings) -> int:
    from bot.commands.broadcast import broadcast_once

    return broadcast_once(settings, args.date)


def _unanswered(args: argparse.Namespace, settings: Settings) -> int:
    from bot.ops.unanswered import report

    return report(settings, since=args.since, top=args.top, output_format=args.format)
