"""`k17 kb check` and `k17 kb build`: validate and self-test the knowledge base, draft a new one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

from bot.cli import calibration, lexicon, release_notes
from bot.cli.errors import CliError

FETCH_TIMEOUT_SECONDS = 15.0
MAX_SOURCE_BYTES = 5_000_000


def register(commands: Any) -> None:
    """Add `kb check`, `kb build` and `kb fit` to the parser."""
    kb = commands.add_parser("kb", help="check or draft the knowledge base")
    kb_commands = kb.add_subparsers(dest="kb_command", required=True, metavar="KB_COMMAND")

    check = kb_commands.add_parser(
        "check", help="validate every knowledge file and self-test titles and alternates"
    )
    add_knowledge_dir_argument(check)
    check.add_argument(
        "--verbose", "-v", action="store_true", help="also list phrasings only suggested"
    )
    check.set_defaults(run=run_check)

    build = kb_commands.add_parser(
        "build",
        help="draft knowledge-base YAML from an announcement in Markdown or HTML, or from "
        "release notes (a CHANGELOG section)",
    )
    build.add_argument("source", help="a Markdown or HTML file, or an http(s) URL to fetch")
    build.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write the draft here (default: stdout)"
    )
    build.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    build.add_argument(
        "--base-url",
        default=None,
        metavar="URL",
        help="where relative links point (default: https://kubernetes.io)",
    )
    build.set_defaults(run=run_build)
    release_notes.register(kb_commands)
    calibration.register(kb_commands, add_knowledge_dir_argument)
    lexicon.register(kb_commands)


def add_knowledge_dir_argument(parser: argparse.ArgumentParser) -> None:
    """`--dir DIR`: the knowledge directory to read instead of the configured one."""
    parser.add_argument(
        "--dir",
        "--knowledge",
        dest="directory",
        type=Path,
        metavar="DIR",
        help="knowledge directory (default: K17_KNOWLEDGE_DIR or the shipped knowledge/)",
    )


def run_check(args: argparse.Namespace) -> int:
    """Print every problem, or the counts and the self-test; exit 1 unless all is well."""
    from bot.core.kbcheck import check_knowledge
    from bot.core.librarian import check_notes_synonyms, check_restated_notes
    from bot.core.matcher import Matcher
    from bot.core.notes.fit import check_decision_file
    from bot.core.notes.generate import check_notes_file, load_notes_knowledge

    directory = knowledge_dir(args.directory)
    report = check_knowledge(directory, Matcher)
    notes_problems = check_notes_file(directory)
    problems = [
        *map(str, report.problems),
        *notes_problems,
        *check_decision_file(directory),
        # The synonyms are checked against the notes only once the notes file can be read.
        *([] if notes_problems else check_notes_synonyms(directory)),
        *([] if notes_problems or report.problems else check_restated_notes(directory, report.kb)),
    ]
    out = sys.stdout
    if problems:
        for problem in problems:
            out.write(f"{problem}\n")
        count = len(problems)
        out.write(f"knowledge base invalid: {count} problem{'s' if count != 1 else ''}\n")
        return 1
    kb = report.kb
    out.write(
        f"knowledge base OK: {len(kb.entries)} entries, {len(kb.synonyms)} synonyms, "
        f"{len(kb.events)} events\n"
    )
    notes = load_notes_knowledge(directory)
    if notes is not None:
        out.write(f"release notes OK: {len(notes.notes)} notes, {len(notes.downloads)} downloads\n")
    result = report.self_test
    if result is None:
        return 0
    out.write(result.summary() + "\n")
    for title, probes in (("collisions", result.collisions), ("missed", result.missed)):
        if probes:
            out.write(f"{title}:\n")
            out.writelines(f"  {probe}\n" for probe in probes)
    if result.top_candidate_only and args.verbose:
        out.write("top candidate only:\n")
        out.writelines(f"  {probe}\n" for probe in result.top_candidate_only)
    return 0 if result.passed else 1


def run_build(args: argparse.Namespace) -> int:
    """Draft knowledge-base YAML from SOURCE and write it to stdout or FILE."""
    from bot.core.kbdraft import DEFAULT_BASE_URL

    output: Path | None = args.output
    if output is not None and output.exists() and not args.force:
        raise CliError(f"{output} already exists; pass --force to overwrite it")
    text = build_draft(args.source, base_url=args.base_url or DEFAULT_BASE_URL)
    if output is None:
        sys.stdout.write(text)
        return 0
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise CliError(f"cannot write {output}: {error.strerror or error}") from None
    print(f"draft written to {output}", file=sys.stderr)
    return 0


def build_draft(
    source: str, *, base_url: str | None = None, transport: httpx.BaseTransport | None = None
) -> str:
    """The draft YAML for a Markdown file or http(s) URL; CliError with one line on failure."""
    from bot.core.kbdraft import (
        DEFAULT_BASE_URL,
        draft_knowledge,
        draft_release_notes,
        is_release_notes,
        render_draft,
    )
    from bot.core.notes.parse import NotesError

    markdown = read_source(source, transport=transport)
    if is_release_notes(markdown):
        try:
            draft = draft_release_notes(markdown)
        except NotesError as error:
            raise CliError(f"{source}: {'; '.join(error.problems[:3])}") from None
    else:
        draft = draft_knowledge(markdown, base_url or DEFAULT_BASE_URL)
    if not draft.entries:
        raise CliError(f"{source}: found no paragraphs or bullets to draft entries from")
    return render_draft(draft, source)


def read_source(source: str, *, transport: httpx.BaseTransport | None = None) -> str:
    """The Markdown text of a file or http(s) URL; an HTML page is read as Markdown."""
    if source.startswith(("http://", "https://")):
        return _as_markdown(source, *_fetch(source, transport))
    if "://" in source:
        raise CliError(f"{source}: only local files and http(s) URLs can be read")
    path = Path(source)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CliError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise CliError(f"{source}: is a directory, not a Markdown file") from None
    except OSError as error:
        raise CliError(f"{source}: cannot be read ({error.strerror or error})") from None
    return _as_markdown(source, _decode(data, source))


def _as_markdown(source: str, text: str, content_type: str = "") -> str:
    from bot.core.sources import document_kind, html_as_markdown

    kind = document_kind(text, source, content_type)
    if kind is None:
        raise CliError(
            f"{source}: is not a Markdown or HTML document (no heading, link or HTML tag); "
            "k17 kb build drafts from a release announcement"
        )
    return html_as_markdown(text) if kind == "html" else text


def _fetch(url: str, transport: httpx.BaseTransport | None) -> tuple[str, str]:
    import httpx  # only `kb build URL` needs it; `k17 ask` starts without it

    try:
        with httpx.Client(
            transport=transport, timeout=FETCH_TIMEOUT_SECONDS, follow_redirects=True
        ) as client:
            response = client.get(url, headers={"Accept": "text/markdown, text/plain, */*"})
    except httpx.TimeoutException:
        raise CliError(f"{url}: timed out after {FETCH_TIMEOUT_SECONDS:g} s") from None
    except httpx.HTTPError as error:
        raise CliError(f"{url}: cannot be fetched ({type(error).__name__}: {error})") from None
    if response.status_code != httpx.codes.OK:
        raise CliError(f"{url}: the server answered {response.status_code}")
    if len(response.content) > MAX_SOURCE_BYTES:
        raise CliError(f"{url}: larger than {MAX_SOURCE_BYTES // 1_000_000} MB")
    return _decode(response.content, url), response.headers.get("content-type", "")


def _decode(data: bytes, source: str) -> str:
    if b"\x00" in data[:4096]:
        raise CliError(f"{source}: is not a text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise CliError(f"{source}: is not UTF-8 text") from None


def knowledge_dir(directory: Path | None) -> Path:
    """The knowledge directory given, or the configured one."""
    if directory is None:
        from bot.config import Settings, environment

        return Settings.from_env(environment()).knowledge_dir
    if not directory.is_dir():
        raise CliError(f"{directory}: not a knowledge directory")
    return directory
