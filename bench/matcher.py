"""Matcher speed on hard inputs: unseen chatty questions, dense knowledge bases, cold `k17 ask`.

Prints figures, asserts nothing. Targets: cold `k17 ask` <= 1.0 s; <= 1 ms per question on a
knowledge base of the shipped size and <= 10 ms on 5,000 entries.

The questions are never the knowledge base's own phrasings: they are composed by `chatty.py`
(openers, background, asks in everyday words, closers, typos, words no entry uses), and a third
of them ask about things the release does not cover. Besides the shipped knowledge base, two
synthetic ones are measured, as dense as the shipped one (as many alternates and keywords per
entry, answers as long): one of the shipped size and one of 5,000 entries. Each question is timed
alone after a warm-up pass; the figures are the median and p95 per question, each beside plain
`rapidfuzz.process.extractOne(question, titles, scorer=WRatio)` on the same questions (the floor
any fuzzy matcher pays) and the ratio of the medians.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from chatty import chatty_about, chatty_questions
from rapidfuzz import fuzz, process

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.core.answers import render_reply
from bot.core.knowledge import Entry, KnowledgeBase, load_knowledge
from bot.core.matcher import Matcher

ROOT = Path(__file__).resolve().parent.parent
COLD_RUNS = 7
LARGE = 5_000
QUESTIONS = 1_000


def cold_ask() -> list[float]:
    """Wall time of `python -m bot ask <a chatty question>` from process start to exit."""
    questions = chatty_questions(COLD_RUNS, random.Random(7))
    times = []
    for question in questions:
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bot", "ask", question],
            cwd=ROOT,
            # Empty: `k17 ask` reads no .env file, so a developer's settings never leak in.
            env={**os.environ, "K17_ENV_FILE": ""},
            capture_output=True,
            check=True,
        )
        times.append(time.perf_counter() - start)
    return times


def timed(run: Callable[[str], object], questions: Sequence[str]) -> list[float]:
    """Milliseconds for each question, timed alone, after one untimed pass over them all."""
    for question in questions:
        run(question)
    times = []
    for question in questions:
        start = time.perf_counter()
        run(question)
        times.append((time.perf_counter() - start) * 1000)
    return times


def p95(values: Sequence[float]) -> float:
    """The 95th percentile."""
    return statistics.quantiles(values, n=20)[-1]


def density(kb: KnowledgeBase) -> tuple[int, int, int]:
    """Mean alternates, keywords and answer words per entry."""
    entries = kb.entries
    return (
        round(statistics.mean(len(e.alternates) for e in entries)),
        round(statistics.mean(len(e.keywords) for e in entries)),
        round(statistics.mean(len(e.answer.split()) for e in entries)),
    )


def synthetic_kb(size: int, shipped: KnowledgeBase, rng: random.Random) -> KnowledgeBase:
    """`size` entries as dense as the shipped ones, over a vocabulary that grows with the size."""
    alternates, keywords, answer_words = density(shipped)
    real_words = sorted(
        {w for e in shipped.entries for w in e.answer.lower().split() if w.isalpha()}
    )
    letters = "abcdefghijklmnopqrstuvwxyz"
    made_up = ["".join(rng.choices(letters, k=rng.randint(4, 11))) for _ in range(size * 2)]
    vocabulary = real_words + made_up

    def sentence(n: int) -> str:
        return " ".join(rng.choices(vocabulary, k=n))

    entries = tuple(
        Entry(
            id=f"synthetic-{i}",
            title=f"What is {sentence(rng.randint(3, 7))}?",
            answer=sentence(answer_words),
            section="Synthetic",
            alternates=tuple(sentence(rng.randint(3, 12)) for _ in range(alternates)),
            keywords=tuple(rng.choices(vocabulary, k=keywords)),
        )
        for i in range(size)
    )
    return KnowledgeBase(entries=entries, synonyms=shipped.synonyms, events=shipped.events)


def questions_about(kb: KnowledgeBase, count: int, rng: random.Random) -> list[str]:
    """Chatty questions in words of entries' answers, never their phrasings; a third off-topic."""
    questions = []
    for i in range(count):
        if i % 3 == 2:
            questions.extend(chatty_questions(1, rng))  # off-topic for a synthetic knowledge base
            continue
        answer = rng.choice(kb.entries).answer.split()
        start = rng.randrange(len(answer) - 4)
        questions.append(chatty_about(answer[start : start + rng.randint(2, 4)], rng))
    return questions


