"""The English words spelling correction leaves alone: shipped, current, enough to answer."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.matching import lexicon
from bot.core.matching.lexicon import (
    LEXICON_FILE,
    NEWER_WORDS,
    draft_lexicon,
    english_words,
    is_adverb,
    read_lexicon,
)

ROOT = Path(__file__).resolve().parent.parent


def test_the_shipped_word_list_is_what_pyspellchecker_gives_today() -> None:
    assert LEXICON_FILE.read_text(encoding="utf-8") == draft_lexicon()


def test_kb_lexicon_check_says_the_shipped_list_is_current(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["kb", "lexicon", "--check"]) == 0
    assert capsys.readouterr().out.strip().endswith("english-words.txt: current")


def test_an_edited_word_list_is_stale_and_regenerating_restores_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "english-words.txt"
    copy.write_text(LEXICON_FILE.read_text(encoding="utf-8") + "kubernetez\n", encoding="utf-8")
    monkeypatch.setattr(lexicon, "LEXICON_FILE", copy)

    assert main(["kb", "lexicon", "--check"]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "is stale: run `k17 kb lexicon`" in error

    assert main(["kb", "lexicon"]) == 0
    assert "18" in capsys.readouterr().out  # "…: 18926 words"
    assert copy.read_text(encoding="utf-8") == LEXICON_FILE.read_text(encoding="utf-8")


def test_the_list_holds_common_words_and_leaves_out_rare_ones() -> None:
    words = english_words()
    assert {"mailing", "internet", "pending", "network", "policy"} <= words
    assert "polices" not in words  # rare enough to be a typo of "policies"
    assert words == set(read_lexicon(LEXICON_FILE.read_text(encoding="utf-8"))) | NEWER_WORDS


def test_everyday_words_of_work_that_subtitles_rarely_say_are_english_too() -> None:
    assert {"app", "apps", "login", "browser"} <= english_words()


def test_answering_needs_no_spelling_dictionary_package() -> None:
    script = (
        "import sys\n"
        "from bot.cli import main\n"
        "main(['ask', 'is netwrok policy stable in 1.7'])\n"
        "assert 'spellchecker' not in sys.modules, 'answering imported pyspellchecker'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "answered" in done.stdout
    assert "NetworkPolicy" in done.stdout or "network polic" in done.stdout.lower()


@pytest.fixture
def lexicon_moved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The word list read from a path of the test's, its loaded copy forgotten before and after."""
    caches = [lexicon.english_words, lexicon.english_stems]
    caches += [lexicon._common_words, lexicon._common_stems]
    for cached in caches:
        cached.cache_clear()
    moved = tmp_path / "english-words.txt"
    monkeypatch.setattr(lexicon, "LEXICON_FILE", moved)
    yield moved
    for cached in caches:
        cached.cache_clear()


@pytest.mark.parametrize("content", [None, "# provenance only\n"])
def test_a_missing_or_empty_word_list_is_one_line_naming_the_command_that_remakes_it(
    lexicon_moved: Path, content: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    if content is not None:
        lexicon_moved.write_text(content, encoding="utf-8")
    assert main(["ask", "what is new in 1.7"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert str(lexicon_moved) in captured.err
    assert "run `k17 kb lexicon`" in captured.err


@pytest.mark.parametrize("word", ["heavily", "quickly", "publicly", "entirely", "fully"])
def test_an_adverb_of_an_english_word_is_read_as_one(word: str) -> None:
    assert is_adverb(word)


@pytest.mark.parametrize("word", ["only", "italy", "assembly", "anomaly", "kubectl", "fly"])
def test_words_that_only_end_like_an_adverb_are_not(word: str) -> None:
    assert not is_adverb(word)
