"""`k17 ask` and `k17 eval`: answer questions as k17 would in Slack, and score a question set."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli.errors import CliError
from bot.cli.moments import parse_now

if TYPE_CHECKING:
    from bot.core.answers import Reply
    from bot.core.knowledge import KnowledgeBase
    from bot.core.librarian import Librarian


def register(commands: Any) -> None:
    """Add `ask` and `eval` to the parser."""
    ask = commands.add_parser("ask", help="answer a question as k17 would in Slack")
    ask.add_argument("question", help="the question, or - to read one question per line")
    ask.add_argument("--json", action="store_true", help="one JSON object per line")
    _common_options(ask)
    ask.set_defaults(run=run_ask)

    evaluate = commands.add_parser("eval", help="score answers on a question set (YAML)")
    evaluate.add_argument("file", type=Path, help="questions with expected phrases, e.g. dev.yaml")
    evaluate.add_argument("--json", action="store_true", help="figures and failures as JSON")
    evaluate.add_argument(
        "--floor",
        type=Path,
        metavar="FLOOR.json",
        help='exit 1 if top1 is below, or wrong/false_answer above, {"top1", "wrong", '
        '"false_answer"} in this file',
    )
    _common_options(evaluate)
    evaluate.set_defaults(run=run_eval)


def _common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--now",
        type=parse_now,
        metavar="ISO-DATE",
        help="answer as of this date (midday UTC) or time (default: now), e.g. 2017-08-16",
    )
    parser.add_argument(
        "--knowledge",
        type=Path,
        metavar="DIR",
        help="knowledge directory (default: K17_KNOWLEDGE_DIR or the shipped knowledge/)",
    )


def _load(args: argparse.Namespace) -> tuple[KnowledgeBase, Librarian]:
    from bot.core.knowledge import load_knowledge
    from bot.core.librarian import build_librarian

    directory: Path | None = args.knowledge
    if directory is None:
        from bot.config import Settings, environment

        directory = Settings.from_env(environment()).knowledge_dir
    elif not directory.is_dir():
        raise CliError(f"{directory}: not a knowledge directory")
    kb = load_knowledge(directory)
    return kb, build_librarian(kb, directory)


def _now(args: argparse.Namespace) -> datetime:
    now: datetime | None = args.now
    return now if now is not None else datetime.now(UTC)


def run_ask(args: argparse.Namespace) -> int:
    """Answer one question, or one per line of standard input with `-`."""
    from bot.core.answers import render_reply
    from bot.core.evaluation import reply_record

    kb, matcher = _load(args)
    now = _now(args)
    # Reading standard input, a blank line separates questions; it is not one.
    questions = (
        (line.rstrip("\r\n") for line in sys.stdin if line.strip())
        if args.question == "-"
        else [args.question]
    )
    out = sys.stdout
    for question in questions:
        reply = render_reply(matcher.find_answer(question), kb, now)
        if args.json:
            out.write(json.dumps(reply_record(reply), ensure_ascii=False) + "\n")
            out.flush()
        else:
            out.write(_readable(reply) + "\n")
    return 0


def _readable(reply: Reply) -> str:
    from bot.core.librarian import answer_kind

    match = reply.match
    head = f"{match.status} (score {match.score:.1f})"
    if reply.entry is not None:
        head += f" · {reply.entry.id} ({answer_kind(reply.entry.id)})"
    elif match.reason:
        head += f" · {match.reason}"
    lines = [head, reply.text]
    for suggestion in reply.suggestions:
        lines.append(f"  - {suggestion.entry.id} (score {suggestion.score:.1f})")
    return "\n".join(lines) + "\n"


def run_eval(args: argparse.Namespace) -> int:
    """Score a question set per the evaluation rules; with --floor, fail below the floor."""
    from bot.core.answers import render_reply
    from bot.core.evaluation import QuestionSetError, read_question_set, reply_record, score_records

    doc = _read_yaml(args.file)
    try:
        questions = read_question_set(doc)
    except QuestionSetError as error:
        raise CliError(f"{args.file}: {error}") from None
    floor = _read_floor(args.floor) if args.floor is not None else None
    kb, matcher = _load(args)
    now = _now(args)
    records = [reply_record(render_reply(matcher.find_answer(q.q), kb, now)) for q in questions]
    figures = score_records(questions, records)
    if args.json:
        print(json.dumps(figures.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(_report(figures))
    if floor is None:
        return 0
    below = []
    if figures.top1 < floor["top1"]:
        below.append(f"top1 {figures.top1:.3f} < floor {floor['top1']}")
    if figures.wrong > floor["wrong"]:
        below.append(f"wrong {figures.wrong:.3f} > ceiling {floor['wrong']}")
    if figures.false_answer > floor["false_answer"]:
        below.append(f"false_answer {figures.false_answer:.3f} > ceiling {floor['false_answer']}")
    for problem in below:
        print(f"k17: answer quality regressed: {problem}", file=sys.stderr)
    return 1 if below else 0


def _read_yaml(path: Path) -> Any:
    import yaml

    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError:
        raise CliError(f"{path}: no such file") from None
    except (IsADirectoryError, PermissionError, UnicodeDecodeError) as error:
        raise CliError(f"{path}: cannot be read ({error.__class__.__name__})") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise CliError(f"{path}: not valid YAML{where}") from None


def _read_floor(path: Path) -> dict[str, float]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CliError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise CliError(f'{path}: not a JSON object like {{"top1": 0.95}}') from None
    keys = ("top1", "wrong", "false_answer")
    if not isinstance(doc, dict) or not all(
        isinstance(doc.get(k), int | float) and not isinstance(doc.get(k), bool) for k in keys
    ):
        raise CliError(f"{path}: needs numbers for {', '.join(keys)}")
    return {k: float(doc[k]) for k in keys}


def _report(figures: Any) -> str:
    lines = [
        f"in scope: {figures.in_scope}   out of scope: {figures.out_of_scope}",
        f"top1          {figures.top1:.3f}",
        f"suggested_ok  {figures.suggested_ok:.3f}",
        f"wrong         {figures.wrong:.3f}",
        f"false_answer  {figures.false_answer:.3f}",
        f"too_long      {figures.too_long}",
    ]
    if figures.failures:
        lines.append("")
        lines.append("failing questions:")
        for failure in figures.failures:
            detail = f"{failure.outcome:<12} {failure.status:<9} {failure.score:5.1f}"
            detail += f"  {failure.entry or '-':<28} {failure.question}"
            if failure.missing:
                detail += f"   (missing: {', '.join(failure.missing)})"
            lines.append(detail)
    return "\n".join(lines)