def batch(name: str, kb: KnowledgeBase, questions: Sequence[str]) -> None:
    """Print k17's and plain extractOne's median and p95 per question, and their ratio."""
    start = time.perf_counter()
    matcher = Matcher(kb)
    built = time.perf_counter() - start
    now = datetime(2017, 7, 1, tzinfo=UTC)
    ours = timed(lambda q: render_reply(matcher.find_answer(q), kb, now), questions)
    titles = [e.title for e in kb.entries]
    plain = timed(lambda q: process.extractOne(q, titles, scorer=fuzz.WRatio), questions)
    alternates, _, _ = density(kb)
    print(
        f"{name}: {len(kb.entries)} entries, {alternates} alternates each, index built in "
        f"{built * 1000:.0f} ms; {len(questions)} distinct chatty questions:\n"
        f"    k17              median {statistics.median(ours):.3f} ms, p95 {p95(ours):.3f} ms\n"
        f"    plain extractOne median {statistics.median(plain):.3f} ms, p95 {p95(plain):.3f} ms\n"
        f"    ratio of medians {statistics.median(ours) / statistics.median(plain):.1f}x"
    )


def combined(name: str, kb: KnowledgeBase, questions: Sequence[str]) -> None:
    """Per-question median and mean with the release notes behind the curated entries."""
    import yaml

    from bot.core.librarian import Librarian, build_librarian

    start = time.perf_counter()
    notes = build_librarian(load_knowledge(DEFAULT_KNOWLEDGE_DIR), DEFAULT_KNOWLEDGE_DIR).notes
    librarian = Librarian(kb, notes)
    built = time.perf_counter() - start
    training = yaml.safe_load((DEFAULT_KNOWLEDGE_DIR / "training/release-notes.yaml").read_text())
    asked = [*questions, *(item["q"] for item in training)]
    now = datetime.now(UTC)
    times = []
    for question in asked:
        began = time.perf_counter()
        render_reply(librarian.find_answer(question), kb, now)
        times.append(time.perf_counter() - began)
    print(
        f"{name}: {len(kb.entries)} entries + {len(notes.knowledge.notes) if notes else 0} "
        f"release notes, built in {built * 1000:.0f} ms; {len(asked)} questions: "
        f"median {statistics.median(times) * 1000:.3f} ms, mean "
        f"{statistics.fmean(times) * 1000:.3f} ms, p99 "
        f"{sorted(times)[int(len(times) * 0.99)] * 1000:.3f} ms"
    )


def main() -> None:
    """Run every measurement and print the figures."""
    argparse.ArgumentParser(description=__doc__).parse_args()  # --help describes; no options
    rng = random.Random(17)
    times = cold_ask()
    print(
        f"cold `k17 ask` (chatty questions): median {statistics.median(times):.3f} s over "
        f"{COLD_RUNS} runs (min {min(times):.3f} s, max {max(times):.3f} s; target <= 1.0 s)"
    )
    shipped = load_knowledge(DEFAULT_KNOWLEDGE_DIR)
    batch("shipped knowledge base (target <= 1 ms)", shipped, chatty_questions(QUESTIONS, rng))
    small = synthetic_kb(len(shipped.entries), shipped, rng)
    batch("synthetic, shipped size (target <= 1 ms)", small, questions_about(small, QUESTIONS, rng))
    large = synthetic_kb(LARGE, shipped, rng)
    batch(
        f"synthetic, {LARGE:,} entries (target <= 10 ms)",
        large,
        questions_about(large, QUESTIONS // 2, rng),
    )
    combined(
        "combined knowledge, chatty questions (target <= 1 ms median)",
        shipped,
        chatty_questions(QUESTIONS, rng),
    )
    combined(
        f"synthetic {LARGE:,} entries with the release notes (target <= 10 ms)",
        large,
        questions_about(large, QUESTIONS // 4, rng),
    )


if __name__ == "__main__":
    main()
