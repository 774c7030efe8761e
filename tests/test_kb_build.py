"""`k17 kb build SOURCE`: a draft knowledge base from an announcement file or URL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
import yaml

from bot.cli import main
from bot.cli.errors import CliError
from bot.cli.knowledge_base import build_draft, read_source
from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.core.kbdraft import absolute_url, draft_knowledge, extract_dates, extract_links
from bot.core.knowledge import read_knowledge
from bot.core.notes.parse import parse_release_notes

ANNOUNCEMENT = DEFAULT_KNOWLEDGE_DIR / "sources" / "kubernetes-1.7-announcement.md"
RELEASE_NOTES = DEFAULT_KNOWLEDGE_DIR / "sources" / "kubernetes-1.7.0-release-notes.md"

SMALL = """\
---
title: "Kubernetes 9.9: Faster Everything"
date: 2031-05-04
url: /blog/2031/05/kubernetes-9-9
author: >
   Ada Lovelace (Analytical),
   Alan Turing (Bletchley)
---
Today we're announcing Kubernetes 9.9, with speed everywhere.

**What's New**
Speed:

- [Warp scheduling](/docs/warp/) is now stable.
- Pods start in half the time, see [the benchmark](https://example.org/bench?x=1&_ga=2.1).

**Get Involved**
Join us at [WarpCon](http://events.example.org/warpcon) in Lisbon Dec. 6-8.
[Talks](http://events.example.org/cfp) are due August 21.
"""


def test_draft_has_one_entry_per_bullet_and_paragraph_with_front_matter() -> None:
    draft = draft_knowledge(SMALL)
    assert draft.version == "9.9"
    assert draft.title == "Kubernetes 9.9: Faster Everything"
    assert draft.url == "https://kubernetes.io/blog/2031/05/kubernetes-9-9"
    assert draft.released is not None
    assert draft.released.isoformat() == "2031-05-04"
    assert draft.authors == ("Ada Lovelace (Analytical)", "Alan Turing (Bletchley)")
    sections = [(entry.section, entry.answer[:20]) for entry in draft.entries]
    assert sections == [
        ("Introduction", "Kubernetes 9.9 was a"),
        ("Introduction", "Today we're announci"),
        ("Speed", "<https://kubernetes."),
        ("Speed", "Pods start in half t"),
        ("Get Involved", "Join us at <http://e"),
    ]
    assert "Ada Lovelace (Analytical) and Alan Turing (Bletchley)" in draft.entries[0].answer
    assert "May 4, 2031" in draft.entries[0].answer


def test_draft_links_are_absolute_without_tracking_and_become_slack_links() -> None:
    draft = draft_knowledge(SMALL)
    warp = draft.entries[2]
    assert warp.title == "What is Warp scheduling?"
    assert warp.answer == "<https://kubernetes.io/docs/warp/|Warp scheduling> is now stable."
    assert [link.url for link in draft.entries[3].links] == ["https://example.org/bench?x=1"]
    assert [link.url for link in draft.links] == [
        "https://kubernetes.io/docs/warp/",
        "https://example.org/bench?x=1",
        "http://events.example.org/warpcon",
        "http://events.example.org/cfp",
    ]


def test_draft_extracts_dates() -> None:
    draft = draft_knowledge(SMALL)
    assert draft.dates == ("Dec. 6-8", "August 21")
    assert draft.entries[-1].dates == ("Dec. 6-8", "August 21")
    assert extract_dates("on June 30, 2017 and 2017-10-06") == ("June 30, 2017", "2017-10-06")


def test_draft_ids_are_slugs_and_unique() -> None:
    markdown = "- [Same thing](/a) one.\n- [Same thing](/b) two.\n- [Same thing](/c) three.\n"
    ids = [entry.id for entry in draft_knowledge(markdown).entries]
    assert ids == ["same-thing", "same-thing-2", "same-thing-3"]


def test_long_paragraph_is_cut_at_a_sentence_to_fit_an_answer() -> None:
    markdown = "This sentence is exactly long enough to matter here. " * 20
    [entry] = draft_knowledge(markdown).entries
    assert len(entry.answer) <= 600
    assert entry.answer.endswith("matter here.")


def test_announcement_draft_is_a_valid_knowledge_base(tmp_path: Path) -> None:
    text = build_draft(str(ANNOUNCEMENT))
    (tmp_path / "k17.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "synonyms.yaml").write_text("synonyms: {}\n", encoding="utf-8")
    (tmp_path / "events.yaml").write_text("events: []\n", encoding="utf-8")
    kb, problems = read_knowledge(tmp_path)
    assert [str(p) for p in problems] == []
    assert len(kb.entries) >= 35
    draft_urls = {link.url for entry in kb.entries for link in entry.links}
    announcement_urls = {link.url for link in extract_links(ANNOUNCEMENT.read_text())}
    assert announcement_urls <= draft_urls
    assert text.startswith("# Draft knowledge base for Kubernetes 1.7")
    assert (
        "Dates found (dated events belong in events.yaml): Dec. 6-8; August 21; October 6" in text
    )


def test_url_source_is_fetched_with_httpx() -> None:
    requested: list[str] = []

    def serve(request: httpx.Request) -> httpx.Response:
        requested.append(str(request.url))
        return httpx.Response(200, text=SMALL)

    text = build_draft("https://example.org/post.md", transport=httpx.MockTransport(serve))
    assert requested == ["https://example.org/post.md"]
    doc = yaml.safe_load(text)
    assert doc["release"]["version"] == "9.9"
    assert [entry["section"] for entry in doc["entries"]][-1] == "Get Involved"


@pytest.mark.parametrize(
    ("respond", "message"),
    [
        (lambda request: httpx.Response(404), "https://example.org/x.md: the server answered 404"),
        (
            lambda request: (_ for _ in ()).throw(httpx.ConnectError("refused", request=request)),
            "https://example.org/x.md: cannot be fetched (ConnectError: refused)",
        ),
        (
            lambda request: (_ for _ in ()).throw(httpx.ReadTimeout("slow", request=request)),
            "https://example.org/x.md: timed out after 15 s",
        ),
        (
            lambda request: httpx.Response(200, content=b"\xff\xfe\x00\x01"),
            "https://example.org/x.md: is not a text file",
        ),
    ],
)
def test_url_that_cannot_be_fetched_is_one_clear_error(
    respond: Callable[[httpx.Request], httpx.Response], message: str
) -> None:
    with pytest.raises(CliError) as raised:
        read_source("https://example.org/x.md", transport=httpx.MockTransport(respond))
    assert str(raised.value) == message


def test_build_prints_the_draft(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "build", str(ANNOUNCEMENT)]) == 0
    out = capsys.readouterr().out
    assert yaml.safe_load(out)["release"]["version"] == "1.7"


def test_build_writes_the_draft_and_never_overwrites_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "draft.yaml"
    assert main(["kb", "build", str(ANNOUNCEMENT), "-o", str(target)]) == 0
    assert yaml.safe_load(target.read_text())["entries"]
    target.write_text("curated by hand\n")
    assert main(["kb", "build", str(ANNOUNCEMENT), "-o", str(target)]) == 2
    assert target.read_text() == "curated by hand\n"
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == f"k17: {target} already exists; pass --force to overwrite it"
    assert main(["kb", "build", str(ANNOUNCEMENT), "-o", str(target), "--force"]) == 0
    assert target.read_text() != "curated by hand\n"


@pytest.mark.parametrize(
    ("make_source", "message"),
    [
        (lambda tmp: tmp / "missing.md", "no such file"),
        (lambda tmp: tmp, "is a directory, not a Markdown file"),
        (lambda tmp: _write(tmp / "binary.md", b"\x00\x01\x02"), "is not a text file"),
        (lambda tmp: _write(tmp / "latin1.md", "caf\xe9".encode("latin-1")), "is not UTF-8 text"),
        (lambda tmp: _write(tmp / "empty.md", b"\n\n"), "found no paragraphs or bullets"),
    ],
)
def test_unreadable_source_is_one_line_on_stderr(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    make_source: Callable[[Path], Path],
    message: str,
) -> None:
    source = make_source(tmp_path)
    assert main(["kb", "build", str(source)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"k17: {source}: {message}")
    assert len(captured.err.splitlines()) == 1
    assert "Traceback" not in captured.err


def test_only_files_and_http_urls_are_sources(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "build", "ftp://example.org/post.md"]) == 2
    assert capsys.readouterr().err == (
        "k17: ftp://example.org/post.md: only local files and http(s) URLs can be read\n"
    )


def test_absolute_url_keeps_fragments_and_absolute_links() -> None:
    assert absolute_url("/docs/a/#local") == "https://kubernetes.io/docs/a/#local"
    assert absolute_url("http://k8sport.org/") == "http://k8sport.org/"
    assert absolute_url("/x", "https://example.org/base/") == "https://example.org/x"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


SMALL_PAGE = """\
<!DOCTYPE html>
<html><head><title>Kubernetes 9.9: Faster Everything</title>
<script>var tracking = "[not](text)";</script></head>
<body><nav><a href="/docs/">Documentation</a></nav>
<article>
<h2>What&#8217;s New</h2>
<p>Today we&#8217;re announcing Kubernetes 9.9, with speed everywhere.</p>
<ul><li><a href="/docs/warp/">Warp scheduling</a> is now <b>stable</b>.</li>
<li>Pods start in half the time.</li></ul>
<h2>Get Involved</h2>
<p>Join us at <a href="http://events.example.org/warpcon">WarpCon</a> in Lisbon Dec. 6-8.</p>
</article>
<footer>© Example</footer></body></html>
"""


def test_an_html_page_is_drafted_from_its_text(tmp_path: Path) -> None:
    page = _write(tmp_path / "post", SMALL_PAGE.encode())  # no suffix: recognised by its text
    doc = yaml.safe_load(build_draft(str(page)))
    assert doc["release"]["version"] == "9.9"
    answers = [entry["answer"] for entry in doc["entries"]]
    assert "<https://kubernetes.io/docs/warp/|Warp scheduling> is now *stable*." in answers
    assert any("Lisbon Dec. 6-8" in answer for answer in answers)
    assert doc["entries"][-1]["section"] == "Get Involved"
    for furniture in ("tracking", "Documentation", "© Example"):
        assert furniture not in yaml.safe_dump(doc)


def test_a_url_serving_html_is_read_as_html() -> None:
    def serve(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text=SMALL_PAGE, headers={"content-type": "text/html"})

    text = build_draft("https://example.org/blog/post/", transport=httpx.MockTransport(serve))
    assert "Warp scheduling" in text


@pytest.mark.parametrize(
    "content",
    [
        "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n",
        '{"name": "k17", "version": "0.1.0"}\n',
        "[section]\nkey = value\n",
    ],
    ids=["passwd", "json", "ini"],
)
def test_what_is_not_markdown_or_html_is_refused(
    content: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write(tmp_path / "source", content.encode())
    assert main(["kb", "build", str(source)]) == 2
    assert capsys.readouterr().err == (
        f"k17: {source}: is not a Markdown or HTML document (no heading, link or HTML tag); "
        "k17 kb build drafts from a release announcement\n"
    )


def test_release_notes_draft_has_one_entry_per_note_and_no_comment_or_table_row(
    tmp_path: Path,
) -> None:
    text = build_draft(str(RELEASE_NOTES))
    entries = yaml.safe_load(text)["entries"]
    notes = parse_release_notes(RELEASE_NOTES.read_text(encoding="utf-8")).notes
    # A note listed under two headings is one entry.
    assert len(entries) == len({note.text.casefold() for note in notes})
    for entry in entries:
        assert "<!--" not in entry["title"] + entry["answer"], entry
        assert "sha256" not in entry["answer"], entry
        assert not entry["answer"].lstrip().startswith(("|", "filename", "--------")), entry
        assert ".tar.gz" not in entry["title"], entry
    portworx = next(e for e in entries if "Portworx" in e["answer"])
    assert portworx["section"] == "Action Required Before Upgrading › Storage"
    assert portworx["links"][0]["url"].startswith("https://github.com/kubernetes/kubernetes/pull/")
    assert portworx["links"][0]["url"] in portworx["answer"]
    (tmp_path / "k17.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "synonyms.yaml").write_text("synonyms: {}\n", encoding="utf-8")
    (tmp_path / "events.yaml").write_text("events: []\n", encoding="utf-8")
    _, problems = read_knowledge(tmp_path)
    # Braces a note writes in code (`kubectl exec {pod} kill 1`) are left for the curator.
    assert [str(p).rsplit(": ", 1)[1] for p in problems] == [
        "unknown placeholder {node-ip} (only {when} is filled in)",
        "unknown placeholder {pod} (only {when} is filled in)",
    ]


def test_release_notes_draft_says_kb_notes_already_answers_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["kb", "build", str(RELEASE_NOTES)]) == 0
    out = capsys.readouterr().out
    assert "generated by `k17 kb notes`" in out
    release = yaml.safe_load(out)["release"]
    assert release["version"] == "1.7"
    assert release["url"].endswith("CHANGELOG-1.7.md#v170")


def test_malformed_release_notes_are_one_clear_error(tmp_path: Path) -> None:
    source = tmp_path / "notes.md"
    source.write_text("# v9.9.0\n\nno list here\n", encoding="utf-8")
    with pytest.raises(CliError) as raised:
        build_draft(str(source))
    assert str(raised.value).startswith(f"{source}: ")
    assert "no release notes found" in str(raised.value)
