"""The `kzun-bot` command: one entry point, a subcommand for each way of using the bot."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from bot import __version__
from bot.config import ConfigError, Settings
from bot.engine.clashes import relation_clashes
from bot.engine.confidence import MODEL_FILE, fingerprint
from bot.engine.knowledge import Problem
from bot.engine.loader import read_knowledge
from bot.engine.validation import validate
from bot.ops.logs import setup_logging


def main(argv: Sequence[str] | None = None) -> int:
    """Run a subcommand and return its exit code (0 success, 1 failure, 2 usage).

    A mistake gets one line on stderr and a non-zero status, never a traceback.
    """
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader stopped early (`| head`): stop quietly, as other tools do, with stdout
        # pointed at /dev/null so that flushing it at exit cannot fail a second time.
        _silence_stdout()
        return 1
    except KeyboardInterrupt:
        print(file=sys.stderr)  # end the line ^C was echoed on
        return 130


def _main(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    overrides = {
        name: getattr(args, name, None)
        for name in (
            "knowledge_dir",
            "api_base_url",
            "data_dir",
            "database_url",
            "webhook_url",
            "webhook_secret",
            "listen",
            "port",
            "metrics_port",
        )
    }
    if getattr(args, "watch", False):
        overrides["watch"] = True
    try:
        settings = Settings.load(os.environ, overrides)
    except ConfigError as error:
        print(f"kzun-bot: {error}", file=sys.stderr)
        return 2
    problem = _folder_problem(args, settings)
    if problem is not None:
        print(f"kzun-bot: {problem}", file=sys.stderr)
        return 2
    secrets = [settings.token] if settings.token else []
    setup_logging(settings.log_level, secrets, user_text=settings.log_user_text)
    command: Callable[[argparse.Namespace, Settings], int] = args.handler
    return command(args, settings)


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is no file (a test's capture): nothing to flush
        pass
    finally:
        os.close(devnull)


def _folder_problem(args: argparse.Namespace, settings: Settings) -> str | None:
    """Why the knowledge or the state folder cannot be used, or None. Said before the command
    starts, so a typo in a path is one clear line rather than a traceback or a list of problems."""
    if args.knowledge:
        folder = settings.knowledge_dir
        if not folder.exists():
            return f"the knowledge folder {folder} does not exist"
        if not folder.is_dir():
            return f"the knowledge folder {folder} is not a folder"
    if args.state and settings.token:  # without a token the command stops first, writing nothing
        folder = settings.data_dir
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=folder):
                pass
        except OSError as error:
            return f"the data folder {folder} cannot be written: {error.strerror}"
    return None


class _Parser(argparse.ArgumentParser):
    """Usage mistakes in one line that says where to look, instead of usage plus the error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date: use YYYY-MM-DD, such as 2025-03-02"
        ) from None


def _positive(value: str) -> int:
    number = int(value) if value.strip().lstrip("+").isdigit() else 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number above 0")
    return number


def _parser() -> argparse.ArgumentParser:
    # --knowledge-dir goes before or after the command: every command that answers takes it.
    # SUPPRESS keeps a subcommand's absent option from hiding one given before the command.
    knowledge = _Parser(add_help=False)
    knowledge.add_argument(
        "--knowledge-dir",
        type=Path,
        default=argparse.SUPPRESS,
        help="knowledge folder (env KZUN_KNOWLEDGE_DIR)",
    )
    parser = _Parser(
        prog="kzun-bot",
        description="A Telegram knowledge bot about Kazakhstan and the United Nations.",
    )
    parser.add_argument("--version", action="version", version=f"kzun-bot {__version__}")
    parser.add_argument(
        "--knowledge-dir", type=Path, help="knowledge folder (env KZUN_KNOWLEDGE_DIR)"
    )
    parser.set_defaults(knowledge=True, state=False)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help, parents=[knowledge])

    check = command("check", "validate the knowledge against the seed articles")
    check.set_defaults(handler=_check)

    calibrate = command("calibrate", "fit the confidence model of the knowledge")
    calibrate.set_defaults(handler=_calibrate)
    ask = command("ask", "print the reply to one question, or JSON lines from stdin")
    ask.add_argument("question", nargs="?", help="the question; omit with --json to read stdin")
    ask.add_argument("--lang", choices=("en", "ru", "kk"), help="preferred reply language")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.set_defaults(handler=_ask)

    shell = command("shell", "chat with the bot in this terminal (no token needed)")
    shell.add_argument("--lang", choices=("en", "ru", "kk"), help="preferred reply language")
    shell.set_defaults(handler=_shell)

    evaluate = command("eval", "score a labelled question file")
    evaluate.add_argument(
        "file", type=Path, nargs="?", help="YAML list of {q, expect|any|ood} items or dialogues"
    )
    evaluate.add_argument(
        "--adversarial", action="store_true", help="score generated near misses instead"
    )
    evaluate.set_defaults(handler=_eval)

    run = command("run", "run the Telegram bot (long polling, or a webhook)")
    _telegram_options(run)
    run.add_argument("--webhook-url", help="public HTTPS URL; enables webhook mode")
    run.add_argument("--webhook-secret", help="secret token (generated if not given)")
    run.add_argument("--listen", help="address of the web server (default 0.0.0.0)")
    run.add_argument("--port", type=int, help="port of the web server (default 8080)")
    run.add_argument("--metrics-port", type=int, help="serve /healthz and /metrics when polling")
    run.add_argument("--watch", action="store_true", help="reload knowledge when files change")
    run.set_defaults(handler=_run)

    today = command("today", "print the on-this-day post for a date")
    today.add_argument("--date", type=_date, help="YYYY-MM-DD (default today)")
    today.add_argument("--lang", choices=("en", "ru", "kk"), default="en")
    today.set_defaults(handler=_today)

    broadcast = command("broadcast", "deliver one day's post to subscribers now")
    _telegram_options(broadcast)
    broadcast.add_argument("--date", type=_date, help="YYYY-MM-DD (default today)")
    broadcast.set_defaults(handler=_broadcast)

    unanswered = command("unanswered", "questions the bot could not answer")
    _state_options(unanswered)
    unanswered.add_argument("--since", type=_date, help="YYYY-MM-DD")
    unanswered.add_argument(
        "--top", type=_positive, default=20, help="how many groups (default 20)"
    )
    unanswered.add_argument("--format", choices=("text", "yaml"), default="text")
    unanswered.set_defaults(handler=_unanswered, knowledge=False)

    db = command("db", "check the state database, or copy it to another")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_check = db_sub.add_parser("check", help="connectivity, schema version and row counts")
    _state_options(db_check)
    db_check.set_defaults(handler=_db_check, knowledge=False)
    db_copy = db_sub.add_parser("copy", help="copy every row to another database (rerunnable)")
    db_copy.add_argument(
        "--from", dest="source", required=True, help="sqlite:///… or postgresql://…"
    )
    db_copy.add_argument(
        "--to", dest="target", required=True, help="sqlite:///… or postgresql://…"
    )
    db_copy.set_defaults(handler=_db_copy, knowledge=False)
    return parser


def _telegram_options(parser: argparse.ArgumentParser) -> None:
    """Options of the commands that talk to Telegram and keep state in the data folder."""
    parser.add_argument("--api-base-url", help="Bot API address (env TELEGRAM_API_BASE_URL)")
    _state_options(parser)
    parser.set_defaults(state=True)


def _state_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, help="state folder (env KZUN_DATA_DIR)")
    parser.add_argument(
        "--database-url", help="postgresql://… or sqlite:///file (env KZUN_DATABASE_URL)"
    )


def _check(args: argparse.Namespace, settings: Settings) -> int:
    kb, problems = read_knowledge(settings.knowledge_dir)
    found, coverage = validate(kb, complete=not problems)
    problems += found + relation_clashes(kb)
    # Stale only matters of knowledge that is otherwise sound: a broken file is the problem.
    model = kb.confidence
    if model and not problems and model.fingerprint != fingerprint(settings.knowledge_dir):
        stale = "fit on other knowledge files: run `kzun-bot calibrate`"
        problems.append(Problem(settings.knowledge_dir / MODEL_FILE, 1, stale))
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


def _calibrate(args: argparse.Namespace, settings: Settings) -> int:
    from bot.commands.calibrate import run_calibration

    return run_calibration(settings.knowledge_dir)


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from bot.commands.evaluation import evaluate_file

    if args.file is None and not args.adversarial:
        print("kzun-bot eval: give a FILE, or --adversarial", file=sys.stderr)
        return 2
    return evaluate_file(settings, args.file, args.adversarial)


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.commands.run import run_bot

    return run_bot(settings)


def _today(args: argparse.Namespace, settings: Settings) -> int:
    from bot.commands.today import print_post

    return print_post(settings, args.date, args.lang)


def _broadcast(args: argparse.Namespace, settings: Settings) -> int:
    from bot.commands.broadcast import broadcast_once

    return broadcast_once(settings, args.date)


def _db_check(args: argparse.Namespace, settings: Settings) -> int:
    from bot.commands.db import check

    return check(settings)


def _db_copy(args: argparse.Namespace, settings: Settings) -> int:
    from bot.commands.db import copy

    return copy(settings, args.source, args.target)


def _unanswered(args: argparse.Namespace, settings: Settings) -> int:
    from bot.commands.unanswered import report

    return report(settings, since=args.since, top=args.top, output_format=args.format)
